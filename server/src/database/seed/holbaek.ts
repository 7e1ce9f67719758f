import data from './holbaek.json';

/** Holbæk's 18 lokalområder and grant settings, copied from the municipal plans (see _about). */
export interface AreaSeed {
  slug: string;
  name: string;
  forum: string;
  population2011: number | null;
  places: string[];
}

export const holbaekAreas: AreaSeed[] = data.areas;
export const areaGrant = data.grants.annualAreaGrant;
