import { describe, expect, it } from 'vitest';
import { parseDocName, proposalDocName } from './collab.js';
import { type ProseMirrorNode, bodyPlainText, renderProposalText } from './proposal-document.js';
import { markTypeOf } from './proposal-layout.js';

describe('document names', () => {
  it('name a proposal document and read the name back', () => {
    const id = '0b6f3a52-6a3e-4a43-9c55-1d3f1f0f7e21';
    expect(proposalDocName(id)).toBe(`proposal:${id}`);
    expect(parseDocName(proposalDocName(id.toUpperCase()))).toEqual({ kind: 'proposal', id });
    for (const bad of ['proposal:', 'proposal:123', `debate:${id}`, `proposal:${id}x`, '']) {
      expect(parseDocName(bad), bad).toBeNull();
    }
  });
});

describe('plain text', () => {
  it('puts each block on a line, with list and quote prefixes', () => {
    const body = {
      type: 'doc' as const,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
        {
          type: 'orderedList',
          content: [
            {
              type: 'listItem',
              content: [
                { type: 'paragraph', content: [{ type: 'text', text: 'one' }] },
                {
                  type: 'bulletList',
                  content: [
                    {
                      type: 'listItem',
                      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'sub' }] }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(bodyPlainText(body)).toBe('ab\n1. one\n   - sub');
    expect(renderProposalText({ title: 'T', summary: '', body })).toBe('T\n\nab\n1. one\n   - sub');
    expect(renderProposalText({ title: '', summary: '', body: { type: 'doc', content: [] } })).toBe(
      '',
    );
  });

  it('reads overlapping-mark keys as their mark', () => {
    expect(markTypeOf('link--abc123')).toBe('link');
    expect(markTypeOf('bold')).toBe('bold');
  });
});

describe('plain text of very deep bodies', () => {
  it('stops at the depth ceiling instead of overflowing the stack', () => {
    let node: ProseMirrorNode = { type: 'paragraph', content: [{ type: 'text', text: 'bund' }] };
    for (let i = 0; i < 20_000; i++) node = { type: 'blockquote', content: [node] };
    const shallow = {
      type: 'blockquote',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'top' }] }],
    };
    expect(bodyPlainText({ type: 'doc', content: [shallow, node] })).toBe('> top');
  });
});
