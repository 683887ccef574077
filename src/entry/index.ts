// The Apps Script surface: everything exported here becomes a top-level function in dist/Code.js (scripts/build.mjs).
export * from './customFunctions';
export * from './keys';
export * from './sheets';
export * from './menu';
