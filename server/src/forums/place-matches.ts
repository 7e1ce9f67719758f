/**
 * The seeded areas' places that match `$1`: the name itself (case aside),
 * then small typos by trigram similarity ("Jydrup" → Jyderup), each with its
 * area and forum. Order by `PLACE_ORDER`: the exact name first, then the closest.
 * Search and the staff directory both resolve places through this.
 */
export const PLACE_MATCHES = `
  SELECT p.place, a.slug AS area_slug, a.name AS area_name, f.name AS forum_name,
         lower(p.place) = lower($1) AS exact, similarity(p.place, $1) AS score
    FROM areas a JOIN forums f ON f.area_id = a.id, unnest(a.places) AS p(place)
   WHERE lower(p.place) = lower($1) OR similarity(p.place, $1) >= 0.3
      OR word_similarity($1, p.place) >= 0.6`;

export const PLACE_ORDER = `exact DESC, score DESC, place`;
