import {
  type Ack,
  type ClientCommandName,
  type ClientCommandPayload,
  type ClientCommandResults,
  type ClientToServerEvents,
  type ForumEvent,
  forumEventNames,
  type Presence,
  REALTIME_PATH,
  type ServerToClientEvents,
} from '@lokalforum/protocol';
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { RunningServer } from '../../src/app';
import { SessionsService } from '../../src/auth/sessions.service';
import { db, signedInPerson } from './factories';

export type RealtimeClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  token?: string;
  headers?: Record<string, string>;
  /** False: stay disconnected after a drop until the test calls `connect()`. */
  reconnection?: boolean;
}

const open: RealtimeClient[] = [];

/** Connects with socket.io-client as any other client would; rejects on `connect_error`. */
export function connect(url: string, options: ConnectOptions = {}): Promise<RealtimeClient> {
  const client: RealtimeClient = io(url, {
    path: REALTIME_PATH,
    transports: ['websocket'],
    auth: options.token ? { token: options.token } : {},
    extraHeaders: options.headers,
    reconnection: options.reconnection ?? true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    forceNew: true,
  });
  open.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('connect_error', (err) => {
      client.close();
      reject(err);
    });
  });
}

/** Resolves on the client's next `connect`. */
export function connected(client: RealtimeClient): Promise<void> {
  return new Promise((resolve) => client.once('connect', () => resolve()));
}

/** Closes every client the tests opened. */
export function closeClients(): void {
  for (const client of open.splice(0)) client.close();
}

/** The client without its event typing, to send what the types would not allow. */
interface UntypedEmitter {
  emitWithAck(name: string, ...args: unknown[]): Promise<unknown>;
}

/** Sends a command and resolves with its acknowledgement. */
export function command<C extends ClientCommandName>(
  client: RealtimeClient,
  name: C,
  payload: ClientCommandPayload<C>,
): Promise<Ack<ClientCommandResults[C]>> {
  return (client.timeout(10_000) as unknown as UntypedEmitter).emitWithAck(
    name,
    payload,
  ) as Promise<Ack<ClientCommandResults[C]>>;
}

/** Sends any raw arguments as `name` (to test what the server does with bad input). */
export function rawCommand(client: RealtimeClient, name: string, ...args: unknown[]) {
  return (client.timeout(10_000) as unknown as UntypedEmitter).emitWithAck(
    name,
    ...args,
  ) as Promise<Ack<object>>;
}

/** Asserts success and returns the acknowledgement's data. */
export async function ok<C extends ClientCommandName>(
  client: RealtimeClient,
  name: C,
  payload: ClientCommandPayload<C>,
): Promise<ClientCommandResults[C]> {
  const result = await command(client, name, payload);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result;
}

/** Everything a client receives in its forum rooms, in arrival order. */
export function recordEvents(client: RealtimeClient) {
  const events: ForumEvent[] = [];
  const presence: Presence[] = [];
  const forumEvents = new Set<string>(forumEventNames);
  client.onAny((name: string, payload: unknown) => {
    if (forumEvents.has(name)) events.push(payload as ForumEvent);
    if (name === 'presence.changed') presence.push(payload as Presence);
  });
  return { events, presence };
}

/** A signed-in person who is a contact person (kontaktperson) of `slug`. */
export async function contactPerson(server: RunningServer, slug: string, name = 'Kontakt Person') {
  const person = await signedInPerson(server, name);
  await db(server).query(
    `INSERT INTO memberships (forum_id, user_id, kind)
     SELECT f.id, $2, 'citizen' FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
    [slug, person.userId],
  );
  await db(server).query(
    `INSERT INTO contact_persons (forum_id, user_id)
     SELECT f.id, $2 FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
    [slug, person.userId],
  );
  return person;
}

/**
 * A session for a seeded demo person, e.g. the process consultant
 * (`henrik.proces@example.org`). Other tests count the seeded staff, so tests
 * borrow them rather than add more.
 */
export async function demoPerson(server: RunningServer, email: string) {
  const [row] = await db(server).query<[{ id: string; name: string }]>(
    `SELECT id, name FROM users WHERE email = $1`,
    [email],
  );
  const { token } = await server.app.get(SessionsService).create(row.id);
  return { userId: row.id, name: row.name, token };
}

export const PROCESS_CONSULTANT = 'henrik.proces@example.org';
export const ADMINISTRATOR = 'admin@example.org';

/** A session for the seeded fælles-skaber of `slug`'s area (demo data). */
export async function coCreatorOf(server: RunningServer, slug: string) {
  const [row] = await db(server).query<[{ id: string; name: string }]>(
    `SELECT u.id, u.name FROM areas a JOIN users u ON u.id = a.co_creator_id WHERE a.slug = $1`,
    [slug],
  );
  const { token } = await server.app.get(SessionsService).create(row.id);
  return { userId: row.id, name: row.name, token };
}

/** A key prefix no other test run uses, for tests that share a Redis. */
export function uniqueRedisPrefix(): string {
  return `lf-test-${randomBytes(6).toString('hex')}`;
}
