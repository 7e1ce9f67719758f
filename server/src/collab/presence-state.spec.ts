import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type PresenceIdentity, presenceState } from './presence-state';

const anne: PresenceIdentity = { id: 'u-anne', name: 'Anne', role: 'member' };

/** A caret as y-prosemirror writes it, through JSON as it travels. */
function caret() {
  const doc = new Y.Doc();
  const body = doc.getXmlFragment('body');
  body.insert(0, [new Y.XmlText('hej')]);
  const text = body.get(0) as Y.XmlText;
  const anchor = Y.createRelativePositionFromTypeIndex(text, 1);
  const head = Y.createRelativePositionFromTypeIndex(body, 0, -1);
  return JSON.parse(JSON.stringify({ anchor, head })) as Record<string, unknown>;
}

describe('presenceState', () => {
  it('puts the session’s person in `user`, keeping only a valid colour of the client', () => {
    expect(
      presenceState(
        { user: { id: 'u-bent', name: 'Bent', role: 'coCreator', color: '#A0b1C2', x: 1 } },
        anne,
        true,
      ),
    ).toEqual({ user: { id: 'u-anne', name: 'Anne', role: 'member', color: '#A0b1C2' } });
    for (const color of ['red', '#abc', '#abcdefff', 'url(x)', 7, null]) {
      expect(presenceState({ user: { color } }, anne, true)).toEqual({ user: anne });
    }
    expect(presenceState({}, anne, true)).toEqual({ user: anne });
    expect(presenceState({ user: 'Bent' }, anne, true)).toEqual({ user: anne });
  });

  it('keeps a y-prosemirror caret as Yjs reads it, and drops every other field', () => {
    const cursor = caret();
    const state = presenceState({ cursor, selection: [1, 2], html: '<b>', user: {} }, anne, true);
    expect(state).toEqual({ user: anne, cursor });
    // What is kept is what Yjs turns back into positions.
    expect(Y.createRelativePositionFromJSON(state.cursor!.anchor)).toEqual(
      Y.createRelativePositionFromJSON(cursor.anchor),
    );
    // relativePositionToJSON leaves null fields out; that is a caret too.
    const sparse = { anchor: { tname: 'body', assoc: 0 }, head: { item: { client: 1, clock: 2 } } };
    expect(presenceState({ cursor: sparse }, anne, true).cursor).toEqual(sparse);
  });

  it('drops a caret that is not two relative positions, and a visitor’s caret', () => {
    const bad = [
      null,
      { index: 4 },
      { anchor: { tname: 'body' } },
      { anchor: { item: { client: -1, clock: 0 } }, head: {} },
      { anchor: { item: { client: 1, clock: '2' } }, head: {} },
      { anchor: { tname: 'x'.repeat(101) }, head: {} },
      { anchor: { assoc: 0.5 }, head: {} },
      { anchor: [], head: {} },
    ];
    for (const cursor of bad) expect(presenceState({ cursor }, anne, true)).toEqual({ user: anne });
    const visitor = { ...anne, role: 'visitor' as const };
    expect(presenceState({ cursor: caret() }, visitor, false)).toEqual({ user: visitor });
  });
});
