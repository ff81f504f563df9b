/** The daily digest: the day's developments grouped by story. */
export { buildDigest, type DigestOptions, itemsOnDay } from './build.js';
