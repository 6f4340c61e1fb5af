/**
 * The payload types and their checks, free of the DOM: the package's `regime-widget/contract` entry,
 * for a backend or a server render that validates what it sends (`checkUpdate`, `checkAlert`).
 * @example import { checkUpdate } from 'regime-widget/contract'; if (!checkUpdate(body).ok) reply(400);
 */
export type * from './types.js';
export * from './validate.js';
