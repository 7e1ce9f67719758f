import { Logger } from '@nestjs/common';
import { type MockInstance, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { CollabHooks, StoreBatch } from './collab-hooks';
import { DocumentPersistence, type StoreTimings } from './document-persistence';

const TIMINGS: StoreTimings = { debounceMs: 50, maxDebounceMs: 250, textEveryMs: 1_000 };

/** Hooks that record every write (the database is replaced: this is about when writes happen). */
function recordingHooks() {
  const writes: (StoreBatch<string> & { at: number })[] = [];
  const hooks = {
    failNext: 0,
    renderFails: false,
    render: (_name: string, doc: Y.Doc) => {
      if (hooks.renderFails) throw new RangeError('Maximum call stack size exceeded');
      return doc.getText('title').toJSON();
    },
    store: (_name: string, batch: StoreBatch<string>) => {
      if (hooks.failNext > 0) {
        hooks.failNext--;
        return Promise.reject(new Error('database down'));
      }
      writes.push({ ...batch, at: performance.now() });
      return Promise.resolve();
    },
  };
  return { hooks, writes };
}

describe('DocumentPersistence', () => {
  let doc: Y.Doc;
  let updates: Uint8Array[];
  let errors: MockInstance;
  let warnings: MockInstance;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    errors = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    warnings = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    doc = new Y.Doc();
    updates = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  function persistence(hooks: ReturnType<typeof recordingHooks>['hooks']) {
    return new DocumentPersistence(
      'proposal:x',
      doc,
      hooks as unknown as CollabHooks,
      TIMINGS,
      new Logger('test'),
    );
  }

  /** Types one character and hands its update over, as SharedDocument does. */
  function type(p: DocumentPersistence, text: string) {
    doc.getText('title').insert(doc.getText('title').length, text);
    p.add(updates.at(-1)!, 'user-1');
  }

  it('writes a burst once the typing pauses, as one update with its text', async () => {
    const { hooks, writes } = recordingHooks();
    const p = persistence(hooks);
    for (const letter of 'abcde') {
      type(p, letter);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(writes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(TIMINGS.debounceMs);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.authors).toEqual(['user-1']);
    expect(writes[0]!.rendered).toBe('abcde');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, writes[0]!.update!);
    expect(copy.getText('title').toJSON()).toBe('abcde');
  });

  it('writes at least once per ceiling while the typing goes on, the text at most once per textEveryMs', async () => {
    const { hooks, writes } = recordingHooks();
    const p = persistence(hooks);
    for (let i = 0; i < 150; i++) {
      type(p, 'x');
      await vi.advanceTimersByTimeAsync(10);
    }
    // 1.5 s of typing with 10 ms gaps: one write per 250 ms ceiling.
    expect(writes.length).toBeGreaterThanOrEqual(5);
    expect(writes.length).toBeLessThanOrEqual(7);
    for (const [i, w] of writes.entries()) {
      if (i > 0)
        expect(w.at - writes[i - 1]!.at).toBeGreaterThanOrEqual(TIMINGS.maxDebounceMs - 10);
    }
    const texts = writes.filter((w) => w.rendered !== null);
    expect(texts.length).toBe(2);
    expect(texts[1]!.at - texts[0]!.at).toBeGreaterThanOrEqual(TIMINGS.textEveryMs);
    // Once the typing stops: the last batch, then the text on its own when it is due.
    await vi.advanceTimersByTimeAsync(TIMINGS.textEveryMs);
    const last = writes.at(-1)!;
    expect(last.update).toBeNull();
    expect(last.rendered).toBe('x'.repeat(150));
    expect(writes.filter((w) => w.update).every((w) => w.authors.length <= 1)).toBe(true);
  });

  it('keeps a batch the database refused and writes it again, text included', async () => {
    const { hooks, writes } = recordingHooks();
    hooks.failNext = 1;
    const p = persistence(hooks);
    type(p, 'a');
    await vi.advanceTimersByTimeAsync(TIMINGS.debounceMs);
    expect(writes).toHaveLength(0);
    type(p, 'b');
    await vi.advanceTimersByTimeAsync(1_000 + TIMINGS.debounceMs);
    expect(writes).toHaveLength(1);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, writes[0]!.update!);
    expect(copy.getText('title').toJSON()).toBe('ab');
    expect(writes[0]!.rendered).toBe('ab');
    expect(writes[0]!.authors).toEqual(['user-1']);
  });

  it('stores the updates when rendering the text throws, and tries the text again later', async () => {
    const { hooks, writes } = recordingHooks();
    hooks.renderFails = true;
    const p = persistence(hooks);
    type(p, 'a');
    await vi.advanceTimersByTimeAsync(TIMINGS.debounceMs);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.update).not.toBeNull();
    expect(writes[0]!.rendered).toBeNull();
    hooks.renderFails = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes.at(-1)).toMatchObject({ update: null, rendered: 'a' });
  });

  it('catches a render that throws synchronously in its timer and a store that rejects, logs both and tries again', async () => {
    const { hooks, writes } = recordingHooks();
    hooks.renderFails = true;
    hooks.failNext = 2;
    const p = persistence(hooks);
    type(p, 'a');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(warnings).toHaveBeenCalled();
    expect(errors).toHaveBeenCalledTimes(2);
    expect(writes.filter((w) => w.update)).toHaveLength(1);
    hooks.renderFails = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes.at(-1)!.rendered).toBe('a');
    expect(await p.flush()).toBe(true);
    p.dispose();
  });

  it('writes everything, text included, when closed; false while the database refuses', async () => {
    const { hooks, writes } = recordingHooks();
    const p = persistence(hooks);
    type(p, 'a');
    await vi.advanceTimersByTimeAsync(TIMINGS.debounceMs);
    type(p, 'b');
    hooks.failNext = 1;
    expect(await p.close()).toBe(false);
    expect(await p.close()).toBe(true);
    expect(writes.at(-1)!.rendered).toBe('ab');
    p.dispose();
  });
});
