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

/** The value of cookie `name` in a raw Cookie header (upgrade requests have no cookie parser). */
export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const cut = part.indexOf('=');
    if (cut !== -1 && part.slice(0, cut).trim() === name) {
      try {
        return decodeURIComponent(part.slice(cut + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
