import type {
  CreatePoolBody,
  UpdatePoolBody,
  CreateRequestBody,
  ListPartnerBody,
  MyRequests,
  Partner,
  PartnerFilter,
  RequestHandOverBody,
  RequestStatusBody,
  RequestThread,
  StaffProfileBody,
  ApplicationStep,
  ApplyBody,
  DeclineBody,
  GrantBody,
  Pool,
  PoolApplication,
  PoolDetail,
  ProposalApplications,
  ReportBody,
  PlaceMatch,
  StaffDirectoryFilter,
  SearchKind,
  SearchResults,
  AnswerEscalationBody,
  EscalateBody,
  EscalationView,
  ForumDecisions,
  HandOverEscalationBody,
  InboxItem,
  ProposalEscalation,
  StaffDirectoryEntry,
  StaffWorkspace,
  Comment,
  CreateCommentBody,
  CreateDebateBody,
  CreatedReport,
  CreateReportBody,
  CreateProposalBody,
  Debate,
  DebatePage,
  DebateThread,
  ModerationLogEntry,
  MarkNotificationsReadBody,
  NotificationPage,
  NotificationPreferences,
  UnreadCount,
  UnsubscribeInfo,
  UnsubscribeResult,
  PostKind,
  PostRevision,
  Report,
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
  Ballot,
  CastBallotBody,
  ForumRules,
  ForumRulesView,
  MyBallot,
  OpenVoteBody,
  ProposalLifecycle,
  ProposalTimeline,
  Tally,
  ForumBudget,
  ProposalAmount,
  ProposalAmountBody,
  RecordPaymentBody,
  ReleaseCommitmentBody,
} from '@lokalforum/protocol';
import { type Fetch, request } from './client';

export { fieldErrors, type ApiResult, type Fetch } from './client';

