import type { StaffKind } from '@lokalforum/protocol';

/** What a person is to one request (all false: they may not even know it exists). */
export interface RequestFacts {
  isRequester: boolean;
  /** Invited by the requester (their e-mail address is on the request). */
  isParticipant: boolean;
  /** The request is with them now. */
  isHolder: boolean;
  /** Their staff kind, when they are staff. */
  staff: StaffKind | null;
  /** A staff request about an area they cover (the process consultant covers all). */
  coversArea: boolean;
  recipientKind: 'staff' | 'partner' | 'contactPerson';
}

export interface RequestPermissions {
  view: boolean;
  reply: boolean;
  setStatus: boolean;
  handOver: boolean;
  invite: boolean;
}

/**
 * Who may do what in a request (henvendelse). A request is private: only the
 * requester and whom they invited, whoever has it now, and — for requests to
 * the municipality — the staff of its area see it. Only the one who has it
 * sets its status or passes it on (to a colleague; staff requests only).
 */
export function requestPermissions(f: RequestFacts): RequestPermissions {
  const staffSide = f.recipientKind === 'staff' && f.staff !== null && f.coversArea;
  const view = f.isRequester || f.isParticipant || f.isHolder || staffSide;
  return {
    view,
    reply: view,
    setStatus: f.isHolder,
    handOver: f.isHolder && f.recipientKind === 'staff' && f.staff !== null,
    invite: f.isRequester,
  };
}

/** How an entry by this person is labelled in the thread. */
export function requestRole(
  f: RequestFacts,
): 'requester' | 'participant' | 'recipient' | StaffKind {
  if (f.isRequester) return 'requester';
  if (f.isParticipant && !f.isHolder) return 'participant';
  return f.staff ?? 'recipient';
}

/** Whether what this person writes counts as the answer the requester waits for. */
export function answersForRecipient(f: RequestFacts): boolean {
  if (f.isRequester || (f.isParticipant && !f.isHolder)) return false;
  return f.isHolder || (f.recipientKind === 'staff' && f.staff !== null && f.coversArea);
}
