import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search (issue 10): PostgreSQL full-text search for Danish and trigram
 * similarity for typos ("Jydrup" finds Jyderup), over proposals, debates,
 * forums and places.
 *
 * Danish stemming alone does not make "legepladser" find "legeplads": the
 * Snowball stemmer takes "legeplads" to `legeplad` but "legepladser" to
 * `legeplads`. So every lexeme is stemmed once more (`search_vector`):
 * both end at `legeplad`. Queries go through the same (`search_query`).
 * Only the first 100,000 characters of a text are indexed, which keeps a
 * vector far under PostgreSQL's 1 MB limit for the largest document.
 */
/** Each searched table: the columns its vector is made of, and how, most important first. */
const SEARCHED: { table: string; columns: string[]; vector: string }[] = [
  {
    table: 'proposals',
    columns: ['title', 'summary', 'text'],
    vector: `setweight(search_vector(NEW.title), 'A') || setweight(search_vector(NEW.summary), 'B')
       || setweight(search_vector(NEW.text), 'C')`,
  },
  {
    table: 'debates',
    columns: ['title', 'body'],
    vector: `setweight(search_vector(NEW.title), 'A') || setweight(search_vector(NEW.body), 'B')`,
  },
];

export class Search1764600000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE FUNCTION search_vector(doc text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT coalesce(string_agg(
                   '''' || replace(replace(
                     coalesce((ts_lexize('danish_stem', u.lexeme))[1], u.lexeme),
                     '\\', '\\\\'), '''', '''''') || ''':' || array_to_string(u.positions, ','),
                   ' '), '')::tsvector
            FROM unnest(to_tsvector('danish', left(doc, 100000))) u
        $$`);
    await q.query(`
      CREATE FUNCTION search_query(words text) RETURNS tsquery
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT string_agg(
                   '''' || replace(replace(u.lexeme, '\\', '\\\\'), '''', '''''') || '''',
                   ' & ')::tsquery
            FROM unnest(search_vector(words)) u
        $$`);
    for (const { table, columns, vector } of SEARCHED) {
      // A trigger, not a generated column: TypeORM keeps generated columns' expressions in a table of its own.
      await q.query(`ALTER TABLE ${table} ADD COLUMN search tsvector`);
      await q.query(`
        CREATE FUNCTION ${table}_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search := ${vector};
          RETURN NEW;
        END $$`);
      await q.query(`
        CREATE TRIGGER ${table}_search BEFORE INSERT OR UPDATE OF ${columns.join(', ')} ON ${table}
          FOR EACH ROW EXECUTE FUNCTION ${table}_search_refresh()`);
      await q.query(`UPDATE ${table} SET title = title`);
      await q.query(`CREATE INDEX ${table}_search ON ${table} USING gin (search)`);
      await q.query(`CREATE INDEX ${table}_title_trgm ON ${table} USING gin (title gin_trgm_ops)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table } of SEARCHED) {
      await q.query(`DROP TRIGGER ${table}_search ON ${table}`);
      await q.query(`DROP FUNCTION ${table}_search_refresh()`);
      await q.query(`DROP INDEX ${table}_title_trgm`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN search`);
    }
    await q.query(`DROP FUNCTION search_query(text)`);
    await q.query(`DROP FUNCTION search_vector(text)`);
    // pg_trgm stays: dropping an extension is an operator's decision.
  }
}
