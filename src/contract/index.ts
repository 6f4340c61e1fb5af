export type * from './types.js';
export * from './validate.js';
