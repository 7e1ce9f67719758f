export * from './common.js';
export * from './people.js';
export * from './auth.js';
export * from './forums.js';
