import { describe, expect, it } from 'vitest';
import { CredentialsResolver, presentedToken } from './credentials';
import type { Principal } from './principal';
import type { SessionsService } from './sessions.service';

const cookie = (token: string) => `theme=dark; lf_session=${encodeURIComponent(token)}; x=1`;

describe('presentedToken', () => {
  it('takes a bearer header over the channel token over the cookie', () => {
    const all = { authorization: 'Bearer head', token: 'chan', cookie: cookie('jar') };
    expect(presentedToken(all)).toEqual({ token: 'head', source: 'header' });
    expect(presentedToken({ token: 'chan', cookie: cookie('jar') })).toEqual({
      token: 'chan',
      source: 'token',
    });
    expect(presentedToken({ cookie: cookie('jar') })).toEqual({ token: 'jar', source: 'cookie' });
  });

  it('counts empty, malformed or non-string values as absent', () => {
    expect(presentedToken({})).toBeNull();
    expect(presentedToken({ authorization: 'Basic abc', token: '', cookie: 'other=1' })).toBeNull();
    expect(presentedToken({ authorization: 'Bearer', token: 42, cookie: cookie('jar') })).toEqual({
      token: 'jar',
      source: 'cookie',
    });
    expect(presentedToken({ authorization: 'bearer  lower' })).toEqual({
      token: 'lower',
      source: 'header',
    });
  });
});

/** A sessions service that knows exactly one token. */
function resolverKnowing(valid: string) {
  const principal: Principal = {
    userId: 'u',
    sessionId: 's',
    name: 'N',
    email: 'n@example.org',
    isAdministrator: false,
  };
  const session = { id: 's', expiresAt: new Date('2030-01-01T00:00:00Z') };
  const sessions = {
    resolveSession: (token: string) =>
      Promise.resolve(token === valid ? { principal, session } : null),
  } as unknown as SessionsService;
  return { resolver: new CredentialsResolver(sessions), principal, session };
}

describe('CredentialsResolver', () => {
  it('resolves the winning token to its principal and session', async () => {
    const { resolver, principal, session } = resolverKnowing('good');
    await expect(
      resolver.resolve({ authorization: 'Bearer good', cookie: cookie('stale') }),
    ).resolves.toEqual({ kind: 'signedIn', source: 'header', token: 'good', principal, session });
    await expect(resolver.resolve({})).resolves.toEqual({ kind: 'guest' });
  });

  it('refuses a bad token the client chose to send, but makes a stale cookie a guest', async () => {
    const { resolver } = resolverKnowing('good');
    // The weaker, valid cookie does not rescue a bad explicit token.
    await expect(
      resolver.resolve({ authorization: 'Bearer bad', cookie: cookie('good') }),
    ).resolves.toEqual({ kind: 'invalid', source: 'header' });
    await expect(resolver.resolve({ token: 'bad' })).resolves.toEqual({
      kind: 'invalid',
      source: 'token',
    });
    await expect(resolver.resolve({ cookie: cookie('stale') })).resolves.toEqual({
      kind: 'guest',
    });
  });
});
