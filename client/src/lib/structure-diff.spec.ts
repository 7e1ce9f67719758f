import type { ProseMirrorDoc, ProseMirrorMark, ProseMirrorNode } from '@lokalforum/protocol';
import { describe, expect, it } from 'vitest';
import {
  type BlockDiff,
  bodyBlocks,
  diffBlocks,
  diffVersions,
  formatChanges,
  type InlinePart,
  structureStats,
  versionBlocks,
  versionSummary,
} from './structure-diff';

// Small builders for ProseMirror JSON as the editor stores it.
const bold: ProseMirrorMark = { type: 'bold' };
const italic: ProseMirrorMark = { type: 'italic' };
const link = (href: string): ProseMirrorMark => ({ type: 'link', attrs: { href, target: null } });
const text = (value: string, ...marks: ProseMirrorMark[]): ProseMirrorNode =>
  marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value };
const inline = (content: (string | ProseMirrorNode)[]) =>
  content.map((c) => (typeof c === 'string' ? text(c) : c));
const p = (...content: (string | ProseMirrorNode)[]): ProseMirrorNode => ({
  type: 'paragraph',
  content: inline(content),
});
const h = (level: number, ...content: (string | ProseMirrorNode)[]): ProseMirrorNode => ({
  type: 'heading',
  attrs: { level },
  content: inline(content),
});
const li = (...content: ProseMirrorNode[]): ProseMirrorNode => ({ type: 'listItem', content });
const ul = (...items: ProseMirrorNode[]): ProseMirrorNode => ({
  type: 'bulletList',
  content: items,
});
const ol = (...items: ProseMirrorNode[]): ProseMirrorNode => ({
  type: 'orderedList',
  attrs: { start: 1 },
  content: items,
});
const quote = (...content: ProseMirrorNode[]): ProseMirrorNode => ({
  type: 'blockquote',
  content,
});
const doc = (...content: ProseMirrorNode[]): ProseMirrorDoc => ({ type: 'doc', content });

const diff = (a: ProseMirrorDoc, b: ProseMirrorDoc) => diffBlocks(bodyBlocks(a), bodyBlocks(b));
const kinds = (d: BlockDiff[]) => d.map((b) => b.kind);
const textOf = (parts: InlinePart[], drop: 'added' | 'removed') =>
  parts
    .filter((part) => part.kind !== drop)
    .map((part) => part.text)
    .join('');
const only = (d: BlockDiff[]) => {
  const changed = d.filter((b) => b.kind !== 'same');
  expect(changed).toHaveLength(1);
  return changed[0]!;
};
const changed = (block: BlockDiff) => {
  if (block.kind !== 'changed') throw new Error(`expected a changed block, got ${block.kind}`);
  return block;
};

describe('flattening a document into blocks', () => {
  it('gives each paragraph, heading and list item its place, marks merged into runs', () => {
    const blocks = bodyBlocks(
      doc(
        h(2, 'Stier'),
        p('En ', text('fed', bold), text(' sti', bold)),
        ul(li(p('Først'), ul(li(p('Indrykket')))), li(p('Så'))),
        ol(li(p('Et')), li(p('To'))),
        quote(p('Citeret')),
        p(),
      ),
    );
    expect(
      blocks.map((b) => [b.shape.kind, b.shape.level, b.shape.containers.join('>'), b.marker]),
    ).toEqual([
      ['heading', 2, '', null],
      ['paragraph', null, '', null],
      ['paragraph', null, 'bulletList', '•'],
      ['paragraph', null, 'bulletList>bulletList', '•'],
      ['paragraph', null, 'bulletList', '•'],
      ['paragraph', null, 'orderedList', '1.'],
      ['paragraph', null, 'orderedList', '2.'],
      ['paragraph', null, 'blockquote', null],
    ]);
    // The empty paragraph is left out; adjacent bold text is one run.
    expect(blocks[1]!.runs).toEqual([
      { text: 'En ', marks: { bold: false, italic: false, link: null } },
      { text: 'fed sti', marks: { bold: true, italic: false, link: null } },
    ]);
  });

  it('splits a version into title, summary lines and body', () => {
    const body = doc(p('Tekst'));
    const version = { title: 'Titel', text: 'Titel\n\nKort\nresumé\n\nTekst', body };
    expect(versionSummary(version)).toBe('Kort\nresumé');
    expect(versionBlocks(version).map((b) => [b.shape.kind, b.runs[0]!.text])).toEqual([
      ['title', 'Titel'],
      ['summary', 'Kort'],
      ['summary', 'resumé'],
      ['paragraph', 'Tekst'],
    ]);
    expect(versionSummary({ title: 'T', text: 'T\n\nTekst', body })).toBe('');
    expect(versionSummary({ title: 'T', text: 'T\n\nKun resumé', body: doc() })).toBe('Kun resumé');
    expect(versionSummary({ title: 'T', text: 'T\n\nTekst\n\nTekst', body })).toBe('Tekst');
  });
});

