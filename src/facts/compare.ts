/**
 * Compares reported claims with the beat's known facts.
 *
 * Tolerance rules (a claim *confirms* the known fact when all hold, otherwise it *differs*):
 * - Both exact: the values are equal. "473" does not confirm "454".
 * - Otherwise the values are within {@link RELATIVE_TOLERANCE} (5%) of the known value, so
 *   "about 8,000" and "some 8,100" confirm "about 8,000", but "more than 85,000" does not
 *   confirm "more than 90,000" (5.6% apart): a different bound is a different statement.
 * - Equal values with different wording confirm ("90,000 detained" and "more than 90,000"),
 *   unless one is a lower bound and the other an upper bound.
 * - Otherwise the two statements must both be able to be true: a bound pointing the other way contradicts
 *   ("more than 460" against an exact 454; "85,900" against "more than 90,000";
 *   "fewer than 90,000" against "more than 90,000"). "about" is compatible with anything near.
 * A tracked metric whose known value is null, or which has no known fact, gives `new`.
 */
import type { KnownFact, Qualifier } from '../config/schema.js';
import type { Claim, FactChange } from './types.js';

/** How far apart two figures may be, relative to the known one, when either is not exact. */
export const RELATIVE_TOLERANCE = 0.05;

/** The open or closed range a figure with its qualifier allows, ignoring tolerance. */
function range(value: number, qualifier: Qualifier): [number, number, boolean, boolean] {
  switch (qualifier) {
    case 'more_than':
      return [value, Number.POSITIVE_INFINITY, false, true];
    case 'at_least':
      return [value, Number.POSITIVE_INFINITY, true, true];
    case 'fewer_than':
      return [0, value, true, false];
    case 'up_to':
      return [0, value, true, true];
    case 'about':
      return [value * (1 - RELATIVE_TOLERANCE), value * (1 + RELATIVE_TOLERANCE), true, true];
    default:
      return [value, value, true, true];
  }
}

/** True when some quantity satisfies both statements. */
function compatible(a: [number, Qualifier], b: [number, Qualifier]): boolean {
  const [aLo, aHi, aLoIn, aHiIn] = range(...a);
  const [bLo, bHi, bLoIn, bHiIn] = range(...b);
  const lo = Math.max(aLo, bLo);
  const hi = Math.min(aHi, bHi);
  if (lo < hi) return true;
  if (lo > hi) return false;
  const loIn = aLo === lo ? aLoIn : true;
  const loIn2 = bLo === lo ? bLoIn : true;
  const hiIn = aHi === hi ? aHiIn : true;
  const hiIn2 = bHi === hi ? bHiIn : true;
  return loIn && loIn2 && hiIn && hiIn2;
}

const isLowerBound = (q: Qualifier) => q === 'more_than' || q === 'at_least';
const isUpperBound = (q: Qualifier) => q === 'fewer_than' || q === 'up_to';

/** Whether a reported figure confirms a known one, by the rules above. */
export function confirms(reported: [number, Qualifier], known: [number, Qualifier]): boolean {
  const [r, rq] = reported;
  const [k, kq] = known;
  if (rq === 'exact' && kq === 'exact') return r === k;
  if (Math.abs(r - k) > RELATIVE_TOLERANCE * k) return false;
  if (rq === kq) return true;
  // The same number with different wording ("90,000 detained" against "more than 90,000") is a
  // rounding of the same figure, unless the bounds point opposite ways.
  if (r === k) return !(isLowerBound(rq) && isUpperBound(kq)) && !(isUpperBound(rq) && isLowerBound(kq));
  return compatible(reported, known);
}

/** One {@link FactChange} per claim: confirms, differs from, or is new against the known fact. */
export function compareClaims(
  claims: Claim[],
  known: KnownFact[],
  reported: { source: string; date: string },
): FactChange[] {
  return claims.map((claim) => {
    const fact = known.find((f) => f.metric === claim.metric);
    const reportedValue = {
      value: claim.value,
      qualifier: claim.qualifier,
      source: reported.source,
      date: reported.date,
      text: claim.text,
    };
    if (!fact || fact.value === null) {
      return {
        metric: claim.metric,
        status: 'new' as const,
        known: fact ? { value: null, qualifier: fact.qualifier, source: fact.source, date: fact.asOf } : null,
        reported: reportedValue,
      };
    }
    const same = confirms([claim.value, claim.qualifier], [fact.value, fact.qualifier]);
    return {
      metric: claim.metric,
      status: same ? ('confirms' as const) : ('differs' as const),
      known: { value: fact.value, qualifier: fact.qualifier, source: fact.source, date: fact.asOf },
      reported: reportedValue,
    };
  });
}
