import { type ProposalDetail, proposalDocName } from '@lokalforum/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import type { RunningServer } from '../src/app';
import { apiClient, startTestServer } from './support/app';
import { collabUrl, eventually, personWithToken, rawSocket } from './support/collab';
import { db } from './support/factories';

let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const sql = (q: string, p?: unknown[]) => db(server).query(q, p);

/** y-websocket's sync update message around a Yjs update. */
function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The Yjs updates among the messages a raw socket receives. */
function updatesReceived(ws: WebSocket): Uint8Array[] {
  const updates: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 2) return;
    updates.push(decoding.readVarUint8Array(decoder));
  });
  return updates;
}

describe('sending updates to the other editors', () => {
  it('sends the first of updates that arrive together at once and the rest as one merged message, none back to their sender', async () => {
    const author = await personWithToken(sql, 'jyderup');
    const res = await apiClient(server.url).post<ProposalDetail>('/api/forums/jyderup/proposals', {
      token: author.token,
      body: { title: 'Samlet levering' },
    });
    const url = `${collabUrl(server.url)}/${proposalDocName(res.body.id)}?token=${author.token}`;
    const [sender, receiver] = await Promise.all([rawSocket(url), rawSocket(url)]);
    const toSender = updatesReceived(sender);
    const toReceiver = updatesReceived(receiver);
    try {
      const doc = new Y.Doc();
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));
      doc.getXmlFragment('body').insert(0, [paragraph]);
      for (const letter of 'abc') text.insert(text.length, letter);
      expect(updates).toHaveLength(4);

      // In one TCP write, so the server reads all four in one turn of its event loop.
      const socket = (sender as unknown as { _socket: import('node:net').Socket })._socket;
      socket.cork();
      for (const update of updates) sender.send(updateMessage(update));
      socket.uncork();

      await eventually(() => expect(toReceiver.length).toBeGreaterThan(1));
      await new Promise((r) => setTimeout(r, 200));
      expect(toReceiver).toHaveLength(2);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, toReceiver[0]!);
      expect(copy.getXmlFragment('body').toJSON()).toBe('<paragraph></paragraph>');
      Y.applyUpdate(copy, toReceiver[1]!);
      expect(copy.getXmlFragment('body').toJSON()).toBe('<paragraph>abc</paragraph>');
      expect(toSender).toHaveLength(0);
    } finally {
      sender.close();
      receiver.close();
    }
  });
});
