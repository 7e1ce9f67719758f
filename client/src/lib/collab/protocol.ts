import type {
  COLLAB_PATH as ProtocolCollabPath,
  collabCloseCodes as ProtocolCloseCodes,
  proposalDocumentLayout as ProtocolDocumentLayout,
} from '@lokalforum/protocol';

/*
 * The protocol's collaboration constants that browser code needs. Imported
 * as values from `@lokalforum/protocol`, they would bring every zod schema of
 * the package (about 85 KB) into the editor's bundle, because the package
 * does not declare itself free of side effects. So they are repeated here,
 * and `satisfies typeof` makes the compiler hold them equal to the originals.
 */

export const COLLAB_PATH = '/collab' satisfies typeof ProtocolCollabPath;

export const documentLayout = {
  title: 'title',
  summary: 'summary',
  body: 'body',
} as const satisfies typeof ProtocolDocumentLayout;

/** The close codes after which reconnecting would only be refused again. */
export const closeCodes = {
  messageTooLarge: 1009,
  unauthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  schemaViolation: 4422,
} as const satisfies Partial<typeof ProtocolCloseCodes>;
