import type { ProseMirrorDoc, ProseMirrorNode } from '@lokalforum/protocol';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { translator } from '$lib/i18n';
import { diffVersions, structureStats } from '$lib/structure-diff';
import DiffView from './DiffView.svelte';

const p = (...content: ProseMirrorNode[]): ProseMirrorNode => ({ type: 'paragraph', content });
const text = (value: string, ...marks: string[]): ProseMirrorNode =>
  marks.length
    ? { type: 'text', text: value, marks: marks.map((type) => ({ type })) }
    : { type: 'text', text: value };
const version = (...content: ProseMirrorNode[]) => {
  const body: ProseMirrorDoc = { type: 'doc', content };
  return { title: 'Lys', text: 'Lys', body };
};

function html(before: ReturnType<typeof version>, after: ReturnType<typeof version>, lang = 'da') {
  const blocks = diffVersions(before, after);
  const t = translator(lang === 'da' ? 'da' : 'en');
  return (
    render(DiffView, { props: { blocks, stats: structureStats(blocks), t } })
      .body.replace(/<!--[^>]*-->/g, '')
      // Scoped-style class names, which say nothing about the content.
      .replace(/ class="svelte-[a-z0-9]+"/g, '')
      .replace(/ svelte-[a-z0-9]+/g, '')
      .replace(/\s+/g, ' ')
  );
}

describe('DiffView', () => {
  it('labels a word made bold in words, with a hidden explanation, and no ins or del', () => {
    const out = html(
      version(p(text('Vi vil have lys'))),
      version(p(text('Vi vil have '), text('lys', 'bold'))),
    );
    expect(out).toContain('<span class="diff__label">Gjort fed</span>');
    expect(out).toMatch(
      /<span class="diff__formatted"><span class="visually-hidden">\[Gjort fed:\]<\/span><strong>lys<\/strong><\/span>/,
    );
    expect(out).not.toMatch(/<ins|<del/);
    expect(out).toContain('Tilføjet: 0. Fjernet: 0. Ændret: 1. Flyttet: 0.');
  });

  it('marks added and removed words with ins and del and hidden labels, in English too', () => {
    const out = html(
      version(p(text('Ferry at 21 daily'))),
      version(p(text('Ferry at 22 daily'))),
      'en',
    );
    expect(out).toContain('<span class="diff__label">Changed</span>');
    expect(out).toContain('<del><span class="visually-hidden">[Removed:]</span>21</del>');
    expect(out).toContain('<ins><span class="visually-hidden">[Added:]</span>22</ins>');
  });

  it('says a paragraph became a list item, and links a moved block to its other place', () => {
    const out = html(
      version(p(text('Først om lys')), p(text('Så om bænke')), p(text('Til sidst om stier'))),
      version(
        p(text('Til sidst om stier')),
        { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('Først om lys'))] }] },
        p(text('Så om bænke')),
      ),
    );
    expect(out).toContain('Afsnit → punktliste');
    expect(out).toContain('id="flyttet-1-hertil"');
    expect(out).toContain('href="#flyttet-1-herfra"');
    expect(out).toContain('id="flyttet-1-herfra"');
  });

  it('says so when nothing changed', () => {
    const same = version(p(text('Uændret')));
    expect(html(same, structuredClone(same))).toContain(
      'Ingen forskelle: de to versioner har den samme tekst.',
    );
  });
});
