import { describe, expect, it } from 'vitest';
import { safeLinkHref } from './links';

describe('safeLinkHref', () => {
  it('accepts web and mail addresses, adding https:// when missing', () => {
    expect(safeLinkHref('holbaek.dk')).toBe('https://holbaek.dk/');
    expect(safeLinkHref(' https://holbaek.dk/borger ')).toBe('https://holbaek.dk/borger');
    expect(safeLinkHref('mailto:info@example.org')).toBe('mailto:info@example.org');
  });

  it('refuses scripts, other schemes and non-addresses', () => {
    expect(safeLinkHref('javascript:alert(1)')).toBeNull();
    expect(safeLinkHref('data:text/html,hi')).toBeNull();
    expect(safeLinkHref('ikke en adresse')).toBeNull();
    expect(safeLinkHref('')).toBeNull();
  });
});
