import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BallotChoice, EscalationAnswerStatus } from '@lokalforum/protocol';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal';
import { EscalationsService } from '../escalations/escalations.service';
import { PoolApplicationsService } from '../pools/pool-applications.service';
import { danishDate } from '../grants/grant-balance';
import { GrantCommitments } from '../grants/grant-commitments';
import { GrantsService } from '../grants/grants.service';
import { ProposalsService } from '../proposals/proposals.service';
import { BallotBox } from '../votes/ballot-box';
import { VotesService } from '../votes/votes.service';

/** The forum the demo's decisions are in: its contact person is Anne, its fælles-skaber Mads. */
const FORUM = 'jyderup';
const CONTACT_PERSON = 'anne.borger@example.org';

/** Neighbours who vote in the demo besides the people of demo-people.ts (fictional, example.org). */
const VOTERS = [
  { email: 'gitte.naboen@example.org', name: 'Gitte Naboen (demo)' },
  { email: 'hans.havesen@example.org', name: 'Hans Havesen (demo)' },
  { email: 'inge.skovsen@example.org', name: 'Inge Skovsen (demo)' },
];

interface DemoProposal {
  title: string;
  summary: string;
  paragraphs: string[];
  author: string;
  ballots: [email: string, choice: BallotChoice, speaksFor?: string][];
  /** How far it gets: a vote left running, escalated and waiting, or answered. */
  reaches: 'voting' | 'escalated' | 'answered';
  dissent?: string;
  answer?: { status: EscalationAnswerStatus; text: string };
  /** An application to a pool, sent by the contact person and granted by the fælles-skaber. */
  application?: {
    pool: string;
    title: string;
    text: string;
    lines: { description: string; amountDkk: number }[];
    volunteerHours: number;
    grantedDkk: number;
    grantNote: string;
  };
  /** What it asks of the area grant, and what the contact person has paid of it since. */
  amountDkk?: number;
  payment?: { amountDkk: number; note: string };
}

const BENT = 'bent.forening@example.org';
const [GITTE, HANS, INGE] = VOTERS.map((v) => v.email) as [string, string, string];

const proposals: DemoProposal[] = [
  {
    title: 'Shelter og bålplads ved Skarresø',
    summary: 'Et shelter med bålplads, som skoler, spejdere og familier kan låne.',
    paragraphs: [
      'Vi foreslår et shelter til otte personer og en bålplads på den kommunale grund ved Skarresøs nordlige bred.',
      'Jyderup Idrætsforening passer pladsen; lokalforummet søger områdetilskud til materialerne.',
    ],
    author: BENT,
    ballots: [
      [BENT, 'yes', 'Jyderup Idrætsforening (fiktiv)'],
      [GITTE, 'yes'],
      [HANS, 'no'],
    ],
    reaches: 'voting',
    amountDkk: 15_000,
  },
  {
    title: 'Sikker skolevej på Østergade',
    summary: 'En fodgængerovergang og lavere fart ved skolen.',
    paragraphs: [
      'Børnene krydser Østergade ved skolen, hvor bilerne kører hurtigt om morgenen.',
      'Vi beder kommunen om en fodgængerovergang ved skolens indgang og 30 km/t i skoletiden.',
    ],
    author: GITTE,
    ballots: [
      [CONTACT_PERSON, 'yes'],
      [BENT, 'yes', 'Jyderup Idrætsforening (fiktiv)'],
      [GITTE, 'yes'],
      [HANS, 'abstain'],
      [INGE, 'no'],
    ],
    reaches: 'escalated',
    dissent: 'En overgang flytter bare problemet; vi ønsker hellere en cykelsti langs hele gaden.',
  },
  {
    title: 'Fælles frugtlund i Jyderup',
    summary: 'Frugttræer på det grønne område ved stationen, som alle må plukke fra.',
    paragraphs: [
      'Vi vil plante tyve frugttræer af gamle danske sorter på græsarealet ved stationen.',
      'Frivillige planter og beskærer; kommunen slår græsset som i dag.',
    ],
    author: HANS,
    ballots: [
      [CONTACT_PERSON, 'yes'],
      [BENT, 'yes'],
      [GITTE, 'yes'],
      [HANS, 'yes'],
      [INGE, 'abstain'],
    ],
    reaches: 'answered',
    amountDkk: 12_000,
    payment: { amountDkk: 9_500, note: 'Tyve frugttræer fra planteskolen (faktura 2041)' },
    answer: {
      status: 'accepted',
      text: 'Tak for forslaget. Park og Vej planter træerne i november og aftaler plejen med jer på et møde i lokalforummet.',
    },
    application: {
      pool: 'faellesskabspuljen',
      title: 'Frugtlund ved Jyderup Station',
      text: 'Tyve frugttræer af gamle danske sorter, pæle, bindebånd og et skilt om lunden. Frivillige planter og beskærer.',
      lines: [
        { description: 'Tyve frugttræer', amountDkk: 12000 },
        { description: 'Pæle og bindebånd', amountDkk: 2500 },
        { description: 'Skilt', amountDkk: 3500 },
      ],
      volunteerHours: 40,
      grantedDkk: 15000,
      grantNote: 'Skiltet betales af Park og Vej.',
    },
  },
];

