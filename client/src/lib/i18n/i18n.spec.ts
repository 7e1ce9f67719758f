import { describe, expect, it } from 'vitest';
import { da } from './da';
import { en } from './en';
import { formatter, isLang, plural, translator } from './index';

describe('dictionaries', () => {
  it('give every Danish text an English one, and no empty texts', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(da).sort());
    for (const dictionary of [da, en]) {
      for (const [key, text] of Object.entries(dictionary)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(da) as (keyof typeof da)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(da[key]));
    }
  });
});

describe('translator', () => {
  it('fills in parameters and leaves unknown ones visible', () => {
    const t = translator('da');
    expect(t('forum.members.other', { count: 3 })).toContain('3');
    expect(t('forum.members.other')).toContain('{count}');
  });

  it('picks singular and plural forms', () => {
    const t = translator('en');
    expect(plural(t, 'forum.members', 1)).toBe('1 member');
    expect(plural(t, 'forum.members', 2)).toBe('2 members');
  });

  it('knows its languages', () => {
    expect(isLang('da')).toBe(true);
    expect(isLang('de')).toBe(false);
  });
});

describe('formatter', () => {
  it('writes kroner the Danish way', () => {
    expect(formatter('da').dkk(29734).replace(/\s/g, ' ')).toBe('29.734 kr.');
  });
});
