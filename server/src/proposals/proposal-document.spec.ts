import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PROPOSAL_BODY_DEPTH_CEILING, type ProseMirrorNode } from '@lokalforum/protocol';
import { cleanBody } from './proposal-body';
import { newProposalDocument, renderProposal, renderProposalState } from './proposal-document';

function element(name: string, children: (Y.XmlElement | Y.XmlText)[], attrs = {}) {
  const el = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value as string);
  el.insert(0, children);
  return el;
}

function text(...runs: [string, Record<string, object>?][]) {
  const t = new Y.XmlText();
  let at = 0;
  for (const [s, marks] of runs) {
    t.insert(at, s, marks ?? {});
    at += s.length;
  }
  return t;
}

describe('renderProposal', () => {
  it('gives the body as ProseMirror JSON and the whole proposal as plain text', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, newProposalDocument('Ny bænk', 'Ved havnen'));
    doc.getXmlFragment('body').insert(0, [
      element('heading', [text(['Baggrund'])], { level: 2 }),
      element('paragraph', [
        text(
          ['Vi vil have en ', {}],
          ['bænk', { bold: {} }],
          [' – se ', {}],
          ['kortet', { link: { href: 'https://kort.example' } }],
        ),
      ]),
      element('bulletList', [
        element('listItem', [element('paragraph', [text(['træ'])])]),
        element('listItem', [element('paragraph', [text(['metal'])])]),
      ]),
      element('orderedList', [element('listItem', [element('paragraph', [text(['først'])])])], {
        start: 3,
      }),
      element('blockquote', [element('paragraph', [text(['citat', { italic: {} }])])]),
      element('paragraph', []),
    ]);

    const rendered = renderProposal(doc);
    expect(rendered.title).toBe('Ny bænk');
    expect(rendered.summary).toBe('Ved havnen');
    expect(rendered.body.content[0]).toEqual({
      type: 'heading',
      attrs: { level: 2 },
      content: [{ type: 'text', text: 'Baggrund' }],
    });
    expect(rendered.body.content[1]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Vi vil have en ' },
        { type: 'text', text: 'bænk', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' – se ' },
        {
          type: 'text',
          text: 'kortet',
          marks: [{ type: 'link', attrs: { href: 'https://kort.example' } }],
        },
      ],
    });
    expect(rendered.body.content[5]).toEqual({ type: 'paragraph' });
    expect(rendered.text).toBe(
      [
        'Ny bænk',
        '',
        'Ved havnen',
        '',
        'Baggrund',
        'Vi vil have en bænk – se kortet',
        '- træ',
        '- metal',
        '3. først',
        '> citat',
        '',
      ].join('\n'),
    );
  });

  it('starts a new proposal with its title and summary and an empty body', () => {
    expect(renderProposalState(newProposalDocument('Titel', ''))).toEqual({
      title: 'Titel',
      summary: '',
      body: { type: 'doc', content: [] },
      text: 'Titel',
    });
  });

  it('can start a proposal with paragraphs of text (the demo data does)', () => {
    const rendered = renderProposalState(
      newProposalDocument('Titel', 'Kort', ['Første.', 'Anden.']),
    );
    expect(rendered.body).toEqual({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Første.' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Anden.' }] },
      ],
    });
    expect(rendered.text).toContain('Anden.');
  });
});

/** A document as it may have been stored before today's checks: anything a client sent. */
function legacyDocument(fill: (doc: Y.Doc) => void): Y.Doc {
  const doc = new Y.Doc();
  fill(doc);
  return doc;
}

function nestQuotes(doc: Y.Doc, levels: number): void {
  let parent: Y.XmlFragment = doc.getXmlFragment('body');
  doc.transact(() => {
    for (let i = 0; i < levels; i++) {
      const quote = new Y.XmlElement('blockquote');
      parent.insert(0, [quote]);
      parent = quote;
    }
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText();
    t.insert(0, 'bunden');
    p.insert(0, [t]);
    parent.insert(0, [p]);
  });
}

function depthOf(nodes: ProseMirrorNode[] | undefined): number {
  let depth = 0;
  for (let level = nodes; level && level.length > 0; level = level[0]!.content) depth++;
  return depth;
}

describe('rendering documents stored before the rules', () => {
  it('renders 8,000 nested quotes to the depth ceiling without overflowing the stack', () => {
    const doc = legacyDocument((d) => nestQuotes(d, 8000));
    const rendered = renderProposal(doc);
    expect(depthOf(rendered.body.content)).toBe(PROPOSAL_BODY_DEPTH_CEILING);
    expect(rendered.text).not.toContain('bunden');
    // PostgreSQL's jsonb takes it.
    expect(JSON.stringify(rendered.body).length).toBeLessThan(10_000);
  });

  it('drops attributes and marks the rules do not allow, and characters nobody can store', () => {
    const doc = legacyDocument((d) => {
      let deep: unknown = [];
      for (let i = 0; i < 3000; i++) deep = [deep];
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('onclick', 'alert(1)');
      p.setAttribute('data', deep as string);
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 2 as unknown as string);
      heading.setAttribute('style', 'color:red');
      const t = new Y.XmlText();
      t.insert(0, 'klik\u0000 her', { link: { href: 'javascript:alert(1)' }, bold: {} });
      t.insert(9, ' og her', { link: { href: 'https://holbaek.dk', onclick: 'x' } });
      t.insert(16, ' og så', { link: { href: 'https://holbaek.dk' } });
      p.insert(0, [t]);
      const script = new Y.XmlElement('script');
      d.getXmlFragment('body').insert(0, [heading, p, script]);
      d.getText('title').insert(0, `${'x'.repeat(300_000)}\u0000`);
    });
    const rendered = renderProposal(doc);
    expect(rendered.title).toBe('x'.repeat(200));
    expect(rendered.body).toEqual({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 } },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'klik her', marks: [{ type: 'bold' }] },
            { type: 'text', text: ' og her' },
            {
              type: 'text',
              text: ' og så',
              marks: [{ type: 'link', attrs: { href: 'https://holbaek.dk' } }],
            },
          ],
        },
      ],
    });
  });

  it('cleans stored body JSON the same way', () => {
    let deep: ProseMirrorNode = { type: 'paragraph', content: [{ type: 'text', text: 'bund' }] };
    for (let i = 0; i < 5000; i++) deep = { type: 'blockquote', content: [deep] };
    const stored = {
      type: 'doc' as const,
      content: [
        {
          type: 'paragraph',
          attrs: { onclick: 'alert(1)' },
          content: [
            {
              type: 'text',
              text: 'a\u0000b',
              marks: [{ type: 'link', attrs: { href: 'data:text/html,x' } }, { type: 'italic' }],
            },
          ],
        },
        { type: 'orderedList', attrs: { start: 3, style: 'x' } },
        { type: 'iframe', attrs: { src: 'https://evil.example' } },
        deep,
      ],
    };
    const clean = cleanBody(stored);
    expect(clean.content.slice(0, 2)).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'ab', marks: [{ type: 'italic' }] }] },
      { type: 'orderedList', attrs: { start: 3 } },
    ]);
    expect(clean.content).toHaveLength(3);
    expect(depthOf(clean.content.slice(2))).toBe(PROPOSAL_BODY_DEPTH_CEILING);
  });
});
