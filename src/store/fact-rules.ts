/**
 * When a reported figure becomes the known value (pure). One outlet reporting a different number
 * is news, not yet a fact: under the `two-outlets` rule the known value changes when a second,
 * independent outlet reports the same figure, or when an admin accepts it; under the `admin` rule
 * only when an admin accepts it.
 */
import type { KnownFact } from '../config/schema.js';
import type { FactReport } from './types.js';

/** How a beat adopts a differing figure (the topic file's `facts.adopt`). */
export type AdoptionRule = 'two-outlets' | 'admin';

/** Outlets are compared case-insensitively and without a leading "www.". */
export function outletId(source: string): string {
  return source
    .trim()
    .toLowerCase()
    .replace(/^www\./, '');
}

/**
 * What the reports of one value of one metric add up to: all the rules need to know about them.
 * The fact store keeps one per reported value, as this JSON, and updates it as reports arrive.
 */
export interface ValueSummary {
  /**
   * `[outletId, name]` of every outlet that reported the value, in first-seen order; `name` is how
   * that outlet's first report named it ({@link outletName}).
   */
  outlets: Array<[string, string]>;
  /** The latest date the value was reported for. */
  latest: string;
  /** The first body a report of the value attributed it to; absent in summaries stored before it was kept. */
  attributedTo?: string;
}

/** How a report names its outlet: the feed's name for it when known, else its host. */
export function outletName(report: Pick<FactReport, 'source' | 'outlet'>): string {
  return report.outlet?.trim() || report.source;
}

/** The summary once `report` (of the summary's value) joins it; a new object, `summary` is left as is. */
export function addToSummary(summary: ValueSummary | undefined, report: FactReport): ValueSummary {
  const attributedTo = summary?.attributedTo ?? (report.attributedTo || undefined);
  if (!summary)
    return {
      outlets: [[outletId(report.source), outletName(report)]],
      latest: report.date,
      ...(attributedTo ? { attributedTo } : {}),
    };
  const id = outletId(report.source);
  return {
    outlets: summary.outlets.some(([known]) => known === id)
      ? summary.outlets
      : [...summary.outlets, [id, outletName(report)]],
    // biome-ignore lint/complexity/useMathMinMax: dates are YYYY-MM-DD strings; the latest sorts last
    latest: report.date > summary.latest ? report.date : summary.latest,
    ...(attributedTo ? { attributedTo } : {}),
  };
}

/** The summary of every value in one metric's history (oldest report first). */
export function summarize(history: FactReport[]): Map<number, ValueSummary> {
  const summaries = new Map<number, ValueSummary>();
  for (const r of history) summaries.set(r.value, addToSummary(summaries.get(r.value), r));
  return summaries;
}

/**
 * The known fact after `report` joins the history of its metric, or null when the known value
 * does not change. `summary` is the summary of the report's value with the report in it.
 */
export function nextKnownFact(
  known: KnownFact | undefined,
  summary: ValueSummary,
  report: FactReport,
  rule: AdoptionRule = 'two-outlets',
): KnownFact | null {
  if (known && known.value === report.value) return null;
  if (report.acceptedBy) {
    const attributedTo = report.attributedTo || summary.attributedTo;
    return {
      metric: report.metric,
      value: report.value,
      qualifier: report.qualifier,
      asOf: report.date,
      source: `${outletName(report)} (accepted by ${report.acceptedBy})`,
      ...(attributedTo ? { attributedTo } : {}),
    };
  }
  if (rule === 'admin' || summary.outlets.length < 2) return null;
  // A summary stored before bodies were kept has none; the report that settles it may name one.
  const attributedTo = summary.attributedTo || report.attributedTo;
  return {
    metric: report.metric,
    value: report.value,
    qualifier: report.qualifier,
    asOf: summary.latest,
    source: summary.outlets.map(([, name]) => name).join(', '),
    ...(attributedTo ? { attributedTo } : {}),
  };
}
