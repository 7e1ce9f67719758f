import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config/config';
import { JobQueue } from '../src/jobs/job-queue';

const databaseUrl = inject('databaseUrl');
const jobsSchema = `pgboss_${randomBytes(4).toString('hex')}`;
const EVERY_S = 2;

/** One node's job queue, with a recurring job that notes the moment of each run. */
function node(runs: string[]) {
  const queue = new JobQueue(databaseUrl, { ...loadConfig({ NODE_ENV: 'test' }), jobsSchema });
  queue.register<{ occurrence: string }>(
    'tick',
    ({ occurrence }) => {
      runs.push(occurrence);
      return Promise.resolve();
    },
    { runs: { kind: 'every', seconds: EVERY_S } },
  );
  return queue;
}

afterAll(async () => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${jobsSchema} CASCADE`);
  await client.end();
});

describe('recurring jobs', () => {
  it('run at each moment once across all nodes', async () => {
    const runs: string[] = [];
    const nodes = [node(runs), node(runs)];
    for (const queue of nodes) await queue.onApplicationBootstrap();
    try {
      await expect.poll(() => new Set(runs).size, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    } finally {
      await Promise.all(nodes.map((queue) => queue.onApplicationShutdown()));
    }
    // Two nodes sent each moment's job; one ran it.
    expect(runs.length).toBe(new Set(runs).size);
  }, 30_000);
});
