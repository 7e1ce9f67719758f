import { describe, expect, it } from 'vitest';
import { assertAllowed, type PostAction, type PostFacts, postAllows } from './debate.policy';

const base: PostFacts = {
  signedIn: true,
  isAuthor: false,
  isModerator: false,
  post: 'visible',
  thread: 'visible',
  locked: false,
};
const actions: PostAction[] = ['comment', 'edit', 'delete', 'report', 'moderate'];
const allowed = (facts: Partial<PostFacts>) =>
  actions.filter((a) => postAllows(a, { ...base, ...facts }));

describe('postAllows', () => {
  it('lets a guest do nothing', () => {
    expect(allowed({ signedIn: false, isAuthor: true, isModerator: true })).toEqual([]);
  });

  it('lets anyone signed in comment and report, and authors edit and delete', () => {
    expect(allowed({})).toEqual(['comment', 'report']);
    expect(allowed({ isAuthor: true })).toEqual(['comment', 'edit', 'delete']);
    expect(allowed({ isModerator: true })).toEqual(['comment', 'report', 'moderate']);
  });

  it('closes a locked thread to comments and edits, not to deleting or moderating', () => {
    expect(allowed({ locked: true, isAuthor: true })).toEqual(['delete']);
    expect(allowed({ locked: true, isModerator: true })).toEqual(['report', 'moderate']);
  });

  it('treats hidden and deleted posts and threads as closed', () => {
    expect(allowed({ post: 'hidden', isAuthor: true })).toEqual(['comment', 'delete']);
    expect(allowed({ post: 'deleted', thread: 'deleted', isAuthor: true })).toEqual([]);
    expect(allowed({ thread: 'hidden' })).toEqual(['report']);
  });
});

describe('assertAllowed', () => {
  it('says why, with the status that fits', () => {
    const code = (action: PostAction, facts: Partial<PostFacts>) => {
      try {
        assertAllowed(action, { ...base, ...facts });
        return 'ok';
      } catch (err) {
        return (err as { status: number }).status;
      }
    };
    expect(code('comment', { signedIn: false })).toBe(401);
    expect(code('edit', {})).toBe(403);
    expect(code('comment', { locked: true })).toBe(409);
    expect(code('report', { isAuthor: true })).toBe(403);
    expect(code('moderate', {})).toBe(403);
    expect(code('delete', { isAuthor: true })).toBe('ok');
  });
});
