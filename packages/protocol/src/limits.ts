/**
 * Every length and size limit both sides enforce, in one zod-free place: the
 * server's schemas and checks use them, and the browser shows the same ones.
 */

/** A proposal's title and summary, at creation and in its Yjs document alike. */
export const PROPOSAL_TITLE_MAX = 200;
export const PROPOSAL_SUMMARY_MAX = 2000;

export const DEBATE_TITLE_MAX = 200;
export const POST_BODY_MAX = 5000;
export const REPORT_REASON_MAX = 500;
export const MODERATION_REASON_MAX = 300;

/** Socket.IO's path on the server. */
export const REALTIME_PATH = '/socket.io';

/** Largest message the server accepts; a larger one closes the connection. */
export const REALTIME_MAX_MESSAGE_BYTES = 64 * 1024;

/** At most this many missed events are replayed by `forum.join`; beyond that, reload. */
export const REALTIME_REPLAY_LIMIT = 500;

/**
 * How deep nodes may nest in a proposal's body by default (COLLAB_MAX_DEPTH):
 * a top-level paragraph is 1, a list in a quote needs 4, each further list
 * level 2 more. Far from any stack limit.
 */
export const PROPOSAL_BODY_DEPTH_DEFAULT = 16;

/**
 * No setting may allow deeper nesting, and renderers stop descending here:
 * documents stored before the depth cap existed may be deeper.
 */
export const PROPOSAL_BODY_DEPTH_CEILING = 64;
/** Awareness client ids one /collab connection may speak for (one per tab; a few spare). */
export const COLLAB_AWARENESS_CLIENTS_MAX = 3;

/** Largest awareness state a client may send, as JSON in UTF-8 (a caret and a colour need ~300). */
export const COLLAB_AWARENESS_STATE_MAX_BYTES = 4096;

/**
 * What one Socket.IO connection may send: a burst of REALTIME_MESSAGE_BURST
 * messages, refilled at REALTIME_MESSAGES_PER_SECOND. A page sends a few per
 * visit; a connection that sends faster is answered `rate_limited` and
 * disconnected.
 */
export const REALTIME_MESSAGE_BURST = 40;
export const REALTIME_MESSAGES_PER_SECOND = 4;

/** Escalations: the no side's short view, a staff answer, a department's name, a hand-over note. */
export const ESCALATION_DISSENT_MAX = 1000;
export const ESCALATION_ANSWER_MAX = 5000;
export const ESCALATION_DEPARTMENT_MAX = 200;
export const ESCALATION_HANDOVER_NOTE_MAX = 1000;
/** A decline must say why: at least this many characters. */
export const ESCALATION_DECLINE_REASON_MIN = 20;

/** Requests (henvendelser): a subject, a message, a hand-over note, people a requester may invite. */
export const REQUEST_SUBJECT_MAX = 200;
export const REQUEST_MESSAGE_MAX = 5000;
export const REQUEST_HANDOVER_NOTE_MAX = 1000;
export const REQUEST_PARTICIPANTS_MAX = 5;

/** Partner profiles: topics (a few words each) and a short description. */
export const PARTNER_TOPICS_MAX = 8;
export const PARTNER_TOPIC_MAX = 40;
export const PARTNER_DESCRIPTION_MAX = 1000;

/** What a staff member publishes about how to reach them and what they help with. */
export const STAFF_PHONE_MAX = 30;
export const STAFF_HELP_WITH_MAX = 1000;
/**
 * Municipal pools (puljer): the largest amount any field may hold (10 million
 * kroner, far above any pool), budget lines per application, volunteer hours,
 * text lengths, and the shortest reason a decline may give.
 */
export const POOL_AMOUNT_MAX = 10_000_000;
export const POOL_BUDGET_LINES_MAX = 20;
export const POOL_VOLUNTEER_HOURS_MAX = 100_000;
export const POOL_APPLICATION_TEXT_MAX = 10_000;
export const POOL_DESCRIPTION_MAX = 2000;
export const POOL_REPORT_MAX = 5000;
export const POOL_DECLINE_REASON_MIN = 20;
/** The largest amount (whole kroner) a proposal may ask for or the grant ledger may hold in one entry. */
export const GRANT_AMOUNT_MAX = 10_000_000;
/** A ledger entry's purpose or a payment's note. */
export const GRANT_NOTE_MAX = 500;
