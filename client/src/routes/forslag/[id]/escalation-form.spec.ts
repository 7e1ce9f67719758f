import { describe, expect, it } from 'vitest';
import { escalationForm } from './escalation-form';

describe('the escalation panel’s form result', () => {
  it('is picked out of the page’s form results by its action', () => {
    expect(escalationForm(null)).toBeNull();
    expect(escalationForm({ frozen: 2 })).toBeNull();
    expect(escalationForm({ action: 'debate', message: 'x' })).toBeNull();
    const answered = { action: 'answer', answered: true };
    expect(escalationForm(answered)).toBe(answered);
    expect(escalationForm({ action: 'handOver', message: 'Nej' })?.message).toBe('Nej');
  });
});
