import { bodyMarkTypes, bodyNodeTypes } from '@lokalforum/protocol';
import { getSchema } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { proposalBodyExtensions } from './extensions';

describe('the editor schema', () => {
  const schema = getSchema(proposalBodyExtensions());

  it('has exactly the node types the server accepts', () => {
    expect(Object.keys(schema.nodes).sort()).toEqual(['doc', 'text', ...bodyNodeTypes].sort());
  });

  it('has exactly the marks the server accepts', () => {
    expect(Object.keys(schema.marks).sort()).toEqual([...bodyMarkTypes].sort());
  });
});
