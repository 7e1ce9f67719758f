import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import PgBoss from 'pg-boss';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { scheduleAt } from '../common/schedule';
import { DATABASE_URL } from '../database/database-url';
import { type Recurrence, nextOccurrence } from './recurrence';

/** After a job's start time, when this node's worker looks for it (see `wake`). */
const WAKE_LATE_MS = [50, 2_000];
/** How long after its moment a recurring job waits for every node's copy of it (clocks differ a little). */
const RECURRING_GRACE_MS = 2_000;
/** A failed job is tried again up to this often, after about 5, 10, 20, … seconds (pg-boss's backoff). */
const RETRY_LIMIT = 5;
const RETRY_DELAY_S = 5;

/** What a job handler gets: its data, as sent. */
export type JobHandler<T extends object> = (data: T) => Promise<void>;

export interface JobOptions {
  /** Not before this moment (the job waits in PostgreSQL, across restarts). */
  startAfter?: Date;
  /**
   * At most one queued job with this key per queue (a second `send` is a
   * no-op); only in a queue registered with `oneQueuedPerKey`, since pg-boss
   * enforces keys by the queue's policy.
   */
  singletonKey?: string;
}

export interface QueueOptions {
  /** pg-boss's `short` policy: one job waiting per `singletonKey` (and one without a key). */
  oneQueuedPerKey?: boolean;
  /**
   * Also runs on its own at these moments, once across all nodes: every node
   * sends the job at each moment, keyed by it, and the queue keeps one.
   * (A moment when no node is up is not made up for later; the handlers
   * that use this look at the whole state each time.) The job's data is
   * `{ occurrence }`, the moment as an ISO string.
   */
  runs?: Recurrence;
}

