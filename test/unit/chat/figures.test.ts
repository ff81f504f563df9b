import { describe, expect, it } from 'vitest';
import { describeFactChange } from '../../../src/chat/core/figures.js';
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
