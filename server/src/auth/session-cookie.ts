import { SESSION_COOKIE } from '@lokalforum/protocol';
import type { CookieOptions, Request, Response } from 'express';

function options(req: Request, expires?: Date): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    ...(expires ? { expires } : {}),
  };
}

export function setSessionCookie(req: Request, res: Response, token: string, expires: Date): void {
  res.cookie(SESSION_COOKIE, token, options(req, expires));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, options(req));
}
