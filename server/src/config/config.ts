import { PROPOSAL_BODY_DEPTH_CEILING, PROPOSAL_BODY_DEPTH_DEFAULT } from '@lokalforum/protocol';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const origin = z.url().transform((u) => new URL(u).origin);

/** Environment, parsed once at boot. Unknown variables are ignored; bad ones stop the start. */
const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: origin.optional(),
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin)),
  DATABASE_URL: z.url().optional(),
  DATA_DIR: z.string().default('./.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  REDIS_URL: z.url().optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, ":", "_" and "-" only')
    .default('lokalforum'),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().default('Lokalforum Holbæk <no-reply@lokalforum.local>'),
  DEMO: flag.optional(),
  DEMO_DECISIONS: flag.optional(),
  JOBS_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL schema name')
    .default('pgboss'),
  JOBS_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  CLIENT_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((v) =>
      /^\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v,
    ),
  REALTIME_GUESTS_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  COLLAB_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  COLLAB_STORE_DEBOUNCE_MS: z.coerce.number().int().min(0).max(10_000).default(50),
  COLLAB_STORE_MAX_DEBOUNCE_MS: z.coerce.number().int().min(0).max(10_000).default(250),
  COLLAB_STORE_TEXT_EVERY_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  COLLAB_COMPACT_AFTER: z.coerce.number().int().min(2).default(200),
  COLLAB_UNLOAD_AFTER_MS: z.coerce.number().int().min(0).default(10_000),
  COLLAB_MAX_DEPTH: z.coerce
    .number()
    .int()
    .min(4)
    .max(PROPOSAL_BODY_DEPTH_CEILING)
    .default(PROPOSAL_BODY_DEPTH_DEFAULT),
  COLLAB_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(16_384).default(1_048_576),
  COLLAB_CONNECTIONS_PER_DOCUMENT: z.coerce.number().int().min(1).default(5),
  COLLAB_DOCUMENTS_PER_PERSON: z.coerce.number().int().min(1).default(10),
  COLLAB_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(100),
  COLLAB_MESSAGE_BURST: z.coerce.number().int().min(1).default(200),
  ANSWER_DUE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
});

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /**
   * Origin used in e-mailed links. Null: the origin the request came to, but
   * only when its host is loopback or it is in ALLOWED_ORIGINS.
   */
  publicUrl: string | null;
  allowedOrigins: string[];
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number;
  redisUrl: string | null;
  /**
   * Prefix of the Redis keys and channels of Socket.IO, presence and /collab. Nodes of one
   * deployment share it; deployments (or test runs) sharing a Redis must not.
   */
  redisPrefix: string;
  smtpUrl: string | null;
  mailFrom: string;
  /**
   * Demo people, one-click sign-in and the outbox page (mail that went to the
   * log). On by default outside production, never implicitly with SMTP_URL.
   */
  demo: boolean;
  /** In demo mode, proposals through the whole decision loop in Jyderup (made once, at start). */
  demoDecisions: boolean;
  /** PostgreSQL schema of the job queue's tables; nodes sharing it share the jobs. */
  jobsSchema: string;
  /**
   * How often each queue asks PostgreSQL for due jobs. A job this node sends
   * wakes its worker at once (or at its start time), so polling only picks up
   * what a node that went down had planned; every poll is a query per queue.
   */
  jobsPollSeconds: number;
  sessionTtlDays: number;
  /** Folder of the SvelteKit adapter-node build; null serves the API only. */
  clientDir: string | null;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Express `trust proxy`: whose X-Forwarded-* headers count (the in-process web app's always). */
  trustProxy: boolean | number | string;
  realtime: RealtimeConfig;
  collab: CollabConfig;
  /** Days the municipality has to answer an escalated proposal (shown publicly as its due date). */
  answerDueDays: number;
}

/** Limits of the Socket.IO endpoint. */
export interface RealtimeConfig {
  /**
   * Connections without sign-in from one client address (behind a trusted
   * proxy, the forwarded one) held at once on one node.
   */
  guestsPerAddress: number;
}

/** Limits and timings of the /collab endpoint. */
export interface CollabConfig {
  /** A WebSocket message larger than this closes its connection. */
  maxMessageBytes: number;
  /** Accepted updates are written in one insert once none has come for this long… */
  storeDebounceMs: number;
  /** …or this long after the first of them, whichever is sooner (a crash can lose this much). */
  storeMaxDebounceMs: number;
  /** How often at most the derived text (title, summary, text, body JSON) is stored with them. */
  storeTextEveryMs: number;
  /** Stored updates of one document before they are compacted into its snapshot. */
  compactAfter: number;
  /** How long a document stays in memory after its last connection closed. */
  unloadAfterMs: number;
  /** How deep nodes may nest in a document (a top-level paragraph is 1). */
  maxDepth: number;
  /** Largest Yjs state a document may grow to; updates that would pass it are refused. */
  maxDocumentBytes: number;
  /** Open connections of one person to one document (tabs, devices), on all nodes together. */
  connectionsPerDocument: number;
  /** Documents one person may have open at once, on all nodes together. */
  documentsPerPerson: number;
  /** Messages (of any kind) one connection may send per second, sustained… */
  messagesPerSecond: number;
  /** …and at once, after a quiet spell (typing a burst, a paste, a reconnect). */
  messageBurst: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings are what `FOO= npm start` gives: treat them as unset.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.PUBLIC_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  PUBLIC_URL: required in production (sign-in links are built from it)',
    );
  }
  // Demo mode lets anyone sign in as any demo person, the administrator too. With
  // real mail configured this is most likely a real deployment that forgot
  // NODE_ENV=production, so it has to be asked for by name.
  if (e.DEMO === undefined && !production && e.SMTP_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  DEMO: demo mode is on (NODE_ENV is not production) and SMTP_URL ' +
        'is set, so real mail would go out while anyone can sign in as a demo person, the ' +
        'administrator too. Set DEMO=false for a real deployment, or DEMO=true to run the demo ' +
        'with real mail.',
    );
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? null,
    allowedOrigins: e.ALLOWED_ORIGINS,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: e.DATA_DIR,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    demo: e.DEMO ?? !production,
    demoDecisions: e.DEMO_DECISIONS ?? true,
    jobsSchema: e.JOBS_SCHEMA,
    jobsPollSeconds: e.JOBS_POLL_SECONDS,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    clientDir: e.CLIENT_DIR ?? null,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    realtime: { guestsPerAddress: e.REALTIME_GUESTS_PER_ADDRESS },
    collab: {
      maxMessageBytes: e.COLLAB_MAX_MESSAGE_BYTES,
      storeDebounceMs: e.COLLAB_STORE_DEBOUNCE_MS,
      storeMaxDebounceMs: e.COLLAB_STORE_MAX_DEBOUNCE_MS,
      storeTextEveryMs: e.COLLAB_STORE_TEXT_EVERY_MS,
      compactAfter: e.COLLAB_COMPACT_AFTER,
      unloadAfterMs: e.COLLAB_UNLOAD_AFTER_MS,
      maxDepth: e.COLLAB_MAX_DEPTH,
      maxDocumentBytes: e.COLLAB_MAX_DOCUMENT_BYTES,
      connectionsPerDocument: e.COLLAB_CONNECTIONS_PER_DOCUMENT,
      documentsPerPerson: e.COLLAB_DOCUMENTS_PER_PERSON,
      messagesPerSecond: e.COLLAB_MESSAGES_PER_SECOND,
      messageBurst: e.COLLAB_MESSAGE_BURST,
    },
    answerDueDays: e.ANSWER_DUE_DAYS,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
