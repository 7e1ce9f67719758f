import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { GrantEntryKind, GrantLedgerEntry } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import { annualGrant } from '../forums/grant';
import { type BudgetFigures, type YearSums, budgetFigures } from './grant-balance';

/** A forum's grant settings, read with its ledger locked. */
export interface GrantBasis {
  forumId: string;
  baseDkk: number;
  perInhabitantDkk: number;
  population: number | null;
  carryOver: boolean;
}

export interface NewLedgerEntry {
  forumId: string;
  budgetYear: number;
  kind: GrantEntryKind;
  amountDkk: number;
  purpose: string;
  occurredOn: string;
  proposalId?: string | null;
  voteId?: string | null;
  commitmentId?: string | null;
  requestId?: string | null;
  recordedBy?: { userId: string; name: string } | null;
}

interface EntryRow {
  id: string;
  kind: GrantEntryKind;
  budget_year: number;
  amount_dkk: number;
  purpose: string;
  occurred_on: string;
  proposal_id: string | null;
  proposal_title: string | null;
  commitment_id: string | null;
  outstanding_dkk: number | null;
  recorded_by_name: string | null;
  created_at: Date;
}

/**
 * The grant ledger (regnskab) of each forum: append-only entries and the sums
 * every balance is derived from. Writers lock the forum's row first
 * (`lock`), as the database's own balance trigger does, so a check made
 * here still holds when the entry is written.
 */
@Injectable()
export class GrantLedger {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Locks the forum's ledger for the rest of `tx` and returns its grant settings. */
  lock(tx: EntityManager, forumId: string): Promise<GrantBasis> {
    return this.read(tx, forumId, 'FOR UPDATE OF f');
  }

  /** The settings without a lock (for reading). */
  basis(forumId: string): Promise<GrantBasis> {
    return this.read(this.db.manager, forumId, '');
  }

  private async read(tx: EntityManager, forumId: string, lock: string): Promise<GrantBasis> {
    const [row] = await tx.query<
      {
        base: number;
        per: string;
        population: number | null;
        carry: boolean;
      }[]
    >(
      `SELECT f.grant_base_dkk AS base, f.grant_per_inhabitant_dkk AS per, a.population,
              f.grant_carry_over AS carry
         FROM forums f JOIN areas a ON a.id = f.area_id WHERE f.id = $1 ${lock}`,
      [forumId],
    );
    if (!row) throw new Error(`No forum ${forumId}`);
    return {
      forumId,
      baseDkk: row.base,
      perInhabitantDkk: Number(row.per),
      population: row.population,
      carryOver: row.carry,
    };
  }

  /**
   * Writes the year's grant entry unless it is there: base + per inhabitant
   * × population, or the base alone when the area has no published population.
   * The amount is fixed when written; later changes of the settings apply
   * from the next year.
   */
  async ensureGrant(tx: EntityManager, basis: GrantBasis, year: number): Promise<void> {
    const computed = annualGrant(basis.baseDkk, basis.perInhabitantDkk, basis.population);
    const amount = computed ?? basis.baseDkk;
    if (amount < 1) return;
    const purpose =
      computed === null
        ? `Årligt områdetilskud ${year}: grundbeløbet (området har intet offentliggjort indbyggertal)`
        : `Årligt områdetilskud ${year}: ${basis.baseDkk} kr. + ${basis.perInhabitantDkk} kr. × ${basis.population} indbyggere`;
    await tx.query(
      `INSERT INTO grant_ledger_entries (forum_id, budget_year, kind, amount_dkk, purpose, occurred_on)
       VALUES ($1, $2, 'grant', $3, $4, make_date($2, 1, 1))
       ON CONFLICT (forum_id, budget_year) WHERE kind = 'grant' DO NOTHING`,
      [basis.forumId, year, amount, purpose],
    );
  }

  /** The year's figures, derived from the entries as they are in `tx`. */
  async figures(tx: EntityManager, basis: GrantBasis, year: number): Promise<BudgetFigures> {
    const sums = await tx.query<YearSums[]>(
      `SELECT budget_year AS year,
              COALESCE(sum(amount_dkk) FILTER (WHERE kind = 'grant'), 0)::int AS grants,
              COALESCE(sum(amount_dkk) FILTER (WHERE kind = 'commitment'), 0)::int AS commitments,
              COALESCE(sum(amount_dkk) FILTER (WHERE kind = 'payment'), 0)::int AS payments,
              COALESCE(sum(amount_dkk) FILTER (WHERE kind = 'release'), 0)::int AS releases
         FROM grant_ledger_entries WHERE forum_id = $1 AND budget_year <= $2
        GROUP BY budget_year`,
      [basis.forumId, year],
    );
    return budgetFigures(sums, year, basis.carryOver);
  }

  async insert(tx: EntityManager, entry: NewLedgerEntry): Promise<string> {
    const [row] = await tx.query<[{ id: string }]>(
      `INSERT INTO grant_ledger_entries (forum_id, budget_year, kind, amount_dkk, purpose,
         occurred_on, proposal_id, vote_id, commitment_id, request_id, recorded_by, recorded_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        entry.forumId,
        entry.budgetYear,
        entry.kind,
        entry.amountDkk,
        entry.purpose,
        entry.occurredOn,
        entry.proposalId ?? null,
        entry.voteId ?? null,
        entry.commitmentId ?? null,
        entry.requestId ?? null,
        entry.recordedBy?.userId ?? null,
        entry.recordedBy?.name ?? null,
      ],
    );
    return row.id;
  }

  /** The year's entries, oldest first, with what each commitment has outstanding. */
  async entries(tx: EntityManager, forumId: string, year: number): Promise<GrantLedgerEntry[]> {
    const rows = await tx.query<EntryRow[]>(
      `SELECT e.id, e.kind, e.budget_year, e.amount_dkk, e.purpose,
              to_char(e.occurred_on, 'YYYY-MM-DD') AS occurred_on, e.proposal_id,
              p.title AS proposal_title, e.commitment_id, e.recorded_by_name, e.created_at,
              CASE WHEN e.kind = 'commitment' THEN e.amount_dkk - COALESCE(
                (SELECT sum(s.amount_dkk) FROM grant_ledger_entries s WHERE s.commitment_id = e.id), 0)
              END::int AS outstanding_dkk
         FROM grant_ledger_entries e LEFT JOIN proposals p ON p.id = e.proposal_id
        WHERE e.forum_id = $1 AND e.budget_year = $2
        ORDER BY e.occurred_on, e.created_at, e.id`,
      [forumId, year],
    );
    return rows.map(toEntry);
  }
}

function toEntry(row: EntryRow): GrantLedgerEntry {
  return {
    id: row.id,
    kind: row.kind,
    budgetYear: row.budget_year,
    amountDkk: row.amount_dkk,
    purpose: row.purpose,
    occurredOn: row.occurred_on,
    proposal:
      row.proposal_id && row.proposal_title !== null
        ? { id: row.proposal_id, title: row.proposal_title }
        : null,
    commitmentId: row.commitment_id,
    outstandingDkk: row.outstanding_dkk,
    recordedBy: row.recorded_by_name,
    createdAt: row.created_at.toISOString(),
  };
}
