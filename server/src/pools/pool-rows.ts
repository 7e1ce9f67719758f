import {
  type Pool,
  type PoolApplication,
  type PoolApplicationSummary,
  type PoolRequirement,
  type PoolRules,
  roundIsOpen,
} from '@lokalforum/protocol';
import type { EntityManager } from 'typeorm';

/** A pool as stored, with its history counted. */
export interface PoolRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  min_per_application_dkk: number | null;
  max_per_application_dkk: number | null;
  annual_dkk: number | null;
  deadline: string | null;
  excluded_areas: string[];
  requirements: PoolRequirement[];
  volunteer_hour_rate_dkk: number;
  opened_year: number | null;
  closed_at: Date | null;
  applications: number;
  granted: number;
  granted_dkk: number;
}

const POOL_COLUMNS = `p.id, p.slug, p.name, p.description, p.min_per_application_dkk,
  p.max_per_application_dkk, p.annual_dkk, p.deadline, p.excluded_areas, p.requirements,
  p.volunteer_hour_rate_dkk, p.opened_year, p.closed_at,
  (SELECT count(*)::int FROM pool_applications a WHERE a.pool_id = p.id) AS applications,
  (SELECT count(*)::int FROM pool_applications a
    WHERE a.pool_id = p.id AND a.granted_dkk IS NOT NULL) AS granted,
  (SELECT coalesce(sum(a.granted_dkk), 0)::int FROM pool_applications a
    WHERE a.pool_id = p.id) AS granted_dkk`;

/** Open pools first (by name), then closed ones. */
export function poolRows(tx: EntityManager): Promise<PoolRow[]> {
  return tx.query(
    `SELECT ${POOL_COLUMNS} FROM pools p ORDER BY p.closed_at IS NOT NULL, p.name, p.slug`,
  );
}

export async function poolRow(
  tx: EntityManager,
  slug: string,
  lock = false,
): Promise<PoolRow | null> {
  const [row] = await tx.query<PoolRow[]>(
    `SELECT ${POOL_COLUMNS} FROM pools p WHERE p.slug = $1 ${lock ? 'FOR UPDATE OF p' : ''}`,
    [slug],
  );
  return row ?? null;
}

export function rulesOf(row: PoolRow): PoolRules {
  return {
    minPerApplicationDkk: row.min_per_application_dkk,
    maxPerApplicationDkk: row.max_per_application_dkk,
    deadline: row.deadline,
    excludedAreas: row.excluded_areas,
    requirements: row.requirements,
    volunteerHourRateDkk: row.volunteer_hour_rate_dkk,
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

export function poolView(row: PoolRow, now: Date): Pool {
  const closed = row.closed_at !== null && row.closed_at.getTime() <= now.getTime();
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    minPerApplicationDkk: row.min_per_application_dkk,
    maxPerApplicationDkk: row.max_per_application_dkk,
    annualDkk: row.annual_dkk,
    deadline: row.deadline,
    excludedAreas: row.excluded_areas,
    requirements: row.requirements,
    volunteerHourRateDkk: row.volunteer_hour_rate_dkk,
    openedYear: row.opened_year,
    closedAt: row.closed_at?.toISOString() ?? null,
    acceptsApplications: !closed && roundIsOpen(row.deadline, now),
    history: { applications: row.applications, granted: row.granted, grantedDkk: row.granted_dkk },
  };
}

/** An application as stored, with the names around it. */
export interface ApplicationRow {
  id: string;
  pool_slug: string;
  pool_name: string;
  proposal_id: string;
  proposal_title: string;
  version_number: number;
  forum_id: string;
  forum_slug: string;
  forum_name: string;
  applicant_id: string | null;
  applicant_name: string | null;
  title: string;
  text: string;
  total_dkk: number;
  own_funding_dkk: number;
  volunteer_hours: number;
  volunteer_hour_rate_dkk: number;
  requested_dkk: number;
  declarations: PoolRequirement[];
  status: PoolApplication['status'];
  granted_dkk: number | null;
  grant_note: string | null;
  decline_reason: string | null;
  report_text: string | null;
  received_at: Date;
  reviewed_at: Date | null;
  decided_at: Date | null;
  paid_at: Date | null;
  reported_at: Date | null;
}

const APPLICATION_SELECT = `
  SELECT a.*, p.slug AS pool_slug, p.name AS pool_name, pr.title AS proposal_title,
         ar.slug AS forum_slug, f.name AS forum_name, u.name AS applicant_name
    FROM pool_applications a
    JOIN pools p ON p.id = a.pool_id
    JOIN proposals pr ON pr.id = a.proposal_id
    JOIN forums f ON f.id = a.forum_id JOIN areas ar ON ar.id = f.area_id
    LEFT JOIN users u ON u.id = a.applicant_id`;

export async function applicationRow(
  tx: EntityManager,
  id: string,
): Promise<ApplicationRow | null> {
  const [row] = await tx.query<ApplicationRow[]>(`${APPLICATION_SELECT} WHERE a.id = $1`, [id]);
  return row ?? null;
}

export function applicationRows(
  tx: EntityManager,
  where: 'proposal' | 'pool',
  id: string,
): Promise<ApplicationRow[]> {
  return tx.query(
    `${APPLICATION_SELECT} WHERE ${where === 'proposal' ? 'a.proposal_id' : 'a.pool_id'} = $1
      ORDER BY a.received_at DESC, a.id`,
    [id],
  );
}

export async function budgetLines(
  tx: EntityManager,
  applicationId: string,
): Promise<PoolApplication['lines']> {
  const rows = await tx.query<{ description: string; amount_dkk: number }[]>(
    `SELECT description, amount_dkk FROM pool_application_lines
      WHERE application_id = $1 ORDER BY position`,
    [applicationId],
  );
  return rows.map((r) => ({ description: r.description, amountDkk: r.amount_dkk }));
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function applicationSummary(row: ApplicationRow): PoolApplicationSummary {
  return {
    id: row.id,
    pool: { slug: row.pool_slug, name: row.pool_name },
    proposal: { id: row.proposal_id, title: row.proposal_title, versionNumber: row.version_number },
    forum: { slug: row.forum_slug, name: row.forum_name },
    title: row.title,
    requestedDkk: row.requested_dkk,
    grantedDkk: row.granted_dkk,
    status: row.status,
    receivedAt: row.received_at.toISOString(),
  };
}

export function applicationView(
  row: ApplicationRow,
  lines: PoolApplication['lines'],
  mayTake: PoolApplication['mayTake'],
): PoolApplication {
  return {
    ...applicationSummary(row),
    applicant: { userId: row.applicant_id, name: row.applicant_name },
    text: row.text,
    lines,
    totalDkk: row.total_dkk,
    ownFundingDkk: row.own_funding_dkk,
    volunteerHours: row.volunteer_hours,
    volunteerHourRateDkk: row.volunteer_hour_rate_dkk,
    declarations: row.declarations,
    grantNote: row.grant_note,
    declineReason: row.decline_reason,
    reportText: row.report_text,
    reviewedAt: iso(row.reviewed_at),
    decidedAt: iso(row.decided_at),
    paidAt: iso(row.paid_at),
    reportedAt: iso(row.reported_at),
    mayTake,
  };
}
