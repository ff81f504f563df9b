/**
 * When a reported figure becomes the known value (pure). One outlet reporting a different number
 * is news, not yet a fact: the known value changes only when a second, independent outlet reports
 * the same figure, or when an admin accepts it.
 */
import type { KnownFact } from '../config/schema.js';
import type { FactReport } from './types.js';

/** Outlets are compared case-insensitively and without a leading "www.". */
export function outletId(source: string): string {
  return source
    .trim()
    .toLowerCase()
    .replace(/^www\./, '');
}

/**
 * The known fact after `report` joins `history` (which already contains it), or null when the
 * known value does not change.
 */
export function nextKnownFact(
  known: KnownFact | undefined,
  history: FactReport[],
  report: FactReport,
): KnownFact | null {
  if (known && known.value === report.value) return null;
  if (report.acceptedBy) {
    return {
      metric: report.metric,
      value: report.value,
      qualifier: report.qualifier,
      asOf: report.date,
      source: `${report.source} (accepted by ${report.acceptedBy})`,
    };
  }
  const outlets = new Map<string, string>();
  for (const r of history) {
    if (r.metric === report.metric && r.value === report.value && !outlets.has(outletId(r.source))) {
      outlets.set(outletId(r.source), r.source);
    }
  }
  if (outlets.size < 2) return null;
  const dates = history.filter((r) => r.value === report.value).map((r) => r.date);
  return {
    metric: report.metric,
    value: report.value,
    qualifier: report.qualifier,
    asOf: dates.sort().at(-1) ?? report.date,
    source: [...outlets.values()].join(', '),
  };
}
