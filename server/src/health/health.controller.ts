import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Health } from '@lokalforum/protocol';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { RedisConnection } from '../common/redis';
import { ZodResponse } from '../common/zod-validation';

/** Readiness for load balancers and operators: 200 when every configured service answers. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  @Get()
  @ZodResponse(200, Health, 'Ready')
  @ZodResponse(503, Health, 'Database or Redis not answering')
  async health(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const database = await this.db
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const redis = await this.redis.ping();
    const ok = database === 'up' && redis !== 'down';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', database, redis };
  }
}
