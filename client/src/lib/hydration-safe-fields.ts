/**
 * Finds form fields whose markup would throw away what a person typed
 * before the page's scripts arrived.
 *
 * A page is server-rendered and usable at once; hydration follows when the
 * scripts have loaded (seconds later on a slow phone). Svelte sets a field
 * written as `value={…}` or `checked={…}` to that value during hydration, so
 * text typed, or a choice made, in those seconds is gone, and the form is
 * sent without it. `defaultValue={…}` / `defaultChecked={…}` (rendered as the
 * same HTML) and `bind:value` keep what the person did, so the markup must
 * use those. Text areas have no safe child-content form; they use
 * `bind:value` (see `TextArea.svelte`). A drop-down list marks its chosen
 * option with `selected={…}`, which keeps the person's choice; `value={…}` on
 * the `<select>` itself sets it back.
 */

export interface UnsafeField {
  line: number;
  tag: string;
  problem: string;
}

/** Each `<input …>` / `<textarea …>…` / `<select …>` tag in `source`, with where it starts; braces and quotes inside attribute values are skipped. */
function* fieldTags(source: string): Generator<{ start: number; end: number; name: string }> {
  const opening = /<(input|textarea|select)\b/g;
  for (let match = opening.exec(source); match; match = opening.exec(source)) {
    let depth = 0;
    let quote: string | null = null;
    let i = match.index + match[0].length;
    for (; i < source.length; i++) {
      const c = source[i]!;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (depth === 0 && (c === '"' || c === "'")) quote = c;
      else if (depth === 0 && c === '>') break;
    }
    yield { start: match.index, end: i + 1, name: match[1]! };
    opening.lastIndex = i + 1;
  }
}

/** Every field in a Svelte component's markup that hydration would reset. */
export function unsafeFields(source: string): UnsafeField[] {
  const found: UnsafeField[] = [];
  for (const { start, end, name } of fieldTags(source)) {
    const tag = source.slice(start, end);
    const line = source.slice(0, start).split('\n').length;
    const report = (problem: string) =>
      found.push({ line, tag: tag.replace(/\s+/g, ' ').slice(0, 80), problem });
    const type = /\btype="([a-z-]+)"/.exec(tag)?.[1] ?? 'text';
    const choice = type === 'checkbox' || type === 'radio';
    if (/\schecked=\{/.test(tag)) report('checked={…} resets the choice: use defaultChecked');
    if (name === 'input' && !choice && type !== 'hidden' && /\svalue=\{/.test(tag))
      report('value={…} resets typed text: use defaultValue or bind:value');
    if (name === 'select' && /\svalue=\{/.test(tag))
      report('value={…} on a drop-down list resets the choice: use selected={…} on its options');
    if (name === 'textarea' && !/\sbind:value\b/.test(tag)) {
      const content = source.slice(end, source.indexOf('</textarea', end));
      if (/\{/.test(content) || /\svalue=\{/.test(tag))
        report('a text area with a value resets typed text: use bind:value (TextArea.svelte)');
    }
  }
  return found;
}
