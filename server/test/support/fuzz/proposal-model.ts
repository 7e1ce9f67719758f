import {
  PROPOSAL_SUMMARY_MAX,
  PROPOSAL_TITLE_MAX,
  proposalDocumentLayout,
} from '@lokalforum/protocol';
import * as Y from 'yjs';
import { friendlyText } from './hostile-values';
import type { Random } from './random';

const { title: TITLE, summary: SUMMARY, body: BODY } = proposalDocumentLayout;

/** A Yjs update with what it was meant to be. */
export interface LabelledUpdate {
  kind: string;
  update: Uint8Array;
}

/**
 * A fuzz lane's picture of one proposal: the proposal's first state plus the
 * well-behaved edits this lane made, built with a real Y.Doc on the layout
 * (title/summary Y.Text, body Y.XmlFragment of TipTap nodes). Hostile changes
 * are made on a scratch copy (`scratch()`), so the model never holds them
 * and the next well-behaved edit depends only on what the server should have.
 */
export class ProposalModel {
  readonly doc = new Y.Doc();

  constructor(
    private readonly random: Random,
    base: Uint8Array,
  ) {
    this.doc.clientID = random.clientId();
    Y.applyUpdate(this.doc, base);
  }

  /** A change a well-behaved editor could make, applied to the model (or to `doc`). */
  benign(doc: Y.Doc = this.doc): LabelledUpdate {
    const random = this.random;
    const edit = random.weighted<[string, (doc: Y.Doc) => void]>([
      [5, ['paragraph', (doc) => appendBlock(doc, paragraph(friendlyText(random)))]],
      [1, ['heading', (doc) => appendBlock(doc, heading(random.int(2, 3), friendlyText(random)))]],
      [1, ['list', (doc) => appendBlock(doc, list(random, friendlyText(random)))]],
      [1, ['blockquote', (doc) => appendBlock(doc, blockquote(paragraph(friendlyText(random))))]],
      [6, ['type', (doc) => this.typeSomewhere(doc)]],
      [2, ['delete-text', (doc) => this.deleteSomewhere(doc)]],
      [2, ['format', (doc) => this.formatSomewhere(doc)]],
      [1, ['delete-block', (doc) => deleteBlock(random, doc)]],
      [2, ['title', (doc) => typePlain(random, doc.getText(TITLE), PROPOSAL_TITLE_MAX)]],
      [2, ['summary', (doc) => typePlain(random, doc.getText(SUMMARY), PROPOSAL_SUMMARY_MAX)]],
    ]);
    return { kind: `benign:${edit[0]}`, update: capture(doc, edit[1]) };
  }

  /** A copy of the model under another client id, for changes the model must not keep. */
  scratch(): Y.Doc {
    const copy = new Y.Doc();
    copy.clientID = this.random.clientId();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
    return copy;
  }

  /** Every text of the body (found without recursion: hostile bodies are deep). */
  texts(doc: Y.Doc = this.doc, limit = 200): Y.XmlText[] {
    const found: Y.XmlText[] = [];
    const stack: Y.XmlFragment[] = [doc.getXmlFragment(BODY)];
    while (stack.length > 0 && found.length < limit) {
      for (const child of stack.pop()!.toArray()) {
        if (child instanceof Y.XmlText) found.push(child);
        else if (child instanceof Y.XmlElement) stack.push(child);
      }
    }
    return found;
  }

  private typeSomewhere(doc: Y.Doc): void {
    const texts = this.texts(doc);
    if (texts.length === 0) return appendBlock(doc, paragraph(friendlyText(this.random)));
    const text = this.random.pick(texts);
    text.insert(this.random.int(0, text.length), ` ${friendlyText(this.random, 1)}`);
  }

  private deleteSomewhere(doc: Y.Doc): void {
    const texts = this.texts(doc).filter((t) => t.length > 0);
    if (texts.length === 0) return;
    const text = this.random.pick(texts);
    const at = this.random.int(0, text.length - 1);
    text.delete(at, this.random.int(1, Math.min(5, text.length - at)));
  }

  private formatSomewhere(doc: Y.Doc): void {
    const texts = this.texts(doc).filter((t) => t.length > 1);
    if (texts.length === 0) return;
    const text = this.random.pick(texts);
    const at = this.random.int(0, text.length - 2);
    const mark = this.random.pick([
      { bold: {} },
      { italic: {} },
      { link: { href: 'https://example.org/sti' } },
      { link: { href: 'mailto:forening@example.org' } },
    ]);
    text.format(at, this.random.int(1, text.length - at), mark);
  }
}

/** Runs `change` in one transaction and returns the update it made. */
export function capture(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.transact(() => change(doc));
  return Y.encodeStateAsUpdate(doc, before);
}

/** Each transaction of `change` as an update of its own, in order. */
export function captureEach(doc: Y.Doc, changes: ((doc: Y.Doc) => void)[]): Uint8Array[] {
  return changes.map((change) => capture(doc, change));
}

export function appendBlock(doc: Y.Doc, block: Y.XmlElement): void {
  const body = doc.getXmlFragment(BODY);
  body.insert(body.length, [block]);
}

function deleteBlock(random: Random, doc: Y.Doc): void {
  const body = doc.getXmlFragment(BODY);
  // Keep a few blocks, so typing has somewhere to go.
  if (body.length > 3) body.delete(random.int(0, body.length - 1), 1);
}

function typePlain(random: Random, text: Y.Text, max: number): void {
  if (text.length > max - 20 || random.chance(0.2)) {
    if (text.length > 2) text.delete(random.int(0, text.length - 2), 1);
    return;
  }
  text.insert(random.int(0, text.length), ` ${friendlyText(random, 1)}`);
}

export function paragraph(content: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  text.insert(0, content);
  element.insert(0, [text]);
  return element;
}

function heading(level: number, content: string): Y.XmlElement {
  const element = new Y.XmlElement('heading');
  element.setAttribute('level', level as unknown as string);
  const text = new Y.XmlText();
  text.insert(0, content);
  element.insert(0, [text]);
  return element;
}

function list(random: Random, content: string): Y.XmlElement {
  const element = new Y.XmlElement(random.chance(0.5) ? 'bulletList' : 'orderedList');
  const item = new Y.XmlElement('listItem');
  item.insert(0, [paragraph(content)]);
  element.insert(0, [item]);
  return element;
}

function blockquote(inner: Y.XmlElement): Y.XmlElement {
  const element = new Y.XmlElement('blockquote');
  element.insert(0, [inner]);
  return element;
}
