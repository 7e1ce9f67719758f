import { describe, expect, it } from 'vitest';
import { csvCell } from './decisions-csv';
import { mayAnswer, mayEscalate } from './escalation.policy';

describe('who may escalate', () => {
  it('is an author or a contact person of the forum', () => {
    expect(mayEscalate({ isAuthor: true, isContactPerson: false })).toBe(true);
    expect(mayEscalate({ isAuthor: false, isContactPerson: true })).toBe(true);
    expect(mayEscalate({ isAuthor: false, isContactPerson: false })).toBe(false);
  });
});

describe('who may answer or hand on an escalation', () => {
  it('is its assignee, or any process consultant; never someone who is not staff', () => {
    expect(mayAnswer({ staff: 'coCreator', isAssignee: true })).toBe(true);
    expect(mayAnswer({ staff: 'coCreator', isAssignee: false })).toBe(false);
    expect(mayAnswer({ staff: 'processConsultant', isAssignee: false })).toBe(true);
    // Someone who was assigned it but is no longer staff.
    expect(mayAnswer({ staff: null, isAssignee: true })).toBe(false);
  });
});

describe('a CSV cell', () => {
  it('is quoted when it must be, and never starts a formula', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
  });
});
