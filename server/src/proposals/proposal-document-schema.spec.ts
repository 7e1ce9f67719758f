import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkProposalUpdate } from './proposal-document-schema';
import { newProposalDocument } from './proposal-document';

/** The server's copy of a proposal and a client that has synced it. */
function serverAndClient() {
  const server = new Y.Doc();
  Y.applyUpdate(server, newProposalDocument('Ny legeplads', 'Ved skolen'));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}

/** What the client sends when it makes `change`. */
function updateOf(client: Y.Doc, change: () => void): Uint8Array {
  const before = Y.encodeStateVector(client);
  change();
  return Y.encodeStateAsUpdate(client, before);
}

function paragraph(text: string, marks?: Record<string, object>): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text, marks);
  p.insert(0, [t]);
  return p;
}

describe('checkProposalUpdate', () => {
  it('accepts edits of title, summary and a body in the TipTap schema', () => {
    const { server, client } = serverAndClient();
    const update = updateOf(client, () => {
      client.getText('title').insert(0, 'Forslag: ');
      client.getText('summary').delete(0, 3);
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 2 as unknown as string);
      const list = new Y.XmlElement('bulletList');
      const item = new Y.XmlElement('listItem');
      item.insert(0, [paragraph('punkt')]);
      list.insert(0, [item]);
      const quote = new Y.XmlElement('blockquote');
      quote.insert(0, [paragraph('citat', { italic: {} })]);
      client
        .getXmlFragment('body')
        .insert(0, [
          heading,
          paragraph('fed', { bold: {} }),
          paragraph('link', { link: { href: 'https://holbaek.dk' } }),
          list,
          quote,
        ]);
    });
    expect(checkProposalUpdate(server, update)).toBeNull();
    Y.applyUpdate(server, update);

    // Typing later refers to neighbours already in the server's document.
    const typing = updateOf(client, () => {
      const text = (client.getXmlFragment('body').get(1) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(3, ' og mere');
      text.format(0, 2, { italic: {} });
      client.getText('title').insert(3, 'x');
    });
    expect(checkProposalUpdate(server, typing)).toBeNull();
    // Whole-state sync (step 2) and deletions are fine too.
    expect(checkProposalUpdate(server, Y.encodeStateAsUpdate(client))).toBeNull();
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => client.getXmlFragment('body').delete(0, 2)),
      ),
    ).toBeNull();
  });

  it('refuses other top-level types', () => {
    const { server, client } = serverAndClient();
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => client.getText('comments').insert(0, 'x')),
      ),
    ).toMatch(/top-level type "comments"/);
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => client.getMap('settings').set('a', 1)),
      ),
    ).toMatch(/top-level type "settings"/);
  });

  it('refuses unknown nodes and marks wherever they go', () => {
    const { server, client } = serverAndClient();
    const body = client.getXmlFragment('body');
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => body.insert(0, [new Y.XmlElement('script')])),
      ),
    ).toMatch(/unknown node type "script"/);

    const { server: s2, client: c2 } = serverAndClient();
    const p = paragraph('tekst');
    Y.applyUpdate(
      s2,
      updateOf(c2, () => c2.getXmlFragment('body').insert(0, [p])),
    );
    const text = p.get(0) as Y.XmlText;
    expect(
      checkProposalUpdate(
        s2,
        updateOf(c2, () => text.format(0, 3, { underline: {} })),
      ),
    ).toMatch(/unknown mark "underline"/);
    expect(
      checkProposalUpdate(
        s2,
        updateOf(c2, () => p.insert(1, [new Y.XmlElement('image')])),
      ),
    ).toMatch(/unknown node type "image"/);
    expect(
      checkProposalUpdate(
        s2,
        updateOf(c2, () => text.insertEmbed(0, { src: 'x' })),
      ),
    ).toMatch(/embeds/);
  });

  it('keeps the title and summary plain text', () => {
    const { server, client } = serverAndClient();
    // Formatting placed inside the existing title: its parent is known only through the server's copy.
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => client.getText('title').format(0, 3, { bold: {} })),
      ),
    ).toMatch(/"title" holds plain text only/);
    expect(
      checkProposalUpdate(
        server,
        updateOf(client, () => client.getText('summary').insertEmbed(1, { x: 1 })),
      ),
    ).toMatch(/embeds/);
    expect(checkProposalUpdate(new Y.Doc(), updateOfFragmentAsTitle())).toMatch(
      /"title" holds plain text only/,
    );
  });

  it('throws on bytes that are not an update', () => {
    const { server } = serverAndClient();
    expect(() => checkProposalUpdate(server, new Uint8Array([1, 2, 200, 255, 255, 255]))).toThrow();
    const valid = updateOf(new Y.Doc(), () => undefined);
    expect(() => checkProposalUpdate(server, valid.subarray(0, valid.length - 1))).toThrow();
  });
});

/** A client that thinks `title` is an XML fragment. */
function updateOfFragmentAsTitle(): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment('title').insert(0, [paragraph('x')]);
  return Y.encodeStateAsUpdate(doc);
}
