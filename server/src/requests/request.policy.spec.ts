import { describe, expect, it } from 'vitest';
import {
  answersForRecipient,
  type RequestFacts,
  requestPermissions,
  requestRole,
} from './request.policy';

const nobody: RequestFacts = {
  isRequester: false,
  isParticipant: false,
  isHolder: false,
  staff: null,
  coversArea: false,
  recipientKind: 'staff',
};

describe('request policy', () => {
  it('hides a request from everyone outside it, staff of other areas included', () => {
    expect(requestPermissions(nobody).view).toBe(false);
    expect(requestPermissions({ ...nobody, staff: 'coCreator' }).view).toBe(false);
    // Covering the area means nothing for a request to a partner.
    expect(
      requestPermissions({
        ...nobody,
        staff: 'coCreator',
        coversArea: true,
        recipientKind: 'partner',
      }).view,
    ).toBe(false);
  });

  it('lets the requester read, write and invite, but not set the status', () => {
    const p = requestPermissions({ ...nobody, isRequester: true });
    expect(p).toEqual({ view: true, reply: true, setStatus: false, handOver: false, invite: true });
  });

  it('lets staff of the area read and answer, and only the holder set status or pass it on', () => {
    const colleague = { ...nobody, staff: 'coCreator' as const, coversArea: true };
    expect(requestPermissions(colleague)).toMatchObject({
      view: true,
      reply: true,
      setStatus: false,
    });
    expect(answersForRecipient(colleague)).toBe(true);
    const holder = { ...colleague, isHolder: true };
    expect(requestPermissions(holder)).toMatchObject({
      setStatus: true,
      handOver: true,
      invite: false,
    });
    expect(requestRole(holder)).toBe('coCreator');
  });

  it('never lets a partner contact pass a request on', () => {
    const contact = { ...nobody, isHolder: true, recipientKind: 'partner' as const };
    expect(requestPermissions(contact)).toMatchObject({ setStatus: true, handOver: false });
    expect(requestRole(contact)).toBe('recipient');
  });

  it('does not count the requester writing as an answer, even when they are staff', () => {
    const staffAsCitizen = {
      ...nobody,
      isRequester: true,
      staff: 'coCreator' as const,
      coversArea: true,
    };
    expect(answersForRecipient(staffAsCitizen)).toBe(false);
    expect(requestRole(staffAsCitizen)).toBe('requester');
  });
});
