/**
 * Clauses of a sentence: a figure is tied to a metric only by words of its own clause. A clause
 * ends at a semicolon, a spaced dash, or a comma followed by a conjunction ("…detained, and some
 * 8,000 released"; "…detenidos, y unos 8.000…"). Plain commas do not split: "According to X, 454
 * have died" is one clause.
 */
const CLAUSE_BREAK =
  /;|\s[-\u2013\u2014]\s|,\s+(?=(?:and|but|while|whereas|although|though|yet|y|e|pero|mientras|aunque|sino|ni)\b)/giu;

/** Splits one sentence into clauses as written (trimmed, non-empty). */
export function splitClauses(sentence: string): string[] {
  return sentence
    .split(CLAUSE_BREAK)
    .map((c) => c.trim())
    .filter(Boolean);
}
