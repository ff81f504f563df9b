/**
 * Wording of figures: "more than 90,000", known facts with their source and date, and how a
 * reported figure compares with the known one. Shared by alerts, digests and `/… stats`, so a
 * figure reads the same wherever it appears.
 */
import type { KnownFact, Qualifier, Topic } from '../../config/schema.js';
import { formatFigure as formatFactFigure } from '../../facts/describe.js';
import type { FactChange, FactValue } from '../../facts/types.js';
import { cleanText } from './escape.js';

/** `(90000, 'more_than')` → `more than 90,000` (the facts module's wording, in English). */
export function formatFigure(value: number, qualifier: Qualifier): string {
  return formatFactFigure(value, qualifier, 'en');
}

/**
 * The English label of a tracked metric, else its id with spaces. `short` picks the brief's short
 * name ("Deaths in custody") for one-line comparisons; the full label suits a list of figures.
 */
export function metricLabel(
  topic: Pick<Topic, 'brief'>,
  metric: string,
  options: { short?: boolean } = {},
): string {
  const found = topic.brief.metrics.find((m) => m.id === metric);
  const short = options.short ? (found?.short?.en ?? found?.short?.es) : undefined;
  return short ?? found?.label.en ?? found?.label.es ?? metric.replace(/_/g, ' ');
}

/** "Socorro Jurídico Humanitario, 2025-12-23" (either part may be missing). */
function attribution(source: string | null | undefined, date: string | null | undefined): string {
  return [cleanText(source, 80), cleanText(date, 10)].filter(Boolean).join(', ');
}

/** The value of a known fact in words: a figure, or its note ("hundreds…"), or "no figure yet". */
export function knownValueText(fact: Pick<KnownFact, 'value' | 'qualifier' | 'note'>): string {
  if (fact.value !== null) return formatFigure(fact.value, fact.qualifier);
  const note = fact.note?.en ?? fact.note?.es;
  return note ? `${cleanText(note, 120)}, no exact figure` : 'no figure yet';
}

/**
 * Whose figure a known fact is, then who carried it: "Socorro Jurídico Humanitario, via
 * Continental Wire, Agencia Meridiano"; just `source` when no other body is named.
 */
export function knownFactOrigin(fact: Pick<KnownFact, 'source' | 'attributedTo'>): string {
  const via = cleanText(fact.source, 120);
  const body = cleanText(fact.attributedTo, 80);
  return body && body.toLowerCase() !== via.toLowerCase() ? `${body}${via ? `, via ${via}` : ''}` : via;
}

/**
 * "Deaths in custody since the crackdown began: 454 (Socorro Jurídico Humanitario, 2025-12-23)",
 * or, for a figure outlets attributed to a body, "…: 473 — Socorro Jurídico Humanitario, via
 * Continental Wire, Agencia Meridiano (2026-12-07)".
 */
export function describeKnownFact(fact: KnownFact, topic: Pick<Topic, 'brief'>): string {
  const head = `${metricLabel(topic, fact.metric)}: ${knownValueText(fact)}`;
  const origin = knownFactOrigin(fact);
  if (origin === cleanText(fact.source, 120)) return `${head} (${attribution(fact.source, fact.asOf)})`;
  const when = cleanText(fact.asOf, 10);
  return `${head} — ${origin}${when ? ` (${when})` : ''}`;
}

function knownSide(known: FactValue | null): string {
  if (!known) return 'no known figure yet';
  const value = known.value === null ? 'no exact figure' : formatFigure(known.value, known.qualifier);
  return `${value} (${attribution(knownFactOrigin(known), known.date)})`;
}

/**
 * One comparison in words, naming both sources, e.g.
 * "Deaths in custody: 473 reported by Diario Ejemplo (2026-11-20) — differs from the known 454 (…)",
 * or, when the text says whose figure it is, "473 — Socorro Jurídico Humanitario, via Diario
 * Ejemplo (2026-11-20) — …". `outlet` names the reporter when the claim itself carries no source.
 */
export function describeFactChange(change: FactChange, topic: Pick<Topic, 'brief'>, outlet?: string): string {
  const label = metricLabel(topic, change.metric, { short: true });
  const reported = change.reported;
  const value = reported.value === null ? 'a figure' : formatFigure(reported.value, reported.qualifier);
  const via = cleanText(reported.source || outlet || '', 80);
  const origin = cleanText(reported.attributedTo, 80);
  const when = cleanText(reported.date, 10);
  const dated = when ? ` (${when})` : '';
  // Whose figure, then who carried it: "473 — Socorro Jurídico Humanitario, via Continental Wire".
  const reporter =
    origin && origin.toLowerCase() !== via.toLowerCase()
      ? ` — ${origin}${via ? `, via ${via}` : ''}${dated}`
      : ` reported${via || origin ? ` by ${via || origin}` : ''}${dated}`;
  switch (change.status) {
    case 'confirms':
      return `${label}: ${value}${reporter} — confirms the known ${knownSide(change.known)}`;
    case 'new':
      return `${label}: ${value}${reporter} — new; ${knownSide(change.known)}`;
    default:
      return `${label}: ${value}${reporter} — differs from the known ${knownSide(change.known)}`;
  }
}

/**
 * {@link describeFactChange}, adding "now the known figure" when `knownFacts` already hold the
 * reported value (enough outlets repeated it since, or an admin accepted it).
 */
export function describeReportedChange(
  change: FactChange,
  topic: Pick<Topic, 'brief'>,
  knownFacts: readonly Pick<KnownFact, 'metric' | 'value'>[],
  outlet?: string,
): string {
  const line = describeFactChange(change, topic, outlet);
  const adopted = knownFacts.some((f) => f.metric === change.metric && f.value === change.reported.value);
  return adopted ? `${line}; now the known figure` : line;
}

/** Identity of a reported figure, for de-duplicating the same number across copies of a story. */
export function changeKey(change: FactChange): string {
  return `${change.metric}|${change.status}|${change.reported.value}|${change.reported.qualifier}`;
}
