import {
  bodyMarkAttributes,
  bodyMarkTypes,
  bodyNodeAttributes,
  bodyNodeTypes,
  markValueProblem,
} from '@lokalforum/protocol';
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

  it('has only node attributes the server accepts', () => {
    for (const type of bodyNodeTypes) {
      const attrs = Object.keys(schema.nodes[type]!.spec.attrs ?? {});
      expect(
        attrs.filter((a) => !(a in bodyNodeAttributes[type])),
        type,
      ).toEqual([]);
    }
  });

  it('stores links the server accepts', () => {
    const link = schema.marks.link!.create({ href: 'https://holbaek.dk' });
    expect(Object.keys(link.attrs).sort()).toEqual(Object.keys(bodyMarkAttributes.link).sort());
    expect(markValueProblem('link', link.attrs)).toBeNull();
    expect(markValueProblem('bold', schema.marks.bold!.create().attrs)).toBeNull();
  });
});
