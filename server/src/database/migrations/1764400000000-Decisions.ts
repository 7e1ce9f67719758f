import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decisions (issue 9): the whole proposal lifecycle, forum rules, votes and
 * ballots on a frozen version, the public timeline, escalations with a sealed
 * package, staff answers and hand-overs, and what staff follow and have seen.
 * The invariants live here: one open vote per proposal, one ballot per member
 * and vote, a closed vote and its ballots stay as they are, a sealed package
 * never changes, timelines, answers and hand-overs are append-only.
 */
export class Decisions1764400000000 implements MigrationInterface {
  name = 'Decisions1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE proposals DROP CONSTRAINT proposals_status`);
    await q.query(`
      ALTER TABLE proposals ADD CONSTRAINT proposals_status CHECK (status IN
        ('draft', 'voting', 'adopted', 'not_adopted', 'escalated', 'answered', 'closed', 'withdrawn'))`);

    // A function shared by the append-only tables below.
    await q.query(`
      CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
      END $$`);

    // Rules a contact person may change; a forum without a row has the defaults.
    await q.query(`
      CREATE TABLE forum_rules (
        forum_id uuid PRIMARY KEY REFERENCES forums(id) ON DELETE CASCADE,
        voting_days integer NOT NULL DEFAULT 7,
        quorum integer,
        majority text NOT NULL DEFAULT 'moreYesThanNo',
        tally_visibility text NOT NULL DEFAULT 'live',
        members_before_vote_only boolean NOT NULL DEFAULT true,
        authors_may_open_votes boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT forum_rules_voting_days CHECK (voting_days BETWEEN 1 AND 60),
        CONSTRAINT forum_rules_quorum CHECK (quorum IS NULL OR quorum BETWEEN 1 AND 100000),
        CONSTRAINT forum_rules_majority CHECK (majority IN ('moreYesThanNo', 'twoThirds')),
        CONSTRAINT forum_rules_tally_visibility CHECK (tally_visibility IN ('live', 'hiddenUntilClose'))
      )`);

    // The proposal's public history: every transition and step, who, when and why.
    await q.query(`
      CREATE TABLE proposal_timeline (
        id bigserial PRIMARY KEY,
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        kind text NOT NULL,
        actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
        actor_name text,
        actor_role text,
        reason text,
        data jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT proposal_timeline_kind CHECK (kind IN ('statusChanged', 'voteOpened',
          'voteClosed', 'escalated', 'answered', 'handedOver')),
        CONSTRAINT proposal_timeline_reason CHECK (reason IS NULL OR length(reason) <= 2000)
      )`);
    await q.query(`CREATE INDEX proposal_timeline_proposal ON proposal_timeline (proposal_id, id)`);
    await q.query(`
      CREATE TRIGGER proposal_timeline_append_only BEFORE UPDATE ON proposal_timeline
        FOR EACH ROW EXECUTE FUNCTION append_only()`);

