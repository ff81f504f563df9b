import { describe, expect, it } from 'vitest';
import { describeFactChange, describeKnownFact } from '../../../src/chat/core/figures.js';
import { cecotTopic, deathsDiffer } from './story-items.js';

const topic = cecotTopic();

describe('describeFactChange', () => {
  it('names whose figure it is and the outlet that carried it', () => {
    const change = deathsDiffer(473, 'Continental Wire');
    change.reported.attributedTo = 'Socorro Jurídico Humanitario';
    expect(describeFactChange(change, topic)).toBe(
      'Deaths in custody: 473 — Socorro Jurídico Humanitario, via Continental Wire (2026-11-27) — ' +
        'differs from the known 454 (Socorro Jurídico Humanitario, 2025-12-23)',
    );
  });

  it('names the outlet alone when the text attributes the figure to nobody, or to the outlet itself', () => {
    expect(describeFactChange(deathsDiffer(473, 'Continental Wire'), topic)).toContain(
      '473 reported by Continental Wire (2026-11-27)',
    );
    const own = deathsDiffer(473, 'Socorro Jurídico Humanitario');
    own.reported.attributedTo = 'Socorro Jurídico Humanitario';
    expect(describeFactChange(own, topic)).toContain(
      '473 reported by Socorro Jurídico Humanitario (2026-11-27)',
    );
  });
});

describe('describeKnownFact', () => {
  const fact = {
    metric: 'deaths_in_custody',
    value: 473,
    qualifier: 'exact' as const,
    asOf: '2026-12-07',
    source: 'Continental Wire, Agencia Meridiano',
  };

  it('names whose figure it is, then the outlets that carried it', () => {
    expect(describeKnownFact({ ...fact, attributedTo: 'Socorro Jurídico Humanitario' }, topic)).toBe(
      'Deaths in custody since the crackdown began: 473 — Socorro Jurídico Humanitario, via ' +
        'Continental Wire, Agencia Meridiano (2026-12-07)',
    );
  });

  it('names the source alone when no other body is named', () => {
    expect(describeKnownFact(fact, topic)).toBe(
      'Deaths in custody since the crackdown began: 473 (Continental Wire, Agencia Meridiano, 2026-12-07)',
    );
  });

  it('shows the body of the known figure on the known side of a comparison', () => {
    const change = deathsDiffer(480, 'Diario Ejemplo');
    change.known = { ...change.known!, attributedTo: 'Cristosal', source: 'Continental Wire' };
    expect(describeFactChange(change, topic)).toContain(
      'differs from the known 454 (Cristosal, via Continental Wire, 2025-12-23)',
    );
  });
});
