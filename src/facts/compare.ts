/**
 * Compares reported claims with the beat's known facts.
 *
 * Tolerance rules: a claim *confirms* the known fact when
 * - the numbers are equal, whatever the wording ("90,000 detained" and "more than 90,000"),
 *   unless one is a lower bound and the other an upper bound ("fewer than 90,000"); or
 * - one side says "about" and the other side's number rounds to it at the precision it is
 *   written in: "about 8,000" covers 7,500–8,499, so 8,100 confirms it; "about 450" covers
 *   454. The precision of a number is the largest power of ten that divides it.
 * Anything else *differs*: "473" against 454, "more than 91,000" against "more than 90,000" (a
 * moved bound is news), "about 91,500" against "more than 90,000" (a more precise new figure).
 * A tracked metric whose known value is null, or which has no known fact, gives `new`.
 */
import type { KnownFact, Qualifier } from '../config/schema.js';
import type { Claim, FactChange } from './types.js';

const isLowerBound = (q: Qualifier) => q === 'more_than' || q === 'at_least';
const isUpperBound = (q: Qualifier) => q === 'fewer_than' || q === 'up_to';

/** The largest power of ten that divides `n` (1 for non-integers and zero). */
export function precisionOf(n: number): number {
  if (!Number.isInteger(n) || n === 0) return 1;
  let p = 1;
  while (n % (p * 10) === 0) p *= 10;
  return p;
}

/** True when `value` rounds to `approx` at the precision `approx` is written in. */
function roundsTo(value: number, approx: number): boolean {
  const p = precisionOf(approx);
  return Math.abs(value - approx) * 2 < p || Math.abs(value - approx) * 2 === p;
}

/** Whether a reported figure confirms a known one, by the rules above. */
export function confirms(reported: [number, Qualifier], known: [number, Qualifier]): boolean {
  const [r, rq] = reported;
  const [k, kq] = known;
  if ((isLowerBound(rq) && isUpperBound(kq)) || (isUpperBound(rq) && isLowerBound(kq))) return false;
  if (r === k) return true;
  if (kq === 'about' && roundsTo(r, k)) return true;
  if (rq === 'about' && roundsTo(k, r)) return true;
  return false;
}

/** One {@link FactChange} per claim: confirms, differs from, or is new against the known fact. */
export function compareClaims(
  claims: Claim[],
  known: readonly KnownFact[],
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
