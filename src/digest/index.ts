/** The daily digest: the day's developments grouped by story. */
export { buildDigest, type DigestOptions, itemsInWindow, itemsOnDay } from './build.js';
