/** A typed word: `[e<editor>-<n>]`, so any copy of the text says who typed what, in which order. */
export const WORD = /\[e(\d+)-(\d+)\]/g;

export function word(editor, n) {
  return `[e${editor}-${n}]`;
}

/** Every word in a text. */
export function wordsIn(text) {
  return new Set(text.match(WORD) ?? []);
}
