import { describe, expect, it } from 'vitest';
import { translator } from '$lib/i18n';
import type { BlockShape } from './structure-diff';
import { formattedExplanation, shapeChangeLabel, shapeName } from './structure-labels';

const da = translator('da');
const en = translator('en');
const shape = (
  kind: BlockShape['kind'],
  containers: BlockShape['containers'] = [],
  level: number | null = null,
): BlockShape => ({ kind, level, containers });

describe('structure labels', () => {
  it('name where a block sits', () => {
    expect(shapeName(da, shape('paragraph'))).toBe('afsnit');
    expect(shapeName(da, shape('heading', [], 2))).toBe('overskrift');
    expect(shapeName(da, shape('heading', [], 3))).toBe('underoverskrift');
    expect(shapeName(da, shape('paragraph', ['bulletList']))).toBe('punktliste');
    expect(shapeName(da, shape('paragraph', ['bulletList', 'orderedList']))).toBe(
      'nummereret liste på niveau 2',
    );
    expect(shapeName(da, shape('paragraph', ['blockquote']))).toBe('citat');
    expect(shapeName(da, shape('paragraph', ['blockquote', 'bulletList']))).toBe(
      'punktliste i citat',
    );
    expect(shapeName(da, shape('heading', ['blockquote'], 2))).toBe('overskrift i citat');
    expect(shapeName(en, shape('heading', ['orderedList'], 3))).toBe(
      'subheading in a numbered list',
    );
  });

  it('say how the place changed, in both languages', () => {
    expect(shapeChangeLabel(da, shape('paragraph'), shape('paragraph', ['bulletList']))).toBe(
      'Afsnit → punktliste',
    );
    expect(shapeChangeLabel(da, shape('heading', [], 2), shape('heading', [], 3))).toBe(
      'Overskrift → underoverskrift',
    );
    expect(shapeChangeLabel(en, shape('paragraph'), shape('paragraph', ['bulletList']))).toBe(
      'Paragraph → bullet list',
    );
    expect(shapeChangeLabel(en, shape('summary'), shape('paragraph'))).toBe('Summary → paragraph');
  });

  it('explain formatting changes, with link addresses', () => {
    const none = { bold: false, italic: false, link: null };
    expect(formattedExplanation(da, { before: none, marks: { ...none, bold: true } })).toBe(
      'Gjort fed',
    );
    expect(
      formattedExplanation(da, {
        before: { ...none, link: 'https://a.dk/' },
        marks: { ...none, italic: true, link: 'https://b.dk/' },
      }),
    ).toBe('Gjort kursiv, Link ændret fra https://a.dk/ til https://b.dk/');
    expect(
      formattedExplanation(en, { before: none, marks: { ...none, link: 'https://holbaek.dk/' } }),
    ).toBe('Link to https://holbaek.dk/');
  });
});
