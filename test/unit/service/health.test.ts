import { describe, expect, it } from 'vitest';
import { assessHealth, type HealthInput } from '../../../src/service/health.js';
import type { FeedState } from '../../../src/store/types.js';
import { feedState } from '../../helpers/feed-state.js';

const feed = (topic: string, patch: Partial<FeedState>): FeedState =>
  feedState({ url: `https://example.org/${topic}/${Math.random()}`, topic, ...patch });

const failing = { consecutiveFailures: 3, lastError: 'http-status: 500' };
const paused = { paused: true, pausedReason: 'gone' };

function input(patch: Partial<HealthInput>): HealthInput {
  return {
    redisUp: true,
    starting: false,
    roles: ['poll'],
    workersRunning: 1,
    workersTotal: 1,
    topics: ['cecot', 'other'],
    feeds: [],
    ...patch,
  };
}

describe('assessHealth', () => {
  it('is ok with Redis up, workers running and at least one working feed per beat', () => {
    const report = assessHealth(input({ feeds: [feed('cecot', failing), feed('cecot', {})] }));
    expect(report).toMatchObject({ status: 'ok', redis: 'up', beats: { cecot: { feeds: 2, failing: 1 } } });
    expect(report.degraded).toBeUndefined();
  });

  it('is degraded, naming the beat, when every feed of a beat is failing or paused', () => {
    const report = assessHealth(
      input({ feeds: [feed('cecot', failing), feed('cecot', paused), feed('other', {})] }),
    );
    expect(report.status).toBe('degraded');
    expect(report.degraded).toEqual(['every feed of beat cecot is failing or paused']);
  });

  it('is not degraded by a beat without feeds, or whose feeds were never polled', () => {
    const report = assessHealth(
      input({ feeds: [feed('cecot', { lastPolledAtMs: null, lastStatus: null })] }),
    );
    expect(report.status).toBe('ok');
  });

  it('is unhealthy, saying what is down, when Redis is down, while starting, or with a stopped worker', () => {
    expect(assessHealth(input({ redisUp: false, starting: true, feeds: null }))).toMatchObject({
      status: 'unhealthy',
      redis: 'down',
      down: ['redis', 'starting'],
    });
    expect(assessHealth(input({ workersRunning: 0 }))).toMatchObject({
      status: 'unhealthy',
      down: ['workers (0 of 1 running)'],
    });
  });
});
