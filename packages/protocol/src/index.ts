export * from './common.js';
export * from './people.js';
export * from './auth.js';
export * from './forums.js';
export * from './collab.js';
export * from './proposal-document.js';
export * from './proposals.js';
