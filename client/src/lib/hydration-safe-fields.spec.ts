import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { unsafeFields } from './hydration-safe-fields';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? svelteFiles(join(dir, entry.name))
      : entry.name.endsWith('.svelte')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('unsafeFields', () => {
  it('finds values and choices that hydration would reset', () => {
    const source = [
      '<input id="a" name="a" value={form?.a ?? \'\'} />',
      '<input type="radio" name="k" value={kind} checked={kind === chosen} />',
      '<input',
      '  name="b"',
      '  onkeydown={(e) => e.key === ">" && go()}',
      '  value={b}',
      '/>',
      '<textarea name="t">{text}</textarea>',
      '<select name="s" value={chosen}><option value="a">A</option></select>',
    ].join('\n');
    expect(unsafeFields(source).map((f) => [f.line, f.problem.split(' ')[0]])).toEqual([
      [1, 'value={…}'],
      [2, 'checked={…}'],
      [3, 'value={…}'],
      [8, 'a'],
      [9, 'value={…}'],
    ]);
  });

  it('accepts the forms that keep what was typed', () => {
    const source = [
      '<input name="a" defaultValue={form?.a ?? \'\'} />',
      '<input type="hidden" name="id" value={id} />',
      '<input type="checkbox" name="c" value={slug} defaultChecked={on} />',
      '<input name="b" bind:value={b} />',
      '<input name="c" value="fixed" />',
      '<textarea name="t" bind:value={text}></textarea>',
      '<textarea name="u"></textarea>',
      '<select name="s"><option value="a" selected={chosen === \'a\'}>A</option></select>',
      '<select name="s" bind:value={chosen}><option value="a">A</option></select>',
    ].join('\n');
    expect(unsafeFields(source)).toEqual([]);
  });
});

describe("the app's components", () => {
  it('keep what a person typed or chose before the scripts arrived', () => {
    const found = svelteFiles(SRC).flatMap((file) =>
      unsafeFields(readFileSync(file, 'utf8')).map(
        (f) => `${relative(SRC, file)}:${f.line} ${f.problem} (${f.tag})`,
      ),
    );
    expect(found).toEqual([]);
  });
});
