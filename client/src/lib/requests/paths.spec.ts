import { describe, expect, it } from 'vitest';
import { parseRecipient, recipientParam, writeTo } from './paths';

const id = '3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b';

describe('request paths', () => {
  it('round-trips every kind of recipient', () => {
    for (const to of [
      { kind: 'staff', userId: id },
      { kind: 'partner', partnerId: id },
      { kind: 'contactPerson', forum: 'tuse-naes', userId: id },
    ] as const) {
      expect(parseRecipient(recipientParam(to))).toEqual(to);
    }
  });

  it('refuses anything else', () => {
    for (const value of [
      null,
      '',
      'staff',
      'staff:x',
      `staff:${id}:more`,
      `admin:${id}`,
      `contactPerson:Bad Slug:${id}`,
    ]) {
      expect(parseRecipient(value)).toBeNull();
    }
  });

  it('carries the forum and a start of the text', () => {
    const path = writeTo({ kind: 'staff', userId: id }, 'jyderup', {
      subject: 'Idé',
      text: 'En sø & en sti',
    });
    const url = new URL(path, 'http://x');
    expect(url.pathname).toBe('/henvendelser/ny');
    expect(url.searchParams.get('forum')).toBe('jyderup');
    expect(url.searchParams.get('tekst')).toBe('En sø & en sti');
  });
});
