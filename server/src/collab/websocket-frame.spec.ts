import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { binaryFrame } from './websocket-frame';

describe('binaryFrame', () => {
  it('is read by a ws client as the binary message it carries, at every length encoding', async () => {
    const wss = new WebSocketServer({ port: 0, perMessageDeflate: false });
    await once(wss, 'listening');
    const sockets: import('node:stream').Duplex[] = [];
    wss.on('connection', (_ws, req) => sockets.push(req.socket));
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    const received: { data: Buffer; isBinary: boolean }[] = [];
    client.on('message', (data: Buffer, isBinary) => received.push({ data, isBinary }));
    try {
      await once(client, 'open');
      while (sockets.length === 0) await new Promise((r) => setTimeout(r, 5));
      const payloads = [0, 1, 125, 126, 65_535, 65_536, 200_000].map((n) =>
        Buffer.alloc(n, n % 251),
      );
      for (const payload of payloads) sockets[0]!.write(binaryFrame(payload));
      while (received.length < payloads.length) await new Promise((r) => setTimeout(r, 5));
      expect(received.map((m) => m.isBinary)).toEqual(payloads.map(() => true));
      expect(received.map((m) => m.data.equals(payloads[received.indexOf(m)]!))).toEqual(
        payloads.map(() => true),
      );
    } finally {
      client.terminate();
      wss.close();
    }
  });
});