/**
 * Persistent jobs in PostgreSQL (pg-boss): a job sent for a moment runs at
 * that moment, or as soon as a node is up again if none was. Services
 * register their handlers in `onModuleInit`; the queue starts once every
 * module is ready, so no job runs against a half-built application. A
 * handler that throws is retried by pg-boss (with its default limits).
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<string, JobHandler<object>>();
  private readonly queueOptions = new Map<string, QueueOptions>();
  private readonly boss: PgBoss;
  private started: Promise<void> | null = null;
  private readonly recurring = new Set<NodeJS.Timeout>();
  /** Each queue's pg-boss worker, to wake when this node sends it a job. */
  private readonly workers = new Map<string, string>();
  /** Wake-ups planned for jobs that start later; cancelled at shutdown. */
  private readonly wakeUps = new Set<() => void>();
  private readonly pollSeconds: number;
  private stopping = false;
  /** Settles once the queue runs: `send` called earlier (from `onModuleInit`) wait for it. */
  private readonly ready: Promise<void>;
  private markReady!: (outcome: Promise<void>) => void;

  constructor(@Inject(DATABASE_URL) databaseUrl: string, @Inject(APP_CONFIG) config: AppConfig) {
    this.pollSeconds = config.jobsPollSeconds;
    // pg-boss's own tables live in this schema of the application database.
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      schema: config.jobsSchema,
      max: 4,
      application_name: 'lokalforum-jobs',
      // Recurring jobs are planned by `runs` (see recurrence.ts), not by pg-boss's cron check.
      schedule: false,
    });
    this.boss.on('error', (err: Error) => this.logger.warn(`pg-boss: ${err.message}`));
    this.ready = new Promise<void>((resolve) => (this.markReady = (outcome) => resolve(outcome)));
    // A start that fails is reported by `onApplicationBootstrap`; waiters see it too.
    this.ready.catch(() => undefined);
  }

  /** Registers the handler of one queue. Call before the application has booted. */
  register<T extends object>(
    name: string,
    handler: JobHandler<T>,
    options: QueueOptions = {},
  ): void {
    if (this.started) throw new Error(`Job queue ${name} registered after start`);
    this.handlers.set(name, handler as JobHandler<object>);
    this.queueOptions.set(name, options);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = this.start();
    this.markReady(this.started);
    await this.started;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.recurring) clearTimeout(timer);
    this.recurring.clear();
    for (const cancel of this.wakeUps) cancel();
    this.wakeUps.clear();
    if (!this.started) return;
    await this.started.catch(() => undefined);
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000 });
  }

  /** Queues a job; resolves once it is stored. */
  async send<T extends object>(name: string, data: T, options: JobOptions = {}): Promise<void> {
    if (!this.handlers.has(name)) throw new Error(`Unknown job queue ${name}`);
    await this.ready;
    await this.boss.send(name, data, {
      startAfter: options.startAfter,
      singletonKey: options.singletonKey,
      retryLimit: RETRY_LIMIT,
      retryDelay: RETRY_DELAY_S,
      retryBackoff: true,
    });
    this.wake(name, options.startAfter);
  }

  /**
   * Has this node's worker of `name` look for due jobs now, or once
   * `startAfter` has come (twice, in case PostgreSQL's clock runs a little
   * behind ours): so jobs run on time without polling often. A job planned by
   * a node that went down is found by the next poll.
   */
  private wake(name: string, startAfter?: Date): void {
    const notify = () => {
      const worker = this.workers.get(name);
      if (worker && !this.stopping) this.boss.notifyWorker(worker);
    };
    if (!startAfter || startAfter.getTime() <= Date.now()) {
      notify();
      return;
    }
    for (const lateMs of WAKE_LATE_MS) {
      const cancel = scheduleAt(new Date(startAfter.getTime() + lateMs), () => {
        this.wakeUps.delete(cancel);
        notify();
      });
      this.wakeUps.add(cancel);
    }
  }

  private async start(): Promise<void> {
    await this.boss.start();
    for (const [name, handler] of this.handlers) {
      await this.createQueue(name);
      const worker = await this.boss.work<object>(
        name,
        { pollingIntervalSeconds: this.pollSeconds, includeMetadata: true },
        async (jobs) => {
          for (const job of jobs) {
            try {
              await handler(job.data);
            } catch (err) {
              this.logger.error(`Job ${name} ${job.id} failed`, err);
              if (job.retryCount < RETRY_LIMIT) this.wake(name, retryAt(job.retryCount));
              throw err;
            }
          }
        },
      );
      this.workers.set(name, worker);
    }
    for (const [name, options] of this.queueOptions) {
      if (options.runs) this.plan(name, options.runs);
    }
  }

  /** Sends `name` at the next moment of `runs`, and plans the one after. */
  private plan(name: string, runs: Recurrence): void {
    if (this.stopping) return;
    const at = nextOccurrence(runs, new Date());
    const timer = setTimeout(() => {
      this.recurring.delete(timer);
      const occurrence = at.toISOString();
      // Every node sends this moment's job; it may run only once all have, so that the
      // queue (one queued job per key) keeps one: a job already taken would not stop a second.
      const startAfter = new Date(at.getTime() + RECURRING_GRACE_MS);
      this.send(name, { occurrence }, { singletonKey: occurrence, startAfter }).catch(
        (err: Error) =>
          this.logger.error(
            `Sending the ${at.toISOString()} run of ${name} failed: ${err.message}`,
          ),
      );
      this.plan(name, runs);
    }, at.getTime() - Date.now());
    this.recurring.add(timer);
  }

  /**
   * Creates the queue if it is not there. pg-boss does this without a lock,
   * so nodes booting at once on a fresh database can deadlock each other on
   * its tables: the loser tries again (the winner's queue then exists).
   */
  private async createQueue(name: string): Promise<void> {
    const options = this.queueOptions.get(name);
    const policy = options?.oneQueuedPerKey || options?.runs ? 'short' : 'standard';
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.boss.createQueue(name, { name, policy });
        return;
      } catch (err) {
        if (attempt >= CREATE_QUEUE_ATTEMPTS || !isDeadlock(err)) throw err;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
      }
    }
  }
}

const CREATE_QUEUE_ATTEMPTS = 5;

function isDeadlock(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '40P01';
}

/**
 * When a job that failed for the `retryCount`+1st time is due again at the
 * latest: pg-boss waits between half and all of 5·2^(n) seconds.
 */
function retryAt(retryCount: number): Date {
  return new Date(Date.now() + RETRY_DELAY_S * 1000 * 2 ** Math.min(16, retryCount + 1));
}
