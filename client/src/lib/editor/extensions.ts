import type { AnyExtension } from '@tiptap/core';
import { headingLevels } from '@lokalforum/protocol/browser';
import StarterKit from '@tiptap/starter-kit';

/**
 * The body's TipTap extensions: exactly the node types, marks and attributes
 * the server accepts (`bodyNodeAttributes`, `bodyMarkAttributes` in the
 * protocol; a spec checks the schema against them). Anything else would make the server close the
 * connection (4422), so StarterKit's extras are switched off, and so is its
 * own undo history (Yjs keeps one per person) and the trailing paragraph it
 * would add on its own in every open editor at once.
 */
export function proposalBodyExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      heading: { levels: [...headingLevels] },
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
