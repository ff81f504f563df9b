/** Compares reported claims with the beat's known facts. */
import type { KnownFact } from '../config/schema.js';
import type { Claim, FactChange } from './types.js';

/** One {@link FactChange} per claim: confirms, differs from, or is new against the known fact. */
export function compareClaims(
  _claims: Claim[],
  _known: KnownFact[],
  _reported: { source: string; date: string },
): FactChange[] {
  return [];
}
