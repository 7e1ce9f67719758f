import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppConfig } from '../config/config';

type Handler = (req: Request, res: Response, next: NextFunction) => void;

const SEEN_PROTOCOL = 'x-lokalforum-protocol';
const SEEN_HOST = 'x-lokalforum-host';
const SEEN_ADDRESS = 'x-lokalforum-address';

/** Paths the server answers itself; everything else is the SvelteKit app. */
const SERVER_PATHS = /^\/(api|health|socket\.io|collab)(\/|$)/;

function clientBuildDir(config: AppConfig): string | null {
  const dir = config.clientDir ?? resolve(__dirname, '../../../client/build');
  return existsSync(join(dir, 'handler.js')) ? dir : null;
}

/** Serves the built SvelteKit app (adapter-node handler) on the same port as the API. */
export async function mountWebApp(app: NestExpressApplication, config: AppConfig): Promise<void> {
  const logger = new Logger('WebApp');
  const dir = clientBuildDir(config);
  if (!dir) {
    logger.warn('No client build found (run `npm run build`); serving the API only');
    return;
  }
  // adapter-node reads these at import. With PUBLIC_URL the origin is fixed; without it,
  // adapter-node would assume https, so we tell it the protocol Express saw (which
  // honours X-Forwarded-Proto only from trusted proxies) through headers we set ourselves.
  // The same for the client's address: behind a reverse proxy adapter-node would see
  // the proxy's, and every visitor would share one per-address limit.
  if (config.publicUrl && !process.env.ORIGIN) process.env.ORIGIN = config.publicUrl;
  process.env.PROTOCOL_HEADER ??= SEEN_PROTOCOL;
  process.env.HOST_HEADER ??= SEEN_HOST;
  process.env.ADDRESS_HEADER ??= SEEN_ADDRESS;
  const module = (await import(pathToFileURL(join(dir, 'handler.js')).href)) as {
    handler: Handler;
  };
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SERVER_PATHS.test(req.path)) return next();
    req.headers[SEEN_PROTOCOL] = req.protocol;
    req.headers[SEEN_HOST] = req.host;
    // Express's req.ip follows X-Forwarded-For only from TRUST_PROXY's proxies.
    req.headers[SEEN_ADDRESS] = req.ip ?? req.socket.remoteAddress ?? '';
    module.handler(req, res, next);
  });
}
