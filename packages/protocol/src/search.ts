import { z } from 'zod';
import { Slug, decimalInteger, textRule } from './common.js';

/** What the search box is asked: a few words, a place or a name (typos forgiven). */
export const SearchText = z
  .string()
  .trim()
  .min(2, 'Skriv mindst to tegn')
  .max(200, 'Højst 200 tegn')
  .superRefine(textRule('line'));

export const searchKinds = ['place', 'forum', 'staff', 'partner', 'proposal', 'debate'] as const;
export const SearchKind = z.enum(searchKinds);
export type SearchKind = z.infer<typeof SearchKind>;

/** Hits per kind and page. */
export const SEARCH_PAGE_SIZE = 10;

/** `GET /api/search?q=&kind=&page=`: every kind on page 1, or one kind paged on. */
export const SearchQuery = {
  q: SearchText.describe('Words, a place or a name'),
  kind: SearchKind.optional().describe('Only this kind (to page through it)'),
  page: decimalInteger(1, 50, 'Vælg en side mellem 1 og 50').default(1),
};

/** The area a hit belongs to. */
export const SearchArea = z.object({ slug: Slug, name: z.string() });
export type SearchArea = z.infer<typeof SearchArea>;

export const SearchHit = z.object({
  kind: SearchKind,
  title: z.string(),
  /** The start of a proposal's summary or text, or of a debate; a person's field; a partner's topics; null for places and forums. */
  excerpt: z.string().nullable(),
  /** Where the hit lives in the site (a path). */
  href: z.string(),
  area: SearchArea.nullable(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchGroup = z.object({
  kind: SearchKind,
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  pageCount: z.number().int().nonnegative(),
  hits: z.array(SearchHit),
});
export type SearchGroup = z.infer<typeof SearchGroup>;

export const SearchResults = z.object({
  q: z.string(),
  /** In `searchKinds` order; kinds without hits are left out. */
  groups: z.array(SearchGroup),
});
export type SearchResults = z.infer<typeof SearchResults>;

/** `GET /api/places?q=`: which area a place (a town, a village) belongs to. */
export const PlaceQuery = { q: SearchText.describe('A place name; small typos are forgiven') };

export const PlaceMatch = z.object({
  place: z.string(),
  area: SearchArea,
  forumName: z.string(),
  /** True when the name is the place's, letter for letter (case aside). */
  exact: z.boolean(),
});
export type PlaceMatch = z.infer<typeof PlaceMatch>;
