import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { migrate } from './migrate';
import { seed } from './seed';

/** PostgreSQL through TypeORM: migrate, then seed, before anything else starts. */
@Module({})
export class DatabaseModule {
  static forRoot(url: string, demo: boolean): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(url),
          dataSourceFactory: async (options) => {
            const db = await new DataSource(options!).initialize();
            await migrate(db);
            await seed(db, { demo });
            return db;
          },
        }),
      ],
    };
  }
}
