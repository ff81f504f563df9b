/** Plain-text rendering of a quality run: the score table and the list of mistakes. */
import { QUALITY_METRICS } from './bars.js';
import type { Mistake, QualityScores } from './score.js';

const num = (n: number): string => n.toFixed(3);

/** The table: metric, beatwatch, baseline, bar, and whether the bar is met. */
export function formatScoreTable(beatwatch: QualityScores, baseline: QualityScores): string {
  const rows = QUALITY_METRICS.map((m) => {
    const value = m.read(beatwatch);
    return [
      m.label,
      num(value),
      num(m.read(baseline)),
      `≥ ${m.bar.toFixed(2)}`,
      value >= m.bar - 1e-9 ? 'ok' : 'BELOW',
    ];
  });
  return renderTable(['metric', 'beatwatch', 'baseline', 'bar', ''], rows);
}

/** A plain-text table: first column left-aligned, the others right-aligned, a rule under the header. */
export function renderTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The counts behind each number, so a reader can see how many items a point is worth. */
export function formatCounts(label: string, s: QualityScores): string {
  const c = (p: { tp: number; fp: number; fn: number; precision: number; recall: number }): string =>
    `P ${num(p.precision)} R ${num(p.recall)} (tp ${p.tp}, fp ${p.fp}, fn ${p.fn})`;
  const q = s.claims.qualifierMatched === 0 ? 1 : s.claims.qualifierAgreement / s.claims.qualifierMatched;
  return [
    `${label}: ${s.items} items`,
    `  relevance   ${c(s.relevance)}`,
    `  duplicates  ${c(s.duplicates)}`,
    `  cluster pairs ${c(s.clusters)}`,
    `    first copies only: F1 ${num(s.clustersOfFirstCopies.f1)}, ${c(s.clustersOfFirstCopies)}`,
    `  claims      ${c(s.claims)}; qualifier right on ${s.claims.qualifierAgreement}/${s.claims.qualifierMatched} matched (${num(q)})`,
    `  fact changes ${s.factChanges.correct}/${s.factChanges.total} right; ${s.factChanges.extra} predicted beyond the labels`,
  ].join('\n');
}

const KIND_TITLES: Record<Mistake['kind'], string> = {
  missing: 'Items missing from the output',
  relevance: 'Relevance',
  duplicate: 'Duplicates',
  cluster: 'Clusters',
  claims: 'Claims (metric value; qualifier shown)',
  factChanges: 'Fact changes (metric:status)',
};

/** The mistakes grouped by kind, one block per item: id, title, expected, got, label note. */
export function formatMistakes(mistakes: readonly Mistake[]): string {
  if (mistakes.length === 0) return 'No mistakes.';
  const out: string[] = [];
  for (const kind of Object.keys(KIND_TITLES) as Mistake['kind'][]) {
    const list = mistakes.filter((m) => m.kind === kind);
    if (list.length === 0) continue;
    out.push(`${KIND_TITLES[kind]} — ${list.length}`);
    for (const m of list) {
      out.push(`  ${m.id}`);
      out.push(`    "${m.title}"`);
      out.push(`    expected: ${m.expected}`);
      out.push(`    got:      ${m.got}`);
      if (m.note) out.push(`    label note: ${m.note}`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}
