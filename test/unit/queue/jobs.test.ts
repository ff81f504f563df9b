import { describe, expect, it } from 'vitest';
import { deliverJobSchema } from '../../../src/queue/jobs/deliver.js';
import { digestJobSchema } from '../../../src/queue/jobs/digest.js';
import { ingestJobSchema } from '../../../src/queue/jobs/ingest.js';
import { pollJobSchema } from '../../../src/queue/jobs/poll.js';
import { ALL_QUEUES, QUEUE_NAMES } from '../../../src/queue/names.js';

const item = {
  id: 'urn:1',
  title: 'Title',
  link: 'https://example.org/a',
  published: '2026-01-01T00:00:00.000Z',
  updated: null,
  author: null,
  summary: 'Summary',
  content: '',
  language: 'en',
};

describe('job payload schemas', () => {
  it('accepts a poll job and rejects a bad URL or interval', () => {
    const job = {
      topic: 'cecot',
      feedUrl: 'https://example.org/feed',
      feedName: 'Example',
      intervalMs: 900000,
    };
    expect(pollJobSchema.parse(job)).toEqual(job);
    expect(pollJobSchema.safeParse({ ...job, feedUrl: 'not a url' }).success).toBe(false);
    expect(pollJobSchema.safeParse({ ...job, intervalMs: 0 }).success).toBe(false);
  });

  it('accepts an ingest job and rejects one without items or with a broken item', () => {
    const job = {
      topic: 'cecot',
      feedUrl: 'https://example.org/feed',
      feedName: 'Example',
      items: [item],
      polledAtMs: 1,
      announce: true,
    };
    expect(ingestJobSchema.parse(job)).toEqual(job);
    expect(ingestJobSchema.safeParse({ ...job, items: [] }).success).toBe(false);
    expect(ingestJobSchema.safeParse({ ...job, items: [{ ...item, id: '' }] }).success).toBe(false);
    expect(ingestJobSchema.safeParse({ ...job, announce: undefined }).success).toBe(false);
  });

  it('accepts a deliver job carrying a message, and rejects an unknown message kind', () => {
    const job = {
      topic: 'cecot',
      destinationId: 'console',
      deliveryKey: 'abc',
      message: { kind: 'alert', topic: 'cecot', title: 'T', sections: [{ lines: ['x'] }], text: 'T' },
    };
    expect(deliverJobSchema.parse(job)).toEqual(job);
    expect(deliverJobSchema.safeParse({ ...job, message: { ...job.message, kind: 'spam' } }).success).toBe(
      false,
    );
  });

  it('names every queue once', () => {
    expect(new Set(ALL_QUEUES).size).toBe(Object.keys(QUEUE_NAMES).length);
  });
});

describe('deliver payload', () => {
  it('keeps message fields it does not know, so newer messages pass through the queue intact', () => {
    const message = {
      kind: 'alert',
      topic: 'cecot',
      title: 'T',
      sections: [{ lines: ['x'], accent: 'red' }],
      text: 'T',
      threadKey: 'c-1',
    };
    const parsed = deliverJobSchema.parse({ topic: 'cecot', destinationId: 'd', deliveryKey: 'k', message });
    expect(parsed.message).toEqual(message);
  });
});

describe('digest payload', () => {
  it('names the beat and the destination, and the due time only when it is not a scheduler’s', () => {
    const job = { topic: 'cecot', destinationId: 'slack:T1:C1' };
    expect(digestJobSchema.parse(job)).toEqual(job);
    expect(digestJobSchema.parse({ ...job, dueMs: 1_800_000_000_000 })).toEqual({
      ...job,
      dueMs: 1_800_000_000_000,
    });
    expect(digestJobSchema.safeParse({ ...job, destinationId: '' }).success).toBe(false);
    expect(digestJobSchema.safeParse({ ...job, dueMs: -1 }).success).toBe(false);
  });
});
