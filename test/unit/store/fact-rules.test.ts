import { describe, expect, it } from 'vitest';
import { nextKnownFact, outletId } from '../../../src/store/fact-rules.js';
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

describe('nextKnownFact', () => {
  it('a confirming report changes nothing', () => {
    expect(nextKnownFact(known, [report('a.example', 454)], report('a.example', 454))).toBeNull();
  });

  it('one outlet, however often, is not enough', () => {
    const history = [report('a.example'), report('www.A.example')];
    expect(nextKnownFact(known, history, history[1]!)).toBeNull();
  });

  it('a second independent outlet makes the figure known, with both sources and the latest date', () => {
    const history = [report('a.example'), report('b.example', 473, '2026-01-07')];
    expect(nextKnownFact(known, history, history[1]!)).toEqual({
      metric: 'deaths_in_custody',
      value: 473,
      qualifier: 'exact',
      asOf: '2026-01-07',
      source: 'a.example, b.example',
    });
  });

  it('two outlets with different figures do not agree', () => {
    const history = [report('a.example', 473), report('b.example', 480)];
    expect(nextKnownFact(known, history, history[1]!)).toBeNull();
  });

  it('an admin acceptance wins at once', () => {
    const accepted = { ...report('Ministry', 500), acceptedBy: 'ana' };
    expect(nextKnownFact(known, [accepted], accepted)).toMatchObject({
      value: 500,
      source: 'Ministry (accepted by ana)',
    });
  });

  it('outlet ids ignore case and www', () => expect(outletId(' WWW.ElFaro.net ')).toBe('elfaro.net'));
});
