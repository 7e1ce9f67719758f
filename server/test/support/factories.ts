import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SessionsService } from '../../src/auth/sessions.service';
import type { RunningServer } from '../../src/app';
import { PeopleService } from '../../src/people/people.service';

/** A new person with a session, made directly through the services. */
export async function signedInPerson(
  server: RunningServer,
  name = 'Test Person',
): Promise<{ userId: string; email: string; token: string }> {
  const email = `person-${randomBytes(6).toString('hex')}@example.org`;
  const user = await server.app.get(PeopleService).findOrCreate(email, name);
  const { token } = await server.app.get(SessionsService).create(user.id);
  return { userId: user.id, email, token };
}

export function db(server: RunningServer): DataSource {
  return server.app.get(DataSource);
}
