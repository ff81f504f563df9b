/** Figures reported by stories, and how they compare with what the beat knows. */
export { type ClaimReader, createClaimReader, extractClaims } from './claims.js';
export { compareClaims } from './compare.js';
export { describeChange, formatFigure } from './describe.js';
export { findNumbers, type NumberMention } from './numbers.js';
export type { Claim, FactChange, FactValue } from './types.js';
