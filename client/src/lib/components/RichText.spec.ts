import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import RichText from './RichText.svelte';

const html = (nodes: Parameters<typeof render<typeof RichText>>[1]) =>
  render(RichText, nodes).body.replace(/<!--[^>]*-->/g, '');

describe('RichText', () => {
  it('renders the schema’s nodes and marks without adding or losing spaces', () => {
    const out = html({
      props: {
        nodes: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Økonomi' }] },
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Det koster ' },
              { type: 'text', text: '50.000', marks: [{ type: 'bold' }, { type: 'italic' }] },
              { type: 'text', text: ' kr. Vig' },
              { type: 'text', text: 'tigt', marks: [{ type: 'bold' }] },
              { type: 'text', text: '. Se ' },
              {
                type: 'text',
                text: 'holbaek.dk',
                marks: [{ type: 'link', attrs: { href: 'https://holbaek.dk' } }],
              },
            ],
          },
          {
            type: 'orderedList',
            attrs: { start: 3 },
            content: [
              {
                type: 'listItem',
                content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Tre' }] }],
              },
            ],
          },
        ],
      },
    });
    expect(out).toContain('<h3>Økonomi</h3>');
    expect(out).toContain(
      '<p>Det koster <strong><em>50.000</em></strong> kr. Vig<strong>tigt</strong>. Se <a href="https://holbaek.dk/" rel="nofollow noopener noreferrer">holbaek.dk</a></p>',
    );
    expect(out).toContain('<ol start="3"><li><p>Tre</p></li></ol>');
  });

  it('never renders a script link or unknown markup', () => {
    const out = html({
      props: {
        nodes: [
          {
            type: 'paragraph',
            content: [
              {
                type: 'text',
                text: 'klik',
                marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }],
              },
              { type: 'text', text: '<img src=x onerror=alert(1)>' },
            ],
          },
          { type: 'image', attrs: { src: 'x' }, content: [{ type: 'text', text: 'rest' }] },
        ],
      },
    });
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('<img');
    expect(out).toContain('<p>klik&lt;img src=x onerror=alert(1)></p>rest');
  });
});
