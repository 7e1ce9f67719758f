import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type PlaceMatch,
  SEARCH_PAGE_SIZE,
  type SearchGroup,
  type SearchHit,
  type SearchKind,
  type SearchResults,
  searchKinds,
} from '@lokalforum/protocol';
import { DataSource } from 'typeorm';
import { PLACE_MATCHES, PLACE_ORDER } from '../forums/place-matches';

/** Characters of a proposal's or debate's text shown with a hit. */
const EXCERPT_LENGTH = 160;

/** A place always has its area. */
type PlaceRow = HitRow & {
  area_slug: string;
  area_name: string;
  forum_name: string;
  exact: boolean;
};

interface HitRow {
  title: string;
  excerpt: string | null;
  href: string;
  area_slug: string | null;
  area_name: string | null;
  total: number;
}

/**
 * Each kind's hits as one statement: `$1` the words, `$2` the limit, `$3` the
 * offset; every row carries the kind's total. Typos are forgiven by trigram
 * similarity on names and titles, Danish word forms by the search vectors
 * (see the Search migration); both count towards the rank.
 */
const HIT_QUERIES: Record<SearchKind, string> = {
  place: `
    SELECT m.place AS title, NULL AS excerpt, '/fora/' || m.area_slug AS href, m.area_slug,
           m.area_name, count(*) OVER ()::int AS total, m.forum_name, m.exact
      FROM (${PLACE_MATCHES}) m
     ORDER BY ${PLACE_ORDER}
     LIMIT $2 OFFSET $3`,
  forum: `
    SELECT f.name AS title, NULL AS excerpt, '/fora/' || a.slug AS href,
           a.slug AS area_slug, a.name AS area_name, count(*) OVER ()::int AS total
      FROM forums f JOIN areas a ON a.id = f.area_id
     WHERE search_vector(f.name || ' ' || a.name) @@ search_query($1)
        OR word_similarity($1, f.name) >= 0.45 OR word_similarity($1, a.name) >= 0.45
     ORDER BY greatest(word_similarity($1, f.name), word_similarity($1, a.name)) DESC, a.position
     LIMIT $2 OFFSET $3`,
  staff: `
    SELECT u.name AS title, s.field AS excerpt, '/medarbejdere#staff-' || s.user_id AS href,
           a.slug AS area_slug, a.name AS area_name, count(*) OVER ()::int AS total
      FROM staff s JOIN users u ON u.id = s.user_id
      LEFT JOIN LATERAL (SELECT slug, name FROM areas WHERE co_creator_id = s.user_id
                          ORDER BY position LIMIT 1) a ON true
     WHERE word_similarity($1, u.name) >= 0.5 OR word_similarity($1, s.field) >= 0.5
        OR s.field ILIKE '%' || $1 || '%'
     ORDER BY greatest(word_similarity($1, u.name), word_similarity($1, s.field)) DESC, u.name
     LIMIT $2 OFFSET $3`,
  partner: `
    SELECT p.name AS title, array_to_string(p.topics, ', ') AS excerpt,
           '/partnere?area=' || a.slug || '#partner-' || p.id AS href, a.slug AS area_slug,
           a.name AS area_name, count(*) OVER ()::int AS total
      FROM partners p JOIN forums f ON f.id = p.forum_id JOIN areas a ON a.id = f.area_id
     WHERE search_vector(p.name || ' ' || array_to_string(p.topics, ' ') || ' '
                         || coalesce(p.description, '')) @@ search_query($1)
        OR word_similarity($1, p.name) >= 0.45
        OR EXISTS (SELECT 1 FROM unnest(p.topics) t WHERE word_similarity($1, t) >= 0.5)
     ORDER BY word_similarity($1, p.name) DESC, lower(p.name), p.id
     LIMIT $2 OFFSET $3`,
  proposal: `
    SELECT p.title, left(CASE WHEN p.summary <> '' THEN p.summary ELSE p.text END, ${EXCERPT_LENGTH})
             AS excerpt,
           '/forslag/' || p.id AS href, a.slug AS area_slug, a.name AS area_name,
           count(*) OVER ()::int AS total
      FROM proposals p JOIN forums f ON f.id = p.forum_id JOIN areas a ON a.id = f.area_id
     WHERE p.search @@ search_query($1) OR $1 <% p.title
     ORDER BY coalesce(ts_rank(p.search, search_query($1)), 0) + word_similarity($1, p.title) DESC,
              p.created_at DESC
     LIMIT $2 OFFSET $3`,
  debate: `
    SELECT d.title, left(d.body, ${EXCERPT_LENGTH}) AS excerpt, '/debatter/' || d.id AS href,
           a.slug AS area_slug, a.name AS area_name, count(*) OVER ()::int AS total
      FROM debates d JOIN forums f ON f.id = d.forum_id JOIN areas a ON a.id = f.area_id
     WHERE d.hidden_at IS NULL AND d.deleted_at IS NULL
       AND (d.search @@ search_query($1) OR $1 <% d.title)
     ORDER BY coalesce(ts_rank(d.search, search_query($1)), 0) + word_similarity($1, d.title) DESC,
              d.created_at DESC
     LIMIT $2 OFFSET $3`,
};

/** The search box: places, forums, staff, partners, proposals and debates, grouped by kind and ranked. */
@Injectable()
export class SearchService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Page 1 of every kind, or page `page` of one kind. */
  async search(q: string, kind: SearchKind | undefined, page: number): Promise<SearchResults> {
    const kinds = kind ? [kind] : searchKinds;
    const groups = await Promise.all(kinds.map((k) => this.group(k, q, kind ? page : 1)));
    return { q, groups: groups.filter((g) => g.total > 0) };
  }

  /** Which areas a place name (or something close to it) belongs to, the exact name first. */
  async places(q: string): Promise<PlaceMatch[]> {
    const rows = await this.db.query<PlaceRow[]>(HIT_QUERIES.place, [q, SEARCH_PAGE_SIZE, 0]);
    return rows.map((r) => ({
      place: r.title,
      area: { slug: r.area_slug, name: r.area_name },
      forumName: r.forum_name,
      exact: r.exact,
    }));
  }

  private async group(kind: SearchKind, q: string, page: number): Promise<SearchGroup> {
    const rows = await this.db.query<HitRow[]>(HIT_QUERIES[kind], [
      q,
      SEARCH_PAGE_SIZE,
      (page - 1) * SEARCH_PAGE_SIZE,
    ]);
    const total = rows[0]?.total ?? (page > 1 ? await this.count(kind, q) : 0);
    return {
      kind,
      total,
      page,
      pageCount: Math.ceil(total / SEARCH_PAGE_SIZE),
      hits: rows.map((r): SearchHit => ({
        kind,
        title: r.title,
        excerpt: r.excerpt,
        href: r.href,
        area: r.area_slug && r.area_name ? { slug: r.area_slug, name: r.area_name } : null,
      })),
    };
  }

  /** The total when a page past the end came back empty. */
  private async count(kind: SearchKind, q: string): Promise<number> {
    const rows = await this.db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM (${HIT_QUERIES[kind]}) h`,
      [q, null, 0],
    );
    return rows[0]?.total ?? 0;
  }
}
