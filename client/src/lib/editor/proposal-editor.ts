import { proposalDocumentLayout as documentLayout } from '@lokalforum/protocol/browser';
import { Editor, Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type { ProposalSession } from '$lib/collab/proposal-session.svelte';
import { type PresenceUser, caretColour } from '$lib/collab/presence';
import { proposalBodyExtensions } from './extensions';

export interface ProposalEditorOptions {
  element: HTMLElement;
  session: ProposalSession;
  user: PresenceUser;
  editable: boolean;
  /** Id of the element that names the text area ("Forslagets tekst"). */
  labelledBy: string;
  /** Ctrl/Cmd+K: open the link field. */
  onLinkShortcut: () => void;
  /** Alt+F10: move to the toolbar. */
  onToolbarShortcut: () => void;
  /** Any change of content or selection, for the toolbar's pressed states. */
  onChange: () => void;
}

/**
 * Someone else's caret: a zero-width line in their colour with their name
 * above it (as the server filled it in). Its borders and negative margins
 * cancel out and the name floats above the line, so carets never move the
 * text. Hidden from screen readers, which hear about people through the
 * presence list and the live region.
 */
function caretElement(user: Record<string, unknown>): HTMLElement {
  const color = caretColour(user);
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.setAttribute('aria-hidden', 'true');
  caret.style.borderColor = color;
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === 'string' ? user.name.slice(0, 100) : '';
  caret.append(label);
  return caret;
}

/** The proposal body's TipTap editor, bound to the session's Yjs document. */
export function createProposalEditor(options: ProposalEditorOptions): Editor {
  const shortcuts = Extension.create({
    name: 'proposalShortcuts',
    addKeyboardShortcuts() {
      return {
        'Mod-k': () => {
          options.onLinkShortcut();
          return true;
        },
        'Alt-F10': () => {
          options.onToolbarShortcut();
          return true;
        },
      };
    },
  });

  return new Editor({
    element: options.element,
    editable: options.editable,
    extensions: [
      ...proposalBodyExtensions(),
      Collaboration.configure({
        document: options.session.doc,
        field: documentLayout.body,
      }),
      CollaborationCaret.configure({
        provider: options.session.provider,
        // It sends this as the awareness `user`: only the colour is ours to choose.
        user: { color: options.user.color },
        render: caretElement,
        // A light tint (about 20 %) keeps the selected text readable.
        selectionRender: (person: Record<string, unknown>) => ({
          class: 'ProseMirror-yjs-selection',
          style: `background-color: ${caretColour(person)}33`,
        }),
      }),
      ...(options.editable ? [shortcuts] : []),
    ],
    editorProps: {
      // TipTap makes every editor a textbox, so a read-only one needs a name as well.
      attributes: options.editable
        ? {
            role: 'textbox',
            'aria-multiline': 'true',
            'aria-labelledby': options.labelledBy,
            class: 'editor__text',
          }
        : {
            role: 'textbox',
            'aria-multiline': 'true',
            'aria-readonly': 'true',
            'aria-labelledby': options.labelledBy,
            class: 'editor__text editor__text--read-only',
          },
    },
    onTransaction: options.onChange,
  });
}
