import type {
  CreateProposalBody,
  DemoUser,
  ForumDetail,
  ForumMember,
  ForumSummary,
  JoinForumBody,
  Me,
  OutboxMail,
  ProposalDetail,
  ProposalListItem,
  ProposalVersion,
  ProposalVersionSummary,
  RequestMagicLinkBody,
  RequestMagicLinkResponse,
  SessionResponse,
  UpdateMeBody,
} from '@lokalforum/protocol';
import { type Fetch, request } from './client';

export { fieldErrors, type ApiResult, type Fetch } from './client';

/** The REST endpoints the web app uses, typed by the shared protocol. */
export function api(fetch: Fetch) {
  return {
    forums: () => request<ForumSummary[]>(fetch, 'GET', '/api/forums'),
    forum: (slug: string) =>
      request<ForumDetail>(fetch, 'GET', `/api/forums/${encodeURIComponent(slug)}`),
    join: (slug: string, body: JoinForumBody) =>
      request<ForumMember>(fetch, 'POST', `/api/forums/${encodeURIComponent(slug)}/members`, body),
    leave: (slug: string) =>
      request<void>(fetch, 'DELETE', `/api/forums/${encodeURIComponent(slug)}/members`),

    proposals: (slug: string) =>
      request<ProposalListItem[]>(
        fetch,
        'GET',
        `/api/forums/${encodeURIComponent(slug)}/proposals`,
      ),
    startProposal: (slug: string, body: CreateProposalBody) =>
      request<ProposalDetail>(
        fetch,
        'POST',
        `/api/forums/${encodeURIComponent(slug)}/proposals`,
        body,
      ),
    proposal: (id: string) =>
      request<ProposalDetail>(fetch, 'GET', `/api/proposals/${encodeURIComponent(id)}`),
    versions: (id: string) =>
      request<ProposalVersionSummary[]>(
        fetch,
        'GET',
        `/api/proposals/${encodeURIComponent(id)}/versions`,
      ),
    version: (id: string, number: number) =>
      request<ProposalVersion>(
        fetch,
        'GET',
        `/api/proposals/${encodeURIComponent(id)}/versions/${number}`,
      ),
    freezeVersion: (id: string) =>
      request<ProposalVersion>(fetch, 'POST', `/api/proposals/${encodeURIComponent(id)}/versions`),

    me: () => request<Me>(fetch, 'GET', '/api/me'),
    updateMe: (body: UpdateMeBody) => request<Me>(fetch, 'PATCH', '/api/me', body),

    requestMagicLink: (body: RequestMagicLinkBody) =>
      request<RequestMagicLinkResponse>(fetch, 'POST', '/api/auth/magic-link', body),
    verifyMagicLink: (token: string) =>
      request<SessionResponse>(fetch, 'POST', '/api/auth/magic-link/verify', { token }),
    demoUsers: () => request<DemoUser[]>(fetch, 'GET', '/api/auth/demo-users'),
    demoLogin: (email: string) =>
      request<SessionResponse>(fetch, 'POST', '/api/auth/demo-login', { email }),
    outbox: () => request<OutboxMail[]>(fetch, 'GET', '/api/auth/outbox'),
    signOut: () => request<void>(fetch, 'POST', '/api/auth/sign-out'),
  };
}
