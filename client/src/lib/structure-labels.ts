import type { Translate } from '$lib/i18n';
import type { BlockShape, FormatChange, Marks } from './structure-diff';
import { formatChanges } from './structure-diff';

/*
 * The words for what the structural comparison found, in the reader's
 * language: where a block sits ("punktliste på niveau 2"), how that changed
 * ("Afsnit → punktliste") and what its formatting gained or lost ("Gjort fed").
 */

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

function blockName(t: Translate, shape: BlockShape): string {
  switch (shape.kind) {
    case 'title':
      return t('diff.shape.title');
    case 'summary':
      return t('diff.shape.summary');
    case 'paragraph':
      return t('diff.shape.paragraph');
    case 'heading':
      if (shape.level === 2) return t('diff.shape.heading2');
      if (shape.level === 3) return t('diff.shape.heading3');
      return t('diff.shape.heading', { level: shape.level ?? 1 });
  }
}

/** Where a block sits, in lower case: "afsnit", "punktliste", "overskrift i citat". */
export function shapeName(t: Translate, shape: BlockShape): string {
  const lists = shape.containers.filter((c) => c !== 'blockquote');
  const quoted = shape.containers.includes('blockquote');
  const innermost = lists.at(-1);
  let name = blockName(t, shape);
  if (innermost) {
    const list = t(innermost === 'bulletList' ? 'diff.shape.bulletList' : 'diff.shape.orderedList');
    const nested = lists.length > 1 ? t('diff.shape.nested', { list, depth: lists.length }) : list;
    name =
      shape.kind === 'paragraph' ? nested : t('diff.shape.inList', { block: name, list: nested });
  }
  if (quoted) {
    name =
      !innermost && shape.kind === 'paragraph'
        ? t('diff.shape.quote')
        : t('diff.shape.inQuote', { block: name });
  }
  return name;
}

/** "Afsnit → punktliste". */
export function shapeChangeLabel(t: Translate, before: BlockShape, after: BlockShape): string {
  return t('diff.shape.change', {
    from: capitalised(shapeName(t, before)),
    to: shapeName(t, after),
  });
}

export function formatLabel(t: Translate, change: FormatChange): string {
  return t(`diff.format.${change}`);
}

/** What happened to a stretch of kept text, in words, with link addresses spelled out. */
export function formattedExplanation(t: Translate, part: { before: Marks; marks: Marks }): string {
  return formatChanges(part.before, part.marks)
    .map((change) => {
      if (change === 'linkAdded') return t('diff.format.linkTo', { href: part.marks.link ?? '' });
      if (change === 'linkChanged') {
        return t('diff.format.linkFrom', {
          from: part.before.link ?? '',
          to: part.marks.link ?? '',
        });
      }
      return formatLabel(t, change);
    })
    .join(', ');
}