    // A vote on one frozen version, with the forum's rules as they were when it opened.
    await q.query(`
      CREATE TABLE votes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL,
        forum_id uuid NOT NULL,
        version_number integer NOT NULL,
        opened_by uuid REFERENCES users(id) ON DELETE SET NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closes_at timestamptz NOT NULL,
        quorum integer,
        majority text NOT NULL,
        tally_visibility text NOT NULL,
        members_before_vote_only boolean NOT NULL,
        closed_at timestamptz,
        closed_by uuid REFERENCES users(id) ON DELETE SET NULL,
        close_reason text,
        outcome text,
        CONSTRAINT votes_proposal FOREIGN KEY (proposal_id, forum_id)
          REFERENCES proposals (id, forum_id) ON DELETE CASCADE,
        CONSTRAINT votes_version FOREIGN KEY (proposal_id, version_number)
          REFERENCES proposal_versions (proposal_id, number) ON DELETE CASCADE,
        CONSTRAINT votes_id_proposal_unique UNIQUE (id, proposal_id),
        CONSTRAINT votes_period CHECK (closes_at > opened_at),
        CONSTRAINT votes_majority CHECK (majority IN ('moreYesThanNo', 'twoThirds')),
        CONSTRAINT votes_tally_visibility CHECK (tally_visibility IN ('live', 'hiddenUntilClose')),
        CONSTRAINT votes_close_reason CHECK (close_reason IN ('deadline', 'early', 'allVoted')),
        CONSTRAINT votes_outcome CHECK (outcome IN ('adopted', 'not_adopted')),
        CONSTRAINT votes_closed CHECK (
          (closed_at IS NULL AND close_reason IS NULL AND outcome IS NULL)
          OR (closed_at IS NOT NULL AND close_reason IS NOT NULL AND outcome IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX votes_one_open ON votes (proposal_id) WHERE closed_at IS NULL`,
    );
    await q.query(`CREATE INDEX votes_proposal ON votes (proposal_id, opened_at DESC)`);
    await q.query(`
      CREATE FUNCTION votes_closed_stay_closed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.closed_at IS NOT NULL THEN
          RAISE EXCEPTION 'a closed vote stays closed' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.id <> OLD.id OR NEW.proposal_id <> OLD.proposal_id OR NEW.forum_id <> OLD.forum_id
           OR NEW.version_number <> OLD.version_number OR NEW.opened_at <> OLD.opened_at THEN
          RAISE EXCEPTION 'what a vote is about never changes' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER votes_closed_stay_closed BEFORE UPDATE ON votes
        FOR EACH ROW EXECUTE FUNCTION votes_closed_stay_closed()`);

    // One ballot per member and vote; its weight is one whatever the member speaks for.
    await q.query(`
      CREATE TABLE ballots (
        vote_id uuid NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        choice text NOT NULL,
        speaks_for text,
        cast_at timestamptz NOT NULL DEFAULT now(),
        changed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ballots_one_per_member PRIMARY KEY (vote_id, user_id),
        CONSTRAINT ballots_choice CHECK (choice IN ('yes', 'no', 'abstain')),
        CONSTRAINT ballots_speaks_for CHECK (speaks_for IS NULL OR length(btrim(speaks_for)) BETWEEN 1 AND 200)
      )`);
    await q.query(`
      CREATE FUNCTION ballots_open_vote_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM votes WHERE id = NEW.vote_id AND closed_at IS NOT NULL) THEN
          RAISE EXCEPTION 'the vote is closed' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER ballots_open_vote_only BEFORE INSERT OR UPDATE ON ballots
        FOR EACH ROW EXECUTE FUNCTION ballots_open_vote_only()`);

    // An adopted proposal sent to a fælles-skaber or the process consultant.
    await q.query(`
      CREATE TABLE escalations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL,
        vote_id uuid NOT NULL,
        forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
        recipient_id uuid REFERENCES staff(user_id) ON DELETE SET NULL,
        recipient_kind text NOT NULL,
        escalated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        escalated_at timestamptz NOT NULL DEFAULT now(),
        answer_due_at timestamptz NOT NULL,
        package jsonb NOT NULL,
        package_sha256 text NOT NULL,
        assignee_id uuid REFERENCES staff(user_id) ON DELETE SET NULL,
        status text NOT NULL DEFAULT 'waiting',
        first_answered_at timestamptz,
        CONSTRAINT escalations_one_per_proposal UNIQUE (proposal_id),
        CONSTRAINT escalations_vote FOREIGN KEY (vote_id, proposal_id)
          REFERENCES votes (id, proposal_id) ON DELETE CASCADE,
        CONSTRAINT escalations_recipient_kind CHECK (recipient_kind IN ('coCreator', 'processConsultant')),
        CONSTRAINT escalations_due CHECK (answer_due_at > escalated_at),
        CONSTRAINT escalations_package_sha256
          CHECK (package_sha256 = encode(sha256(convert_to(package::text, 'UTF8')), 'hex')),
        CONSTRAINT escalations_status CHECK (status IN ('waiting', 'received', 'in_dialogue',
          'accepted', 'forwarded', 'declined'))
      )`);
    await q.query(`CREATE INDEX escalations_assignee ON escalations (assignee_id, answer_due_at)`);
    // The package is sealed: only the assignee, the status and the first answer's time move.
    await q.query(`
      CREATE FUNCTION escalations_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          -- Only a deleted forum or proposal (a cascade, one trigger level deeper) takes it along.
          IF pg_trigger_depth() = 1 THEN
            RAISE EXCEPTION 'an escalation is sealed' USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF NEW.id <> OLD.id OR NEW.proposal_id <> OLD.proposal_id OR NEW.vote_id <> OLD.vote_id
           OR NEW.forum_id <> OLD.forum_id OR NEW.recipient_kind <> OLD.recipient_kind
           OR NEW.recipient_id IS DISTINCT FROM OLD.recipient_id AND NEW.recipient_id IS NOT NULL
           OR NEW.escalated_by IS DISTINCT FROM OLD.escalated_by AND NEW.escalated_by IS NOT NULL
           OR NEW.escalated_at <> OLD.escalated_at OR NEW.answer_due_at <> OLD.answer_due_at
           OR NEW.package <> OLD.package OR NEW.package_sha256 <> OLD.package_sha256 THEN
          RAISE EXCEPTION 'an escalation''s package is sealed' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER escalations_sealed BEFORE UPDATE OR DELETE ON escalations
        FOR EACH ROW EXECUTE FUNCTION escalations_sealed()`);

