import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** Express's compiled `trust proxy` (TRUST_PROXY): is the hop at `address` a proxy we believe? */
type TrustProxy = (address: string, hop: number) => boolean;

const trustNobody: TrustProxy = () => false;

/**
 * Where a request came from and which origin it was addressed to, for plain
 * HTTP requests and WebSocket upgrades alike. X-Forwarded-* count only from
 * the proxies TRUST_PROXY names, exactly as Express's `req.protocol`,
 * `req.host` and `req.ip` do (its compiled setting is used, so there is one
 * rule), which upgrades do not get.
 */
@Injectable()
export class RequestSource {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** `scheme://host[:port]` the request was sent to, or null without a usable Host. */
  origin(req: IncomingMessage): string | null {
    const trusted = this.trustsPeer(req);
    const encrypted = (req.socket as Partial<TLSSocket>).encrypted === true;
    const protocol =
      (trusted && first(req.headers['x-forwarded-proto'])) || (encrypted ? 'https' : 'http');
    const host = (trusted && first(req.headers['x-forwarded-host'])) || req.headers.host;
    return host ? normalOrigin(`${protocol}://${host}`) : null;
  }

  /** The client's address: the first hop, from the socket inwards, that is not a trusted proxy. */
  clientAddress(req: IncomingMessage): string {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .reverse();
    const chain = [req.socket.remoteAddress ?? 'unknown', ...forwarded];
    const trust = this.trust();
    for (let hop = 0; hop < chain.length - 1; hop++) {
      if (!trust(chain[hop]!, hop)) return chain[hop]!;
    }
    return chain[chain.length - 1]!;
  }

  private trustsPeer(req: IncomingMessage): boolean {
    const address = req.socket.remoteAddress;
    return address !== undefined && this.trust()(address, 0);
  }

  private trust(): TrustProxy {
    const app = this.adapterHost.httpAdapter?.getInstance<{ get(name: string): unknown }>();
    const trust = app?.get('trust proxy fn');
    return typeof trust === 'function' ? (trust as TrustProxy) : trustNobody;
  }
}

/** The first of a comma-separated header's values (proxies append theirs). */
function first(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim() || undefined;
}

/** `scheme://host[:port]` of an http(s) URL, lower-cased and without a default port; else null. */
export function normalOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: names that only reach this machine. */
export function isLoopbackOrigin(origin: string): boolean {
  const { hostname } = new URL(origin);
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) ||
    hostname === '[::1]'
  );
}
