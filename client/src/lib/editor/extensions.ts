import type { AnyExtension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

/**
 * The body's TipTap extensions: exactly the node and mark types the server
 * accepts (`bodyNodeTypes`, `bodyMarkTypes` in the protocol; a spec checks
 * the schema against them). Anything else would make the server close the
 * connection (4422), so StarterKit's extras are switched off, and so is its
 * own undo history (Yjs keeps one per person) and the trailing paragraph it
 * would add on its own in every open editor at once.
 */
export function proposalBodyExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      // The page title is the h1; the text starts at h2.
      heading: { levels: [2, 3] },
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
        protocols: ['mailto'],
        HTMLAttributes: { target: null, rel: 'noopener noreferrer nofollow' },
      },
      code: false,
      codeBlock: false,
      hardBreak: false,
      horizontalRule: false,
      strike: false,
      underline: false,
      undoRedo: false,
      trailingNode: false,
    }),
  ];
}
