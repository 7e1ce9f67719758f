import { describe, expect, it } from 'vitest';
import { defaultName, roleOf } from './people.service';

describe('roleOf', () => {
  it('ranks administrator over staff over contact person over citizen', () => {
    expect(roleOf(true, { kind: 'coCreator' }, [])).toBe('administrator');
    expect(roleOf(false, { kind: 'processConsultant' }, [{ isContactPerson: true }])).toBe(
      'processConsultant',
    );
    expect(roleOf(false, null, [{ isContactPerson: false }, { isContactPerson: true }])).toBe(
      'contactPerson',
    );
    expect(roleOf(false, null, [{ isContactPerson: false }])).toBe('citizen');
  });
});

describe('defaultName', () => {
  it('makes a readable name from an e-mail address', () => {
    expect(defaultName('anne.marie-hansen@example.org')).toBe('Anne Marie Hansen');
    expect(defaultName('x@example.org')).toBe('X');
  });
});