describe('comparing documents', () => {
  it('finds nothing between identical documents', () => {
    const d = doc(h(2, 'A'), p('b ', text('c', bold)), ul(li(p('d'))));
    const result = diff(d, structuredClone(d));
    expect(kinds(result)).toEqual(['same', 'same', 'same']);
    expect(structureStats(result)).toEqual({ added: 0, removed: 0, changed: 0, moved: 0 });
  });

  it('sees a word made bold as a formatting change, not as new text', () => {
    const block = changed(
      only(diff(doc(p('Vi vil have lys')), doc(p('Vi vil have ', text('lys', bold))))),
    );
    expect(block.formats).toEqual(['boldAdded']);
    expect(block.textChanged).toBe(false);
    expect(block.shapeChanged).toBe(false);
    expect(block.parts).toEqual([
      { kind: 'same', text: 'Vi vil have ', marks: { bold: false, italic: false, link: null } },
      {
        kind: 'formatted',
        text: 'lys',
        before: { bold: false, italic: false, link: null },
        marks: { bold: true, italic: false, link: null },
      },
    ]);
  });

  it('sees bold taken away and italics added in one line', () => {
    const block = changed(
      only(diff(doc(p(text('Hele linjen', bold))), doc(p(text('Hele linjen', italic))))),
    );
    expect(block.formats).toEqual(['boldRemoved', 'italicAdded']);
  });

  it('sees a link added, changed and removed, with both addresses', () => {
    const added = changed(
      only(
        diff(
          doc(p('Se holbaek.dk')),
          doc(p('Se ', text('holbaek.dk', link('https://holbaek.dk/')))),
        ),
      ),
    );
    expect(added.formats).toEqual(['linkAdded']);
    const moved = changed(
      only(
        diff(
          doc(p(text('Kommunen', link('https://holbaek.dk/')))),
          doc(p(text('Kommunen', link('https://holbaek.dk/borger')))),
        ),
      ),
    );
    expect(moved.formats).toEqual(['linkChanged']);
    expect(moved.parts[0]).toMatchObject({
      kind: 'formatted',
      before: { link: 'https://holbaek.dk/' },
      marks: { link: 'https://holbaek.dk/borger' },
    });
    const removed = changed(
      only(diff(doc(p(text('Kommunen', link('https://holbaek.dk/')))), doc(p('Kommunen')))),
    );
    expect(removed.formats).toEqual(['linkRemoved']);
  });

  it('sees paragraphs turned into a bullet list, each as a changed block', () => {
    const result = diff(
      doc(p('Intro'), p('Lys'), p('Bænke')),
      doc(p('Intro'), ul(li(p('Lys')), li(p('Bænke')))),
    );
    expect(kinds(result)).toEqual(['same', 'changed', 'changed']);
    const first = changed(result[1]!);
    expect(first.before).toEqual({ kind: 'paragraph', level: null, containers: [] });
    expect(first.shape).toEqual({ kind: 'paragraph', level: null, containers: ['bulletList'] });
    expect(first.shapeChanged).toBe(true);
    expect(first.textChanged).toBe(false);
    expect(first.formats).toEqual([]);
    expect(first.marker).toBe('•');
  });

  it('sees a bullet list become a numbered one, and an item indented into a nested list', () => {
    const result = diff(doc(ul(li(p('Et')), li(p('To')))), doc(ol(li(p('Et'), ul(li(p('To')))))));
    expect(kinds(result)).toEqual(['changed', 'changed']);
    expect(changed(result[0]!).shape.containers).toEqual(['orderedList']);
    expect(changed(result[0]!).marker).toBe('1.');
    expect(changed(result[1]!).before.containers).toEqual(['bulletList']);
    expect(changed(result[1]!).shape.containers).toEqual(['orderedList', 'bulletList']);
  });

  it('keeps a nested list that did not change, and finds the one item that did', () => {
    const before = doc(ul(li(p('Top'), ul(li(p('Under et')), li(p('Under to'))))));
    const after = doc(ul(li(p('Top'), ul(li(p('Under et')), li(p('Under tre'))))));
    const result = diff(before, after);
    expect(kinds(result)).toEqual(['same', 'same', 'changed']);
    const block = changed(result[2]!);
    expect(block.shape.containers).toEqual(['bulletList', 'bulletList']);
    expect(block.textChanged).toBe(true);
    expect(textOf(block.parts, 'added')).toBe('Under to');
    expect(textOf(block.parts, 'removed')).toBe('Under tre');
  });

  it('sees a paragraph made a heading, and a heading level changed', () => {
    const made = changed(only(diff(doc(p('Økonomi')), doc(h(2, 'Økonomi')))));
    expect(made.before.kind).toBe('paragraph');
    expect(made.shape).toEqual({ kind: 'heading', level: 2, containers: [] });
    const level = changed(only(diff(doc(h(2, 'Økonomi')), doc(h(3, 'Økonomi')))));
    expect(level.before.level).toBe(2);
    expect(level.shape.level).toBe(3);
    expect(level.shapeChanged).toBe(true);
  });

  it('sees a paragraph quoted', () => {
    const block = changed(
      only(diff(doc(p('Som borgeren skrev')), doc(quote(p('Som borgeren skrev'))))),
    );
    expect(block.shape.containers).toEqual(['blockquote']);
    expect(block.shapeChanged).toBe(true);
  });

  it('shows inserted and deleted blocks in place', () => {
    const result = diff(
      doc(p('Et'), p('To'), p('Tre')),
      doc(p('Et'), p('Nyt afsnit her'), p('Tre')),
    );
    // "To" and "Nyt afsnit her" have nothing in common: not an edit.
    expect(kinds(result)).toEqual(['same', 'removed', 'added', 'same']);
    expect(structureStats(result)).toEqual({ added: 1, removed: 1, changed: 0, moved: 0 });
    const inserted = diff(doc(p('Et')), doc(p('Et'), h(2, 'Ny'), p('Mere')));
    expect(kinds(inserted)).toEqual(['same', 'added', 'added']);
    expect(inserted[1]!.parts).toEqual([
      { kind: 'added', text: 'Ny', marks: { bold: false, italic: false, link: null } },
    ]);
  });

  it('sees a block moved elsewhere, at both places, with one move number', () => {
    const result = diff(
      doc(p('Første afsnit'), p('Andet afsnit'), p('Tredje afsnit')),
      doc(p('Tredje afsnit'), p('Første afsnit'), p('Andet afsnit')),
    );
    expect(kinds(result)).toEqual(['movedHere', 'same', 'same', 'movedAway']);
    const [here, , , away] = result;
    expect(here).toMatchObject({ kind: 'movedHere', move: 1 });
    expect(away).toMatchObject({ kind: 'movedAway', move: 1 });
    expect(structureStats(result)).toEqual({ added: 0, removed: 0, changed: 0, moved: 1 });
  });

  it('keeps edited and reformatted blocks in place when another block moves past them', () => {
    const result = diff(
      doc(
        p('Første afsnit om lys.'),
        p('Andet afsnit om bænke.'),
        p('Tredje om stier.'),
        p('Slettes.'),
      ),
      doc(
        p('Andet afsnit om bænke. Mange flere.'),
        quote(p('Tredje om stier.')),
        p('Første afsnit om lys.'),
      ),
    );
    expect(kinds(result)).toEqual(['movedAway', 'changed', 'changed', 'removed', 'movedHere']);
    expect(changed(result[1]!).textChanged).toBe(true);
    expect(changed(result[2]!)).toMatchObject({ shapeChanged: true, textChanged: false });
    expect(structureStats(result)).toEqual({ added: 0, removed: 1, changed: 2, moved: 1 });
  });

  it('aligns long documents by equal blocks and still finds the edited ones', () => {
    const many = (suffix: string) =>
      doc(...Array.from({ length: 60 }, (_, i) => p(`Punkt ${i} om trafik og stier${suffix}`)));
    const result = diff(many(''), many(' i byen'));
    expect(result).toHaveLength(60);
    expect(new Set(kinds(result))).toEqual(new Set(['changed']));
    expect(textOf(result[59]!.parts, 'removed')).toBe('Punkt 59 om trafik og stier i byen');
  });

  it('keeps word changes working: an edited line shows what was added and removed', () => {
    const block = changed(
      only(diff(doc(p('Færgen sejler kl. 21 hver dag')), doc(p('Færgen sejler kl. 22 hver dag')))),
    );
    expect(block.textChanged).toBe(true);
    expect(block.formats).toEqual([]);
    expect(block.parts.map((part) => [part.kind, part.text])).toEqual([
      ['same', 'Færgen sejler kl. '],
      ['removed', '21'],
      ['added', '22'],
      ['same', ' hver dag'],
    ]);
  });

  it('sees words and formatting change in the same line', () => {
    const block = changed(
      only(
        diff(
          doc(p('Vi ønsker lys på stien')),
          doc(p('Vi kræver ', text('lys', bold), ' på stien')),
        ),
      ),
    );
    expect(block.textChanged).toBe(true);
    expect(block.formats).toEqual(['boldAdded']);
    expect(textOf(block.parts, 'removed')).toBe('Vi kræver lys på stien');
    expect(textOf(block.parts, 'added')).toBe('Vi ønsker lys på stien');
  });

  it('compares title and summary as blocks of their own', () => {
    const body = doc(p('Tekst'));
    const result = diffVersions(
      { title: 'Lys', text: 'Lys\n\nKort\n\nTekst', body },
      { title: 'Mere lys', text: 'Mere lys\n\nKort\n\nTekst', body },
    );
    expect(kinds(result)).toEqual(['changed', 'same', 'same']);
    expect(changed(result[0]!).shape.kind).toBe('title');
  });
});

describe('formatChanges', () => {
  const none = { bold: false, italic: false, link: null };
  it('lists what a stretch gained and lost', () => {
    expect(formatChanges(none, none)).toEqual([]);
    expect(formatChanges(none, { bold: true, italic: true, link: 'https://a.dk' })).toEqual([
      'boldAdded',
      'italicAdded',
      'linkAdded',
    ]);
    expect(formatChanges({ bold: true, italic: true, link: 'https://a.dk' }, none)).toEqual([
      'boldRemoved',
      'italicRemoved',
      'linkRemoved',
    ]);
  });
});