/**
 * Demo data for the whole decision loop, once: in Jyderup a vote running, a
 * proposal adopted and escalated to the fælles-skaber and waiting for an
 * answer (Anne, a contact person, can apply to a pool from it), and one
 * answered — whose amount the area grant committed and the contact person
 * has paid most of, and whose application to Fællesskabspuljen has been
 * granted. Made through the services, as people would, so
 * the timeline, the room events and the notifications are all real. A
 * proposal already there (by title) is left as it is.
 */
@Injectable()
export class DemoDecisions {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposalsService: ProposalsService,
    private readonly votes: VotesService,
    private readonly ballots: BallotBox,
    private readonly escalations: EscalationsService,
    private readonly applications: PoolApplicationsService,
    private readonly commitments: GrantCommitments,
    private readonly grants: GrantsService,
  ) {}

  async seed(): Promise<void> {
    const people = await this.people();
    if (!people) return;
    for (const proposal of proposals) {
      const [existing] = await this.db.query<{ id: string }[]>(
        `SELECT p.id FROM proposals p JOIN forums f ON f.id = p.forum_id
           JOIN areas a ON a.id = f.area_id WHERE a.slug = $1 AND p.title = $2`,
        [FORUM, proposal.title],
      );
      if (existing) continue;
      await this.take(proposal, people);
      this.logger.log(`Demo: »${proposal.title}« (${proposal.reaches})`);
    }
  }

  private async take(demo: DemoProposal, people: Map<string, Principal>): Promise<void> {
    const who = (email: string) => people.get(email)!;
    const { id } = await this.proposalsService.start(
      FORUM,
      who(demo.author),
      { title: demo.title, summary: demo.summary, amountDkk: demo.amountDkk ?? null },
      demo.paragraphs,
    );
    const { voteId } = await this.votes.open(id, who(CONTACT_PERSON), {
      closesAt: new Date(Date.now() + 5 * 24 * 3600_000).toISOString(),
    });
    for (const [email, choice, speaksFor] of demo.ballots) {
      await this.ballots.cast(id, who(email), { choice, speaksFor });
    }
    if (demo.reaches === 'voting') return;
    // Everyone eligible has voted: the vote closes by itself, a moment later.
    await this.until(id, 'adopted');
    if (demo.payment) await this.pay(voteId, who(CONTACT_PERSON), demo.payment);
    const escalation = await this.escalations.escalate(id, who(demo.author), {
      dissent: demo.dissent,
    });
    if (demo.reaches === 'escalated' || !demo.answer) return;
    const recipient = escalation.assignee?.userId ?? escalation.recipient?.userId;
    const staff = recipient ? await this.principal(recipient) : null;
    if (!staff) return;
    await this.escalations.answer(escalation.id, staff, demo.answer);
    if (!demo.application) return;
    const { pool, grantedDkk, grantNote, ...body } = demo.application;
    const application = await this.applications.apply(pool, who(CONTACT_PERSON), {
      ...body,
      proposalId: id,
      ownFundingDkk: 0,
      declarations: ['coCreatorDialogue'],
    });
    await this.applications.step(application.id, staff, { step: 'review' });
    await this.applications.step(application.id, staff, {
      step: 'grant',
      grantedDkk,
      note: grantNote,
    });
  }

  /**
   * The adopted amount committed (adoption does it by itself; asking again is
   * a no-op, and waits for it), then the contact person's payment against it.
   */
  private async pay(
    voteId: string,
    contact: Principal,
    payment: NonNullable<DemoProposal['payment']>,
  ): Promise<void> {
    const outcome = await this.commitments.commitVote(voteId);
    if (outcome?.kind === 'refused' || !outcome) return;
    const [commitment] = await this.db.query<{ id: string }[]>(
      `SELECT e.id FROM grant_ledger_entries e JOIN votes v ON v.proposal_id = e.proposal_id
        WHERE v.id = $1 AND e.kind = 'commitment'`,
      [voteId],
    );
    if (!commitment) return;
    await this.grants.recordPayment(commitment.id, contact, {
      requestId: randomUUID(),
      amountDkk: payment.amountDkk,
      paidOn: danishDate(new Date()).date,
      note: payment.note,
    });
  }

  /** Waits (a few seconds at most) until the proposal has `status`. */
  private async until(proposalId: string, status: string): Promise<void> {
    for (let i = 0; i < 100; i += 1) {
      const [row] = await this.db.query<{ status: string }[]>(
        `SELECT status FROM proposals WHERE id = $1`,
        [proposalId],
      );
      if (row?.status === status) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Demo proposal ${proposalId} did not become ${status}`);
  }

  /** The demo's people as principals, the extra voters made members of the forum first. */
  private async people(): Promise<Map<string, Principal> | null> {
    const [forum] = await this.db.query<{ id: string }[]>(
      `SELECT f.id FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
      [FORUM],
    );
    if (!forum) return null;
    for (const voter of VOTERS) {
      await this.db.query(
        `WITH u AS (
           INSERT INTO users (email, name, is_demo) VALUES ($1, $2, true)
           ON CONFLICT (email) DO UPDATE SET is_demo = true RETURNING id)
         INSERT INTO memberships (forum_id, user_id, kind) SELECT $3, u.id, 'citizen' FROM u
         ON CONFLICT DO NOTHING`,
        [voter.email, voter.name, forum.id],
      );
    }
    const emails = [CONTACT_PERSON, BENT, ...VOTERS.map((v) => v.email)];
    const rows = await this.db.query<{ id: string; email: string; name: string }[]>(
      `SELECT id, email, name FROM users WHERE email = ANY($1) AND is_demo`,
      [emails],
    );
    if (rows.length !== emails.length) return null;
    return new Map(rows.map((r) => [r.email, asPrincipal(r)]));
  }

  private async principal(userId: string): Promise<Principal | null> {
    const [row] = await this.db.query<{ id: string; email: string; name: string }[]>(
      `SELECT id, email, name FROM users WHERE id = $1`,
      [userId],
    );
    return row ? asPrincipal(row) : null;
  }
}

/** A demo person acting through the services (no session: nothing here is a request). */
function asPrincipal(row: { id: string; email: string; name: string }): Principal {
  return {
    userId: row.id,
    sessionId: 'demo-seed',
    name: row.name,
    email: row.email,
    isAdministrator: false,
  };
}
