/**
 * The zod-free part of the protocol, for browser code: names, paths, close
 * codes, limits, the document layout and the text rules. Importing the main
 * entry would bring every zod schema into the bundle.
 */
export * from './collab.js';
export * from './collab-presence.js';
export * from './event-names.js';
export * from './limits.js';
export * from './local-path.js';
export * from './notification-kinds.js';
export * from './proposal-layout.js';
export * from './text-rules.js';
export * from './pool-rules.js';