/** The REST endpoints the web app uses, typed by the shared protocol. */
export function api(fetch: Fetch) {
  return {
    pools: () => request<Pool[]>(fetch, 'GET', '/api/pools'),
    createPool: (body: CreatePoolBody) => request<Pool>(fetch, 'POST', '/api/pools', body),
    updatePool: (slug: string, body: UpdatePoolBody) =>
      request<Pool>(fetch, 'PATCH', `/api/pools/${encodeURIComponent(slug)}`, body),
    closePool: (slug: string) =>
      request<Pool>(fetch, 'POST', `/api/pools/${encodeURIComponent(slug)}/close`),
    pool: (slug: string) =>
      request<PoolDetail>(fetch, 'GET', `/api/pools/${encodeURIComponent(slug)}`),
    proposalApplications: (proposalId: string) =>
      request<ProposalApplications>(
        fetch,
        'GET',
        `/api/proposals/${encodeURIComponent(proposalId)}/applications`,
      ),
    application: (id: string) =>
      request<PoolApplication>(fetch, 'GET', `/api/applications/${encodeURIComponent(id)}`),
    applyToPool: (slug: string, body: ApplyBody) =>
      request<PoolApplication>(
        fetch,
        'POST',
        `/api/pools/${encodeURIComponent(slug)}/applications`,
        body,
      ),
    applicationStep: (
      id: string,
      step: ApplicationStep,
      body: GrantBody | DeclineBody | ReportBody | object,
    ) =>
      request<PoolApplication>(
        fetch,
        'POST',
        `/api/applications/${encodeURIComponent(id)}/${step}`,
        body,
      ),
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

    // Decisions: forum rules, votes, ballots and the proposal's lifecycle.
    forumRules: (slug: string) =>
      request<ForumRulesView>(fetch, 'GET', `/api/forums/${encodeURIComponent(slug)}/rules`),
    putForumRules: (slug: string, rules: ForumRules) =>
      request<ForumRulesView>(fetch, 'PUT', `/api/forums/${encodeURIComponent(slug)}/rules`, rules),
    lifecycle: (id: string) =>
      request<ProposalLifecycle>(
        fetch,
        'GET',
        `/api/proposals/${encodeURIComponent(id)}/lifecycle`,
      ),
    tally: (id: string) =>
      request<Tally>(fetch, 'GET', `/api/proposals/${encodeURIComponent(id)}/tally`),
    votes: (id: string) =>
      request<Tally[]>(fetch, 'GET', `/api/proposals/${encodeURIComponent(id)}/votes`),
    myBallot: (id: string) =>
      request<MyBallot>(fetch, 'GET', `/api/proposals/${encodeURIComponent(id)}/ballot`),
    castBallot: (id: string, body: CastBallotBody) =>
      request<Ballot>(fetch, 'PUT', `/api/proposals/${encodeURIComponent(id)}/ballot`, body),
    openVote: (id: string, body: OpenVoteBody) =>
      request<Tally>(fetch, 'POST', `/api/proposals/${encodeURIComponent(id)}/vote`, body),
    closeVote: (id: string) =>
      request<Tally>(fetch, 'POST', `/api/proposals/${encodeURIComponent(id)}/vote/close`),
    withdraw: (id: string, reason?: string) =>
      request<ProposalLifecycle>(
        fetch,
        'POST',
        `/api/proposals/${encodeURIComponent(id)}/withdraw`,
        reason ? { reason } : {},
      ),
    redraft: (id: string, reason?: string) =>
      request<ProposalLifecycle>(
        fetch,
        'POST',
        `/api/proposals/${encodeURIComponent(id)}/redraft`,
        reason ? { reason } : {},
      ),
    timeline: (id: string) =>
      request<ProposalTimeline>(fetch, 'GET', `/api/proposals/${encodeURIComponent(id)}/timeline`),

    debates: (slug: string, cursor?: string | null) =>
      request<DebatePage>(
        fetch,
        'GET',
        `/api/forums/${encodeURIComponent(slug)}/debates${
          cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''
        }`,
      ),
    proposalDebates: (proposalId: string) =>
      request<DebatePage>(fetch, 'GET', `/api/proposals/${encodeURIComponent(proposalId)}/debates`),
    startDebate: (slug: string, body: CreateDebateBody) =>
      request<Debate>(fetch, 'POST', `/api/forums/${encodeURIComponent(slug)}/debates`, body),
    thread: (id: string) =>
      request<DebateThread>(fetch, 'GET', `/api/debates/${encodeURIComponent(id)}`),
    editDebate: (id: string, body: { title?: string; body?: string }) =>
      request<Debate>(fetch, 'PATCH', `/api/debates/${encodeURIComponent(id)}`, body),
    deleteDebate: (id: string) =>
      request<void>(fetch, 'DELETE', `/api/debates/${encodeURIComponent(id)}`),
    comment: (debateId: string, body: CreateCommentBody) =>
      request<Comment>(
        fetch,
        'POST',
        `/api/debates/${encodeURIComponent(debateId)}/comments`,
        body,
      ),
    editComment: (id: string, body: string) =>
      request<Comment>(fetch, 'PATCH', `/api/comments/${encodeURIComponent(id)}`, { body }),
    deleteComment: (id: string) =>
      request<void>(fetch, 'DELETE', `/api/comments/${encodeURIComponent(id)}`),
    revisions: (kind: PostKind, id: string) =>
      request<PostRevision[]>(
        fetch,
        'GET',
        `/api/${kind === 'debate' ? 'debates' : 'comments'}/${encodeURIComponent(id)}/revisions`,
      ),

    report: (body: CreateReportBody) => request<CreatedReport>(fetch, 'POST', '/api/reports', body),
    reports: (slug: string) =>
      request<Report[]>(fetch, 'GET', `/api/forums/${encodeURIComponent(slug)}/reports`),
    dismissReport: (id: string) =>
      request<void>(fetch, 'POST', `/api/reports/${encodeURIComponent(id)}/dismiss`),
    hide: (kind: PostKind, id: string, reason: string) =>
      request<void>(
        fetch,
        'POST',
        `/api/${kind === 'debate' ? 'debates' : 'comments'}/${encodeURIComponent(id)}/hide`,
        { reason },
      ),
    lock: (id: string, reason?: string) =>
      request<Debate>(
        fetch,
        'POST',
        `/api/debates/${encodeURIComponent(id)}/lock`,
        reason ? { reason } : {},
      ),
    unlock: (id: string) =>
      request<Debate>(fetch, 'POST', `/api/debates/${encodeURIComponent(id)}/unlock`),
    moderationLog: (slug: string) =>
      request<ModerationLogEntry[]>(
        fetch,
        'GET',
        `/api/forums/${encodeURIComponent(slug)}/moderation-log`,
      ),

    places: (q: string) =>
      request<PlaceMatch[]>(fetch, 'GET', `/api/places?q=${encodeURIComponent(q)}`),
    search: (q: string, options: { kind?: SearchKind | null; page?: number } = {}) => {
      const query = new URLSearchParams({ q });
      if (options.kind) query.set('kind', options.kind);
      if (options.page && options.page > 1) query.set('page', String(options.page));
      return request<SearchResults>(fetch, 'GET', `/api/search?${query.toString()}`);
    },
    notifications: (options: { cursor?: string | null; limit?: number } = {}) => {
      const query = new URLSearchParams();
      if (options.cursor) query.set('cursor', options.cursor);
      if (options.limit) query.set('limit', String(options.limit));
      const search = query.size > 0 ? `?${query.toString()}` : '';
      return request<NotificationPage>(fetch, 'GET', `/api/notifications${search}`);
    },
    markNotificationsRead: (body: MarkNotificationsReadBody) =>
      request<UnreadCount>(fetch, 'POST', '/api/notifications/read', body),
    notificationPreferences: () =>
      request<NotificationPreferences>(fetch, 'GET', '/api/notifications/preferences'),
    saveNotificationPreferences: (body: NotificationPreferences) =>
      request<NotificationPreferences>(fetch, 'PUT', '/api/notifications/preferences', body),
    unsubscribeInfo: (token: string) =>
      request<UnsubscribeInfo>(
        fetch,
        'GET',
        `/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`,
      ),
    unsubscribe: (token: string) =>
      request<UnsubscribeResult>(
        fetch,
        'POST',
        `/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`,
      ),

    // Escalations, the staff workspace and decisions (issue 9).
    proposalEscalation: (id: string) =>
      request<ProposalEscalation>(
        fetch,
        'GET',
        `/api/proposals/${encodeURIComponent(id)}/escalation`,
      ),
    escalate: (id: string, body: EscalateBody) =>
      request<EscalationView>(
        fetch,
        'POST',
        `/api/proposals/${encodeURIComponent(id)}/escalation`,
        body,
      ),
    escalation: (id: string) =>
      request<EscalationView>(fetch, 'GET', `/api/escalations/${encodeURIComponent(id)}`),
    answerEscalation: (id: string, body: AnswerEscalationBody) =>
      request<EscalationView>(
        fetch,
        'POST',
        `/api/escalations/${encodeURIComponent(id)}/answers`,
        body,
      ),
    handOverEscalation: (id: string, body: HandOverEscalationBody) =>
      request<EscalationView>(
        fetch,
        'POST',
        `/api/escalations/${encodeURIComponent(id)}/handover`,
        body,
      ),
    staff: (filter: StaffDirectoryFilter = {}) => {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(filter)) if (value) query.set(name, value);
      const search = query.size > 0 ? `?${query.toString()}` : '';
      return request<StaffDirectoryEntry[]>(fetch, 'GET', `/api/staff${search}`);
    },
    inbox: () => request<InboxItem[]>(fetch, 'GET', '/api/staff/inbox'),
    publishStaffProfile: (body: StaffProfileBody) =>
      request<StaffDirectoryEntry>(fetch, 'PUT', '/api/staff/me', body),

    partners: (filter: PartnerFilter = {}) => {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(filter)) if (value) query.set(name, value);
      const search = query.size > 0 ? `?${query.toString()}` : '';
      return request<Partner[]>(fetch, 'GET', `/api/partners${search}`);
    },
    listPartner: (slug: string, body: ListPartnerBody) =>
      request<Partner>(fetch, 'PUT', `/api/forums/${encodeURIComponent(slug)}/partner`, body),
    unlistPartner: (slug: string) =>
      request<void>(fetch, 'DELETE', `/api/forums/${encodeURIComponent(slug)}/partner`),

    requests: () => request<MyRequests>(fetch, 'GET', '/api/requests'),
    request: (id: string) =>
      request<RequestThread>(fetch, 'GET', `/api/requests/${encodeURIComponent(id)}`),
    openRequest: (body: CreateRequestBody) =>
      request<RequestThread>(fetch, 'POST', '/api/requests', body),
    writeInRequest: (id: string, text: string) =>
      request<RequestThread>(fetch, 'POST', `/api/requests/${encodeURIComponent(id)}/messages`, {
        text,
      }),
    setRequestStatus: (id: string, status: RequestStatusBody['status']) =>
      request<RequestThread>(fetch, 'POST', `/api/requests/${encodeURIComponent(id)}/status`, {
        status,
      }),
    handOverRequest: (id: string, body: RequestHandOverBody) =>
      request<RequestThread>(
        fetch,
        'POST',
        `/api/requests/${encodeURIComponent(id)}/handover`,
        body,
      ),
    inviteToRequest: (id: string, email: string) =>
      request<RequestThread>(
        fetch,
        'POST',
        `/api/requests/${encodeURIComponent(id)}/participants`,
        { email },
      ),
    workspace: () => request<StaffWorkspace>(fetch, 'GET', '/api/staff/workspace'),
    markForumSeen: (slug: string) =>
      request<void>(fetch, 'POST', `/api/staff/forums/${encodeURIComponent(slug)}/seen`),
    follow: (slug: string) =>
      request<void>(fetch, 'PUT', `/api/staff/follows/${encodeURIComponent(slug)}`),
    unfollow: (slug: string) =>
      request<void>(fetch, 'DELETE', `/api/staff/follows/${encodeURIComponent(slug)}`),
    decisions: (slug: string) =>
      request<ForumDecisions>(fetch, 'GET', `/api/forums/${encodeURIComponent(slug)}/decisions`),

    // The area grant: the forum's budget, what a proposal asks for, payments and releases.
    budget: (slug: string, year?: number) =>
      request<ForumBudget>(
        fetch,
        'GET',
        `/api/forums/${encodeURIComponent(slug)}/budget${year === undefined ? '' : `?year=${year}`}`,
      ),
    setProposalAmount: (id: string, body: ProposalAmountBody) =>
      request<ProposalAmount>(
        fetch,
        'PUT',
        `/api/proposals/${encodeURIComponent(id)}/amount`,
        body,
      ),
    commitGrant: (proposalId: string) =>
      request<ForumBudget>(
        fetch,
        'POST',
        `/api/proposals/${encodeURIComponent(proposalId)}/grant-commitment`,
      ),
    recordPayment: (commitmentId: string, body: RecordPaymentBody) =>
      request<ForumBudget>(
        fetch,
        'POST',
        `/api/grant-commitments/${encodeURIComponent(commitmentId)}/payments`,
        body,
      ),
    releaseCommitment: (commitmentId: string, body: ReleaseCommitmentBody) =>
      request<ForumBudget>(
        fetch,
        'POST',
        `/api/grant-commitments/${encodeURIComponent(commitmentId)}/release`,
        body,
      ),

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
