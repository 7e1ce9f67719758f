import type { ProposalDetail } from '@lokalforum/protocol';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openEditor } from '../collab';
import { plainTextOf } from './bystanders';
import type { FuzzProposal } from './fuzz-world';

/** How one proposal fared, read back after the fuzzing (and a restart). */
export interface DocumentCheck {
  id: string;
  /** GET /api/proposals/:id */
  api: number | string;
  /** GET /forslag/:id, the page a person opens; null without a client build. */
  page: number | string | null;
  /** A fresh stock provider: 'synced', or why not. */
  collab: string;
  /** POST /api/proposals/:id/versions: freezing renders and hashes the whole text. */
  freeze: number | string;
  /** Words the bystander typed that the API's text or the fresh provider lacks. */
  missingWords: number;
}

const CLIENT_BUILD = resolve(__dirname, '../../../../client/build/handler.js');
const TIMEOUT_MS = 20_000;

/** Does /health answer, and how fast. */
export async function checkHealth(url: string): Promise<{ status: number | string; ms: number }> {
  const started = Date.now();
  const status = await statusOf(
    fetch(`${url}/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) }),
  );
  return { status, ms: Date.now() - started };
}

/** Loads and renders `proposal` every way a person or a client would. */
export async function checkDocument(
  url: string,
  proposal: FuzzProposal,
  {
    readerToken,
    memberToken,
    words,
  }: { readerToken: string; memberToken: string; words: string[] },
): Promise<DocumentCheck> {
  const missing = new Set<string>();
  const detail = await fetch(`${url}/api/proposals/${proposal.id}`, {
    signal: AbortSignal.timeout(TIMEOUT_MS),
  }).catch((err: unknown) => err);
  let api: number | string;
  if (detail instanceof Response) {
    api = detail.status;
    const body = (await detail.json().catch(() => null)) as ProposalDetail | null;
    for (const word of words) if (!body?.text?.includes(word)) missing.add(word);
  } else {
    api = describe(detail);
  }
  const page = existsSync(CLIENT_BUILD)
    ? await statusOf(
        fetch(`${url}/forslag/${proposal.id}`, { signal: AbortSignal.timeout(TIMEOUT_MS) }),
      )
    : null;
  const collab = await loadThroughCollab(url, proposal.docName, readerToken, words, missing);
  const freeze = await statusOf(
    fetch(`${url}/api/proposals/${proposal.id}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${memberToken}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }),
  );
  return { id: proposal.id, api, page, collab, freeze, missingWords: missing.size };
}

async function loadThroughCollab(
  url: string,
  docName: string,
  token: string,
  words: string[],
  missing: Set<string>,
): Promise<string> {
  const editor = openEditor(url, docName, token);
  const closes: number[] = [];
  editor.provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closes.push(event.code);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const synced = await Promise.race([
      editor.synced().then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), TIMEOUT_MS))),
    ]);
    if (!synced)
      return `not synced within ${TIMEOUT_MS} ms (closes: ${closes.join(', ') || 'none'})`;
    const text = plainTextOf(editor.doc);
    for (const word of words) if (!text.includes(word)) missing.add(word);
    return 'synced';
  } finally {
    clearTimeout(timer);
    editor.destroy();
  }
}

async function statusOf(response: Promise<Response>): Promise<number | string> {
  try {
    const res = await response;
    await res.arrayBuffer();
    return res.status;
  } catch (err) {
    return describe(err);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** The checks a run must pass, as a list of what broke (empty: all held). */
export function brokenGuarantees(documents: DocumentCheck[]): string[] {
  const broken: string[] = [];
  for (const d of documents) {
    if (d.api !== 200) broken.push(`proposal ${d.id}: the API answered ${d.api}`);
    if (d.page !== null && d.page !== 200)
      broken.push(`proposal ${d.id}: the page answered ${d.page}`);
    if (d.collab !== 'synced') broken.push(`proposal ${d.id}: /collab ${d.collab}`);
    if (typeof d.freeze !== 'number' || d.freeze >= 500) {
      broken.push(`proposal ${d.id}: freezing answered ${d.freeze}`);
    }
    if (d.missingWords > 0) broken.push(`proposal ${d.id}: ${d.missingWords} bystander words lost`);
  }
  return broken;
}
