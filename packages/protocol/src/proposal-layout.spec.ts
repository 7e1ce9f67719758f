import { describe, expect, it } from 'vitest';
import { isAllowedHref, markValueProblem, nodeAttributeProblem } from './proposal-layout.js';

/** What TipTap's link mark stores with the editor's configuration. */
const editorLink = (href: string) => ({
  href,
  target: null,
  rel: 'noopener noreferrer nofollow',
  class: null,
  title: null,
});

describe('link addresses', () => {
  it('allow http, https and mailto only', () => {
    for (const ok of ['https://holbaek.dk/borger', 'http://example.org', 'mailto:a@holbaek.dk']) {
      expect(isAllowedHref(ok), ok).toBe(true);
    }
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
      '/relative',
      'holbaek.dk',
      'https://x.dk/\u0000',
      `https://x.dk/${'a'.repeat(3000)}`,
      42,
      null,
    ]) {
      expect(isAllowedHref(bad), String(bad)).toBe(false);
    }
  });
});

describe('node attributes', () => {
  it('allow what the editor writes', () => {
    expect(nodeAttributeProblem('heading', 'level', 2)).toBeNull();
    expect(nodeAttributeProblem('heading', 'level', 3)).toBeNull();
    expect(nodeAttributeProblem('orderedList', 'start', 1)).toBeNull();
    expect(nodeAttributeProblem('orderedList', 'start', 12)).toBeNull();
    expect(nodeAttributeProblem('orderedList', 'type', 'a')).toBeNull();
  });

  it('refuse any other attribute or value', () => {
    expect(nodeAttributeProblem('paragraph', 'onclick', 'alert(1)')).toMatch(/ingen egenskab/);
    expect(nodeAttributeProblem('heading', 'level', 7)).toMatch(/ugyldig værdi/);
    expect(nodeAttributeProblem('heading', 'level', '2')).toMatch(/ugyldig værdi/);
    expect(nodeAttributeProblem('orderedList', 'start', 1.5)).toMatch(/ugyldig værdi/);
    expect(nodeAttributeProblem('orderedList', 'start', -1)).toMatch(/ugyldig værdi/);
    expect(nodeAttributeProblem('orderedList', 'type', 'a b"')).toMatch(/ugyldig værdi/);
    let deep: unknown = [];
    for (let i = 0; i < 3000; i++) deep = [deep];
    expect(nodeAttributeProblem('paragraph', 'x', deep)).toMatch(/ingen egenskab/);
    expect(nodeAttributeProblem('orderedList', 'start', deep)).toMatch(/ugyldig værdi/);
    expect(nodeAttributeProblem('script', 'src', 'x')).toMatch(/ukendt elementtype/);
    expect(nodeAttributeProblem('paragraph', '__proto__', {})).toMatch(/ingen egenskab/);
  });
});

describe('marks', () => {
  it('allow bold, italic and links as the editor stores them, and their removal', () => {
    expect(markValueProblem('bold', {})).toBeNull();
    expect(markValueProblem('italic', null)).toBeNull();
    expect(markValueProblem('link', editorLink('https://holbaek.dk'))).toBeNull();
    expect(markValueProblem('link', { href: 'mailto:a@b.dk' })).toBeNull();
    expect(markValueProblem('link--a1b2', editorLink('https://holbaek.dk'))).toBeNull();
    expect(markValueProblem('link', null)).toBeNull();
  });

  it('refuse scripts, embedded data and extra attributes', () => {
    expect(markValueProblem('link', editorLink('javascript:alert(1)'))).toMatch(/mailto/);
    expect(markValueProblem('link', editorLink('data:text/html,x'))).toMatch(/mailto/);
    expect(markValueProblem('link', { ...editorLink('https://a.dk'), onclick: 'x' })).toMatch(
      /ingen egenskab "onclick"/,
    );
    expect(markValueProblem('link', { ...editorLink('https://a.dk'), class: 'button' })).toMatch(
      /ugyldig værdi for "class"/,
    );
    expect(markValueProblem('link', { target: null })).toMatch(/mailto/);
    expect(markValueProblem('link', 'https://a.dk')).toMatch(/ugyldige egenskaber/);
    expect(markValueProblem('bold', { weight: 900 })).toMatch(/ingen egenskab/);
    expect(markValueProblem('underline', {})).toMatch(/ukendt formatering/);
  });
});
