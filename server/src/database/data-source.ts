import type { DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

/** One place that says how we talk to PostgreSQL; migrations run at start, never synchronize. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries surface as exceptions (and 500s are logged); expected ones,
    // like a unique violation that becomes a 409, are not noise in the log.
    logging: ['warn', 'migration'],
    extra: { max: 20, application_name: 'lokalforum' },
  };
}
