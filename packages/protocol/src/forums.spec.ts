import { describe, expect, it } from 'vitest';
import { JoinForumBody } from './forums.js';
import { LocalPath, RequestMagicLinkBody } from './auth.js';

describe('JoinForumBody', () => {
  it('lets a citizen join without saying more', () => {
    expect(JoinForumBody.parse({ kind: 'citizen' })).toEqual({ kind: 'citizen', represents: null });
  });

  it('drops what a citizen typed in the representation field', () => {
    expect(JoinForumBody.parse({ kind: 'citizen', represents: 'Old club' }).represents).toBeNull();
  });

  it('needs the name of what others represent, trimmed', () => {
    expect(JoinForumBody.safeParse({ kind: 'townGuild' }).success).toBe(false);
    expect(JoinForumBody.safeParse({ kind: 'townGuild', represents: '   ' }).success).toBe(false);
    expect(JoinForumBody.parse({ kind: 'townGuild', represents: ' Orø Bylaug ' }).represents).toBe(
      'Orø Bylaug',
    );
  });

  it('refuses unknown kinds and unknown fields', () => {
    expect(JoinForumBody.safeParse({ kind: 'mayor' }).success).toBe(false);
    expect(JoinForumBody.safeParse({ kind: 'citizen', weight: 2 }).success).toBe(false);
  });
});

describe('LocalPath', () => {
  it('accepts paths on this site only', () => {
    expect(LocalPath.safeParse('/fora/jyderup?x=1').success).toBe(true);
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'fora',
      '/a b',
      '/fora/\u0000',
      '/fora/æ',
      '/\u202efora',
    ]) {
      expect(LocalPath.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('is used for returnTo after sign-in', () => {
    expect(
      RequestMagicLinkBody.safeParse({ email: 'a@example.org', returnTo: '//evil.example' })
        .success,
    ).toBe(false);
  });
});
