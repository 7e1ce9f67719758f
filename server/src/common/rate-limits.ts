/**
 * Rate limits on actions that cost the service (a stored snapshot, a replay
 * from the database) or that others see (a name, a membership), counted per
 * person — or per client address for guests — and shared by every node
 * through Redis when it is configured. Each is several times what a busy real
 * person does, so only scripts meet them; the message says what to do.
 */
export interface RateRule {
  /** Part of the counter's key: `<REDIS_PREFIX>:rate:<name>:<subject>`. */
  name: string;
  limit: number;
  windowMs: number;
  /** Shown to the person (429, or `{ ok: false }` on Socket.IO). */
  message: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const wait = 'Vent lidt, og prøv igen.';

export const rateRules = {
  /** A new proposal is a document every member of the forum is shown. */
  proposalStart: {
    name: 'proposal-start',
    limit: 10,
    windowMs: HOUR,
    message: `Du har startet mange forslag på kort tid. ${wait}`,
  },
  /** Each frozen version stores a full snapshot of the document. */
  versionFreeze: {
    name: 'version-freeze',
    limit: 20,
    windowMs: HOUR,
    message: `Du har fastfrosset mange versioner på kort tid. ${wait}`,
  },
  /** Joining and leaving together: leaving and joining again is how `represents` changes. */
  membershipChange: {
    name: 'membership-change',
    limit: 20,
    windowMs: HOUR,
    message: `Du har meldt dig ind og ud mange gange på kort tid. ${wait}`,
  },
  /** A name is what others know a person by. */
  rename: {
    name: 'rename',
    limit: 10,
    windowMs: HOUR,
    message: `Du har skiftet navn mange gange på kort tid. ${wait}`,
  },
  /**
   * `forum.join` with `since` (also through `staff.follow`): each reads up to
   * REALTIME_REPLAY_LIMIT events from PostgreSQL. A page view or a reconnect
   * is one per forum; a member of staff following every area, 18.
   */
  catchUp: {
    name: 'catch-up',
    limit: 120,
    windowMs: MINUTE,
    message: `Forummet er hentet mange gange på kort tid. Genindlæs siden om lidt.`,
  },
  /** Casting and changing a ballot: a person changes their mind a few times, a script hundreds. */
  ballot: {
    name: 'ballot',
    limit: 60,
    windowMs: 10 * MINUTE,
    message: `Du har ændret din stemme mange gange på kort tid. ${wait}`,
  },
  /** Each search is a few full-text and similarity queries: a person types a few a minute. */
  search: {
    name: 'search',
    limit: 120,
    windowMs: MINUTE,
    message: `Du har søgt mange gange på kort tid. ${wait}`,
  },
  /** A new request lands in someone's inbox and may send them a mail. */
  requestOpen: {
    name: 'request-open',
    limit: 10,
    windowMs: HOUR,
    message: `Du har sendt mange henvendelser på kort tid. ${wait}`,
  },
  /** Messages in request threads: a conversation, not a stream. */
  requestMessage: {
    name: 'request-message',
    limit: 60,
    windowMs: 10 * MINUTE,
    message: `Du har skrevet mange beskeder på kort tid. ${wait}`,
  },
  /** Each invitation may tell another person about a private thread. */
  requestInvite: {
    name: 'request-invite',
    limit: 20,
    windowMs: HOUR,
    message: `Du har inviteret mange på kort tid. ${wait}`,
  },
  /** Listing a partner or a staff member's public details: others see them at once. */
  profileChange: {
    name: 'profile-change',
    limit: 20,
    windowMs: HOUR,
    message: `Du har ændret din profil mange gange på kort tid. ${wait}`,
  },
  /** An application to a pool is a case for municipal staff. */
  poolApply: {
    name: 'pool-apply',
    limit: 10,
    windowMs: HOUR,
    message: `Du har sendt mange ansøgninger på kort tid. ${wait}`,
  },
  /** Steps on applications and changes to pools: each is public and notifies people. */
  poolStep: {
    name: 'pool-step',
    limit: 120,
    windowMs: HOUR,
    message: `Du har ændret mange ansøgninger og puljer på kort tid. ${wait}`,
  },
  /** Amounts, commitments, payments and releases: a contact person records a few a day. */
  grantWrite: {
    name: 'grant-write',
    limit: 60,
    windowMs: HOUR,
    message: `Du har registreret mange beløb på kort tid. ${wait}`,
  },
} satisfies Record<string, RateRule>;
