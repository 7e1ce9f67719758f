import 'reflect-metadata';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { DemoDecisions } from './demo/demo-decisions';
import { ApiExceptionFilter } from './common/api-exception.filter';
import type { AppConfig } from './config/config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { setUpOpenApi } from './openapi';
import { mountWebApp } from './web/web-app';

const levels: Record<AppConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

export interface RunningServer {
  app: INestApplication;
  /** http://host:port the server listens on. */
  url: string;
  close(): Promise<void>;
}

/** Builds the whole server: database (embedded or configured), API, OpenAPI, web app. */
export async function createServer(config: AppConfig): Promise<RunningServer> {
  const logger = new Logger('Lokalforum');
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const pgLogger = new Logger('EmbeddedPostgres');
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      log: (line) => pgLogger.debug(line),
    });
    databaseUrl = embedded.url;
    logger.log(`Embedded PostgreSQL running, data in ${config.dataDir}`);
  }

  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
      logger: levels[config.logLevel],
      bodyParser: false,
    });
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  app.disable('x-powered-by');
  // Requests from the SvelteKit app in this process arrive over loopback with the
  // visitor's X-Forwarded-* headers (default 'loopback'); behind a reverse proxy set
  // TRUST_PROXY to e.g. 'loopback, 10.0.0.0/8'.
  app.set('trust proxy', config.trustProxy);
  app.useBodyParser('json', { limit: '100kb' });
  app.use(cookieParser());
  // Pages get their CSP from SvelteKit (kit.csp, with nonces); the rest of helmet applies to all.
  // `same-origin` referrers: with `no-referrer` browsers send `Origin: null` on plain
  // form posts, which SvelteKit's CSRF check refuses.
  app.use(
    helmet({
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.useGlobalFilters(new ApiExceptionFilter());
  setUpOpenApi(app);
  await mountWebApp(app, config);
  app.enableShutdownHooks();
  await app.init();
  if (config.demo && config.demoDecisions) {
    // After every module has started (the job queue too), before anyone can ask for a page.
    await app
      .get(DemoDecisions)
      .seed()
      .catch((err: unknown) => logger.error('The demo decisions could not be made', err));
  }

  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  // SvelteKit's server-side fetches reach the API in this same process over loopback.
  process.env.LOKALFORUM_API_ORIGIN ??= `http://127.0.0.1:${port}`;

  let closed = false;
  return {
    app,
    url,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await embedded?.stop();
    },
  };
}
