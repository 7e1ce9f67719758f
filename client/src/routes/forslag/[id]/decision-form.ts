import type { MyBallot, ProposalLifecycle, Tally } from '@lokalforum/protocol';
import type { Formatter, Translate } from '$lib/i18n';

/** What the vote's and the lifecycle's form actions send back (see decisions.server.ts). */
export interface DecisionForm {
  action: 'openVote' | 'closeVote' | 'ballot' | 'withdraw' | 'redraft';
  done?: boolean;
  message?: string;
  closesAt?: string;
  speaksFor?: string;
}

const actions = new Set<string>(['openVote', 'closeVote', 'ballot', 'withdraw', 'redraft']);

/** The page's form result when it came from one of the vote panel's actions. */
export function decisionForm(form: unknown): DecisionForm | null {
  if (typeof form !== 'object' || form === null || !('action' in form)) return null;
  return actions.has(String(form.action)) ? (form as DecisionForm) : null;
}

/** What the vote panel shows (LiveVote passes it on, the tally kept live). */
export interface VotePanelProps {
  proposalId: string;
  tally: Tally | null;
  lifecycle: ProposalLifecycle | null;
  myBallot: MyBallot | null;
  signedIn: boolean;
  votingDays: number;
  form: DecisionForm | null;
  t: Translate;
  fmt: Formatter;
}
