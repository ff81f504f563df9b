/**
 * Compares reported claims with the beat's known facts, by one rule: a reported figure *confirms*
 * the known one when it is the same number, however either is qualified ("90,000", "more than
 * 90 mil" and "some 90.000" all confirm "more than 90,000"); any other number *differs*, however
 * close ("about 8,300" differs from "about 8,000", 455 from 454, "more than 91,000" from "more
 * than 90,000"): a moved figure is what a desk wants to hear about. A tracked metric whose known
 * value is null, or which has no known fact, gives `new`.
 */
import type { KnownFact } from '../config/schema.js';
import type { Claim, FactChange } from './types.js';

/** Whether a reported figure confirms a known one: the same number (see the module comment). */
export function confirms(reported: number, known: number): boolean {
  return reported === known;
}

/** One {@link FactChange} per claim: confirms, differs from, or is new against the known fact. */
export function compareClaims(
  claims: Claim[],
  known: readonly KnownFact[],
  reported: { source: string; date: string },
): FactChange[] {
  return claims.map((claim) => {
    const fact = known.find((f) => f.metric === claim.metric);
    const body = fact?.attributedTo ? { attributedTo: fact.attributedTo } : {};
    const reportedValue = {
      value: claim.value,
      qualifier: claim.qualifier,
      source: reported.source,
      date: reported.date,
      text: claim.text,
      ...(claim.attributedTo ? { attributedTo: claim.attributedTo } : {}),
    };
    if (!fact || fact.value === null) {
      return {
        metric: claim.metric,
        status: 'new' as const,
        known: fact
          ? { value: null, qualifier: fact.qualifier, source: fact.source, date: fact.asOf, ...body }
          : null,
        reported: reportedValue,
      };
    }
    const same = confirms(claim.value, fact.value);
    return {
      metric: claim.metric,
      status: same ? ('confirms' as const) : ('differs' as const),
      known: { value: fact.value, qualifier: fact.qualifier, source: fact.source, date: fact.asOf, ...body },
      reported: reportedValue,
    };
  });
}
