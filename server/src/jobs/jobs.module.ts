import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';

/** Persistent jobs (pg-boss in PostgreSQL), for every module that needs something done later. */
@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}
