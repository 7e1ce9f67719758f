import { describe, expect, it } from 'vitest';
import { clientCommandNames, clientCommandSchemas } from './realtime.js';

describe('client command schemas', () => {
  it('exist for every command and refuse anything but one plain object', () => {
    expect(clientCommandNames.length).toBeGreaterThanOrEqual(13);
    for (const name of clientCommandNames) {
      for (const payload of [undefined, null, 'x', 1, [], { unknownField: true }]) {
        expect(clientCommandSchemas[name].safeParse(payload).success, `${name}`).toBe(false);
      }
    }
  });

  it('trims texts and caps their length', () => {
    const create = clientCommandSchemas['debate.create'];
    expect(create.parse({ slug: 'tuse', title: '  Titel ', body: ' Tekst ' })).toEqual({
      slug: 'tuse',
      title: 'Titel',
      body: 'Tekst',
    });
    expect(create.safeParse({ slug: 'tuse', title: 'x'.repeat(201), body: 'b' }).success).toBe(
      false,
    );
    expect(
      clientCommandSchemas['comment.create'].safeParse({
        debateId: '00000000-0000-4000-8000-000000000000',
        body: 'x'.repeat(5001),
      }).success,
    ).toBe(false);
  });

  it('needs a change to edit a debate', () => {
    const edit = clientCommandSchemas['debate.edit'];
    const debateId = '00000000-0000-4000-8000-000000000000';
    expect(edit.safeParse({ debateId }).success).toBe(false);
    expect(edit.safeParse({ debateId, title: 'Ny' }).success).toBe(true);
  });
});
