import type * as Y from 'yjs';

/** One replacement: remove `remove` characters at `index`, then insert `insert` there. */
export interface TextEdit {
  index: number;
  remove: number;
  insert: string;
}

/**
 * The smallest single replacement that turns `before` into `after`. `caret`
 * (where the caret is after the change) keeps a typed character where it was
 * typed when the text around it repeats ("aa" → "aaa").
 */
export function textEdit(before: string, after: string, caret = after.length): TextEdit | null {
  if (before === after) return null;
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before[prefix] === after[prefix]) prefix++;
  // The change cannot begin after the caret that ends it.
  prefix = Math.min(prefix, Math.max(0, caret - Math.max(0, after.length - before.length)));
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  return {
    index: prefix,
    remove: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/** A Y.Text change as Yjs reports it. */
export type TextDelta = { retain?: number; insert?: unknown; delete?: number }[];

/**
 * Where a position in the old text is in the new one. Text inserted exactly
 * at the position goes after it, so someone else's typing never pushes the
 * local caret along.
 */
export function mapIndex(index: number, delta: TextDelta): number {
  let position = 0;
  let mapped = index;
  for (const op of delta) {
    if (position > index) break;
    if (op.retain !== undefined) {
      position += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (position < index) mapped += length;
    } else if (op.delete !== undefined) {
      mapped -= Math.max(0, Math.min(op.delete, index - position));
      position += op.delete;
    }
  }
  return Math.max(0, mapped);
}

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * Binds a plain text field to a Y.Text both ways: typing becomes the smallest
 * Y.Text change, and others' changes update the field without taking focus
 * and with the local caret and selection kept on the same characters.
 * Returns the function that undoes the binding.
 */
export function bindTextField(field: TextField, text: Y.Text): () => void {
  const origin = Symbol('text field');
  field.value = text.toJSON();

  const onInput = () => {
    const edit = textEdit(text.toJSON(), field.value, field.selectionEnd ?? field.value.length);
    if (!edit) return;
    text.doc?.transact(() => {
      if (edit.remove > 0) text.delete(edit.index, edit.remove);
      if (edit.insert) text.insert(edit.index, edit.insert);
    }, origin);
  };

  const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    if (transaction.origin === origin) return;
    const value = text.toJSON();
    if (field.value === value) return;
    if (field.ownerDocument.activeElement !== field) {
      field.value = value;
      return;
    }
    const delta = event.delta as TextDelta;
    const start = mapIndex(field.selectionStart ?? 0, delta);
    const end = mapIndex(field.selectionEnd ?? 0, delta);
    const direction = field.selectionDirection ?? 'none';
    field.value = value;
    field.setSelectionRange(start, end, direction);
  };

  field.addEventListener('input', onInput);
  text.observe(onChange);
  return () => {
    field.removeEventListener('input', onInput);
    text.unobserve(onChange);
  };
}
