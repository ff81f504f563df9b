import { describe, expect, it } from 'vitest';
import { addToSummary, nextKnownFact, outletId, summarize } from '../../../src/store/fact-rules.js';
import type { FactReport } from '../../../src/store/types.js';

const known = {
  metric: 'deaths_in_custody',
  value: 454,
  qualifier: 'exact' as const,
  asOf: '2025-12-23',
  source: 'NGOs',
};
const report = (source: string, value = 473, date = '2026-01-05'): FactReport => ({
  metric: 'deaths_in_custody',
  value,
  qualifier: 'exact',
  source,
  date,
});
/** The summary of `r`'s value in `history` (which holds `r`). */
const summaryOf = (history: FactReport[], r: FactReport) => summarize(history).get(r.value)!;

describe('nextKnownFact', () => {
  it('a confirming report changes nothing', () => {
    expect(
      nextKnownFact(
        known,
        summaryOf([report('a.example', 454)], report('a.example', 454)),
        report('a.example', 454),
      ),
    ).toBeNull();
  });

  it('one outlet, however often, is not enough', () => {
    const history = [report('a.example'), report('www.A.example')];
    expect(nextKnownFact(known, summaryOf(history, history[1]!), history[1]!)).toBeNull();
  });

  it('a second independent outlet makes the figure known, with both sources and the latest date', () => {
    const history = [report('a.example'), report('b.example', 473, '2026-01-07')];
    expect(nextKnownFact(known, summaryOf(history, history[1]!), history[1]!)).toEqual({
      metric: 'deaths_in_custody',
      value: 473,
      qualifier: 'exact',
      asOf: '2026-01-07',
      source: 'a.example, b.example',
    });
  });

  it('names the outlets as their feeds do and keeps the body the figure is attributed to', () => {
    const history: FactReport[] = [
      { ...report('continentalwire.example'), outlet: 'Continental Wire' },
      {
        ...report('meridiano.example', 473, '2026-01-07'),
        outlet: 'Agencia Meridiano',
        attributedTo: 'Socorro Jurídico Humanitario',
      },
    ];
    expect(nextKnownFact(known, summaryOf(history, history[1]!), history[1]!)).toEqual({
      metric: 'deaths_in_custody',
      value: 473,
      qualifier: 'exact',
      asOf: '2026-01-07',
      source: 'Continental Wire, Agencia Meridiano',
      attributedTo: 'Socorro Jurídico Humanitario',
    });
  });

  it('two outlets with different figures do not agree', () => {
    const history = [report('a.example', 473), report('b.example', 480)];
    expect(nextKnownFact(known, summaryOf(history, history[1]!), history[1]!)).toBeNull();
  });

  it('an admin acceptance wins at once', () => {
    const accepted = { ...report('Ministry', 500), acceptedBy: 'ana' };
    expect(nextKnownFact(known, summaryOf([accepted], accepted), accepted)).toMatchObject({
      value: 500,
      source: 'Ministry (accepted by ana)',
    });
    const named = {
      ...report('continentalwire.example', 500),
      outlet: 'Continental Wire',
      attributedTo: 'Cristosal',
      acceptedBy: 'ana',
    };
    expect(nextKnownFact(known, summaryOf([named], named), named)).toMatchObject({
      source: 'Continental Wire (accepted by ana)',
      attributedTo: 'Cristosal',
    });
  });

  it('under the admin rule, outlets never adopt a figure; an acceptance still does', () => {
    const history = [report('a.example'), report('b.example', 473, '2026-01-07')];
    expect(nextKnownFact(known, summaryOf(history, history[1]!), history[1]!, 'admin')).toBeNull();
    const accepted = { ...report('b.example'), acceptedBy: 'ana' };
    expect(nextKnownFact(known, summaryOf([accepted], accepted), accepted, 'admin')).toMatchObject({
      value: 473,
    });
  });

  it('the date is the latest of the value, whatever the order of the reports', () => {
    const history = [report('a.example', 473, '2026-01-09'), report('b.example', 473, '2026-01-02')];
    expect(nextKnownFact(known, summaryOf(history, history[1]!), history[1]!)).toMatchObject({
      asOf: '2026-01-09',
      source: 'a.example, b.example',
    });
  });

  it('outlet ids ignore case and www', () => expect(outletId(' WWW.ElFaro.net ')).toBe('elfaro.net'));
});

describe('value summaries', () => {
  it('keep each outlet once, with the text of its first report, in first-seen order, and the latest date', () => {
    const history = [
      report('www.B.example', 473, '2026-01-03'),
      report('a.example', 480, '2026-01-09'),
      report('b.example', 473, '2026-01-05'),
      report('a.example', 473, '2026-01-04'),
    ];
    expect(summarize(history)).toEqual(
      new Map([
        [
          473,
          {
            outlets: [
              ['b.example', 'www.B.example'],
              ['a.example', 'a.example'],
            ],
            latest: '2026-01-05',
          },
        ],
        [480, { outlets: [['a.example', 'a.example']], latest: '2026-01-09' }],
      ]),
    );
  });

  it('adding a report leaves the summary it started from as it was', () => {
    const first = addToSummary(undefined, report('a.example'));
    const second = addToSummary(first, report('b.example', 473, '2026-02-01'));
    expect(first).toEqual({ outlets: [['a.example', 'a.example']], latest: '2026-01-05' });
    expect(second.outlets).toHaveLength(2);
    expect(addToSummary(second, report('A.example', 473, '2025-01-01'))).toEqual(second);
  });
});
