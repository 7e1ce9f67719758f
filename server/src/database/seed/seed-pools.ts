import type { PoolRequirement } from '@lokalforum/protocol';
import type { EntityManager } from 'typeorm';
import data from './holbaek.json';

/**
 * What the plans' notes on each pool (holbaek.json `grants.pools`) mean as
 * rules. Landsbyfornyelse is decided politically and can only be sought by a
 * building's owner: the applicant declares ownership, and staff check it when
 * they review. Rum til fællesskab ran 2018–2021 and is seeded closed, so it
 * stays visible with its years but takes no applications.
 */
const rules: Record<
  string,
  {
    description: string;
    excludedAreas?: string[];
    requirements?: PoolRequirement[];
    volunteerHourRateDkk?: number;
    openedYear?: number;
    closedAt?: string;
  }
> = {
  'lokalomraadernes-udviklingspulje': {
    description:
      'Til projekter, der udvikler lokalområderne uden for Holbæk by. Frivillige timer tæller med i egenfinansieringen med 100 kr. i timen. Ansøgningsfrist 1. marts.',
    excludedAreas: ['holbaek'],
    volunteerHourRateDkk: 100,
  },
  faellesskabspuljen: {
    description:
      'Til fællesskaber i hele kommunen. Søges hele året i dialog med områdets fælles-skaber.',
    requirements: ['coCreatorDialogue'],
  },
  'rum-til-faellesskab': {
    description:
      'Til lokale vartegn, møder i naturen og lokale samlingssteder. Puljen kørte 2018–2021.',
    openedYear: 2018,
    closedAt: '2021-12-31T23:00:00Z',
  },
  landsbyfornyelse: {
    description:
      'Statsstøttet istandsættelse eller nedrivning af bygninger i landsbyer med under 4.000 indbyggere. Søges af bygningens ejer og afgøres politisk.',
    excludedAreas: ['holbaek'],
    requirements: ['buildingOwner'],
  },
};

interface PoolSeed {
  slug: string;
  name: string;
  annualDkk?: number;
  maxPerApplicationDkk?: number;
  minPerApplicationDkk?: number;
  deadline?: string | null;
}

/** Makes sure the municipal pools exist; a pool an administrator changed keeps the changes. */
export async function seedPools(db: EntityManager): Promise<void> {
  for (const pool of data.grants.pools as PoolSeed[]) {
    const extra = rules[pool.slug];
    await db.query(
      `INSERT INTO pools (slug, name, description, min_per_application_dkk, max_per_application_dkk,
         annual_dkk, deadline, excluded_areas, requirements, volunteer_hour_rate_dkk, opened_year,
         closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (slug) DO NOTHING`,
      [
        pool.slug,
        pool.name,
        extra?.description ?? '',
        pool.minPerApplicationDkk ?? null,
        pool.maxPerApplicationDkk ?? null,
        pool.annualDkk ?? null,
        pool.deadline ?? null,
        extra?.excludedAreas ?? [],
        extra?.requirements ?? [],
        extra?.volunteerHourRateDkk ?? 0,
        extra?.openedYear ?? null,
        extra?.closedAt ?? null,
      ],
    );
  }
}
