import { type Debate, proposalDocumentLayout } from '@lokalforum/protocol';
import * as Y from 'yjs';
import { type Editor, openEditor } from '../collab';
import { command, connect, type RealtimeClient } from '../realtime';

/** How often the bystander editors type a word. */
const TYPE_EVERY_MS = 150;
/** Debate posts are limited to 10 a minute per person: stay under it. */
const POST_EVERY_MS = 6_500;

export interface BystanderSetup {
  url: string;
  docNames: string[];
  /** A member who may edit the proposals. */
  editorToken: string;
  /** Two members of `slug`: one posts debates, one watches the room. */
  posterToken: string;
  observerToken: string;
  slug: string;
}

export interface BystanderReport {
  editors: { docName: string; words: number; disconnects: number; closeCodes: number[] }[];
  posts: { acknowledged: number; refused: string[]; received: number; missing: number };
  observerDisconnects: string[];
}

/**
 * Well-behaved clients that use the service while the fuzzer attacks it: a
 * stock y-websocket provider typing into each fuzzed proposal, and two
 * socket.io-client connections, one posting debates and one receiving them.
 * What they did is what the checks afterwards expect to find.
 */
export class Bystanders {
  private typing = true;
  private readonly loops: Promise<void>[] = [];
  private readonly typed = new Map<string, string[]>();
  private readonly editorStats = new Map<string, { disconnects: number; closeCodes: number[] }>();
  private readonly posted: string[] = [];
  private readonly refused: string[] = [];
  private readonly received = new Set<string>();
  private readonly observerDisconnects: string[] = [];

  private constructor(
    private readonly setup: BystanderSetup,
    private readonly editors: Editor[],
    private readonly poster: RealtimeClient,
    private readonly observer: RealtimeClient,
  ) {}

  static async start(setup: BystanderSetup): Promise<Bystanders> {
    const editors = setup.docNames.map((name) => openEditor(setup.url, name, setup.editorToken));
    await Promise.all(editors.map((e) => e.synced()));
    const observer = await connect(setup.url, { token: setup.observerToken });
    const poster = await connect(setup.url, { token: setup.posterToken });
    const joined = await command(observer, 'forum.join', { slug: setup.slug });
    if (!joined.ok) throw new Error(`observer could not join: ${JSON.stringify(joined.error)}`);
    const bystanders = new Bystanders(setup, editors, poster, observer);
    bystanders.begin();
    return bystanders;
  }

  /** Every word typed into `docName` so far. */
  words(docName: string): string[] {
    return this.typed.get(docName) ?? [];
  }

  private begin(): void {
    this.observer.on('debate.created', ({ debate }: { debate: Debate }) =>
      this.received.add(debate.id),
    );
    this.observer.on('disconnect', (reason) => this.observerDisconnects.push(reason));
    this.editors.forEach((editor, i) => {
      const name = this.setup.docNames[i]!;
      const stats = { disconnects: 0, closeCodes: [] as number[] };
      this.editorStats.set(name, stats);
      editor.provider.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected') stats.disconnects++;
      });
      editor.provider.on('connection-close', (event: { code: number } | null) => {
        if (event) stats.closeCodes.push(event.code);
      });
      this.loops.push(this.type(editor, name, i));
    });
    this.loops.push(this.post());
  }

  private async type(editor: Editor, docName: string, i: number): Promise<void> {
    const words: string[] = [];
    this.typed.set(docName, words);
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    const body = editor.doc.getXmlFragment(proposalDocumentLayout.body);
    body.insert(body.length, [paragraph]);
    for (let n = 0; this.typing; n++) {
      const word = `[tilskuer${i}-${n}]`;
      text.insert(text.length, word);
      words.push(word);
      await sleep(TYPE_EVERY_MS);
    }
  }

  private async post(): Promise<void> {
    for (let n = 0; this.typing; n++) {
      await this.postOne(`Tilskuerdebat ${n}`);
      for (let waited = 0; this.typing && waited < POST_EVERY_MS; waited += 100) await sleep(100);
    }
  }

  private async postOne(title: string): Promise<void> {
    try {
      const result = await command(this.poster, 'debate.create', {
        slug: this.setup.slug,
        title,
        body: 'Et almindeligt indlæg under fuzzing.',
      });
      if (result.ok) this.posted.push(result.debate.id);
      else this.refused.push(result.error.code);
    } catch (err) {
      this.refused.push(err instanceof Error ? err.message : String(err));
    }
  }

  /** Stops typing and posting, posts once more, and waits (a while) for everything to arrive. */
  async stop(timeoutMs = 15_000): Promise<BystanderReport> {
    this.typing = false;
    await Promise.all(this.loops);
    await this.postOne('Tilskuerdebat efter fuzzing');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.posted.some((id) => !this.received.has(id)))
      await sleep(50);
    const report: BystanderReport = {
      editors: this.setup.docNames.map((docName) => ({
        docName,
        words: this.words(docName).length,
        disconnects: this.editorStats.get(docName)!.disconnects,
        closeCodes: [...this.editorStats.get(docName)!.closeCodes],
      })),
      posts: {
        acknowledged: this.posted.length,
        refused: [...this.refused],
        received: this.posted.filter((id) => this.received.has(id)).length,
        missing: this.posted.filter((id) => !this.received.has(id)).length,
      },
      observerDisconnects: [...this.observerDisconnects],
    };
    return report;
  }

  /** Closes every bystander connection. */
  async destroy(): Promise<void> {
    for (const editor of this.editors) editor.destroy();
    this.poster.close();
    this.observer.close();
    await sleep(0);
  }
}

/** Every character of a document's texts, found without recursion (hostile bodies are deep). */
export function plainTextOf(doc: Y.Doc): string {
  const parts = [
    doc.getText(proposalDocumentLayout.title).toJSON(),
    doc.getText(proposalDocumentLayout.summary).toJSON(),
  ];
  const stack: Y.XmlFragment[] = [doc.getXmlFragment(proposalDocumentLayout.body)];
  while (stack.length > 0) {
    for (const child of stack.pop()!.toArray()) {
      if (child instanceof Y.XmlElement) stack.push(child);
      else if (child instanceof Y.XmlText) {
        for (const op of child.toDelta() as { insert?: unknown }[]) {
          if (typeof op.insert === 'string') parts.push(op.insert);
        }
      }
    }
  }
  return parts.join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