    // Public answers, signed with name and role as they were.
    await q.query(`
      CREATE TABLE escalation_answers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        escalation_id uuid NOT NULL REFERENCES escalations(id) ON DELETE CASCADE,
        status text NOT NULL,
        department text,
        text text NOT NULL,
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        author_name text NOT NULL,
        author_role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT escalation_answers_status CHECK (status IN ('received', 'in_dialogue',
          'accepted', 'forwarded', 'declined')),
        CONSTRAINT escalation_answers_department CHECK ((status = 'forwarded') = (department IS NOT NULL)
          AND (department IS NULL OR length(btrim(department)) BETWEEN 1 AND 200)),
        CONSTRAINT escalation_answers_text CHECK (length(btrim(text)) BETWEEN 1 AND 5000),
        CONSTRAINT escalation_answers_author_role CHECK (author_role IN ('coCreator', 'processConsultant'))
      )`);
    await q.query(
      `CREATE INDEX escalation_answers_escalation ON escalation_answers (escalation_id, created_at)`,
    );
    await q.query(`
      CREATE TRIGGER escalation_answers_append_only BEFORE UPDATE ON escalation_answers
        FOR EACH ROW EXECUTE FUNCTION append_only()`);

    await q.query(`
      CREATE TABLE escalation_handovers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        escalation_id uuid NOT NULL REFERENCES escalations(id) ON DELETE CASCADE,
        from_id uuid REFERENCES users(id) ON DELETE SET NULL,
        to_id uuid REFERENCES users(id) ON DELETE SET NULL,
        by_id uuid REFERENCES users(id) ON DELETE SET NULL,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT escalation_handovers_note CHECK (note IS NULL OR length(btrim(note)) BETWEEN 1 AND 1000)
      )`);
    await q.query(`
      CREATE TRIGGER escalation_handovers_append_only BEFORE UPDATE ON escalation_handovers
        FOR EACH ROW EXECUTE FUNCTION append_only()`);

    // Staff follow other areas' forums beside the ones they cover, and we remember what they saw.
    await q.query(`
      CREATE TABLE staff_follows (
        user_id uuid NOT NULL REFERENCES staff(user_id) ON DELETE CASCADE,
        forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
        since timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, forum_id)
      )`);
    await q.query(`
      CREATE TABLE staff_forum_views (
        user_id uuid NOT NULL REFERENCES staff(user_id) ON DELETE CASCADE,
        forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, forum_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'staff_forum_views',
      'staff_follows',
      'escalation_handovers',
      'escalation_answers',
      'escalations',
      'ballots',
      'votes',
      'proposal_timeline',
      'forum_rules',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    for (const fn of [
      'escalations_sealed',
      'ballots_open_vote_only',
      'votes_closed_stay_closed',
      'append_only',
    ]) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
    await q.query(`ALTER TABLE proposals DROP CONSTRAINT proposals_status`);
    await q.query(`UPDATE proposals SET status = 'draft' WHERE status NOT IN ('draft', 'voting')`);
    await q.query(
      `ALTER TABLE proposals ADD CONSTRAINT proposals_status CHECK (status IN ('draft', 'voting'))`,
    );
  }
}
