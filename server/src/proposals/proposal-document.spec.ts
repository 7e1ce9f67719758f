import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
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
});
