/**
 * Prometheus metrics of one beatwatch process (prom-client). Each process gets its own registry,
 * so several in-process instances (tests, the demo) never share counters.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Reads the depth of every queue by state; supplied by the composition root. */
export type QueueDepthReader = () => Promise<Array<{ queue: string; state: string; count: number }>>;

/** Counts feeds by health status (ok, failing, paused…); supplied by the composition root. */
export type FeedHealthReader = () => Promise<Record<string, number>>;

export interface Metrics {
  registry: Registry;
  /** Polls by outcome: fetched, not-modified, retry-later, gone, failed, skipped. */
  polls: Counter<'topic' | 'outcome'>;
  notModified: Counter<'topic'>;
  /** New items found in feeds and handed to ingest. */
  items: Counter<'topic'>;
  /** New items not handed to ingest, by reason (`over-cap`: beyond `poll.maxItemsPerPoll`). */
  skippedItems: Counter<'topic' | 'reason'>;
  duplicates: Counter<'topic'>;
  /** Stories analysed and stored, by whether they are relevant and open a new cluster. */
  stories: Counter<'topic' | 'kind'>;
  /** Deliveries by result: sent, already-sent, rate-limited, failed. */
  deliveries: Counter<'destination' | 'result'>;
  /** Failures by stage: fetch, parse, ingest, deliver. */
  failures: Counter<'stage'>;
  queueDepth: Gauge<'queue' | 'state'>;
  /** Feeds by health status, read from the store on each scrape. */
  feeds: Gauge<'status'>;
  /** Seconds from the poll that found a story to its delivery. */
  pollToDelivery: Histogram<'destination'>;
  /** 1 while Redis answers, 0 while it is away or does not answer within the read deadline. */
  redisUp: Gauge;
}

/**
 * Creates the metrics; the readers are called on each scrape to fill the gauges. They must give
 * up quickly while Redis is away: a scrape that hangs looks like a dead process.
 */
export function createMetrics(
  readDepths?: QueueDepthReader,
  readFeeds?: FeedHealthReader,
  redisAnswers?: () => Promise<boolean>,
): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const metrics: Metrics = {
    registry,
    polls: new Counter({
      name: 'beatwatch_polls_total',
      help: 'Feed polls by outcome',
      labelNames: ['topic', 'outcome'],
      registers,
    }),
    notModified: new Counter({
      name: 'beatwatch_not_modified_total',
      help: 'Polls answered 304 Not Modified',
      labelNames: ['topic'],
      registers,
    }),
    items: new Counter({
      name: 'beatwatch_items_total',
      help: 'New feed items found',
      labelNames: ['topic'],
      registers,
    }),
    skippedItems: new Counter({
      name: 'beatwatch_items_skipped_total',
      help: 'New feed items not ingested, by reason (over-cap: beyond poll.maxItemsPerPoll)',
      labelNames: ['topic', 'reason'],
      registers,
    }),
    duplicates: new Counter({
      name: 'beatwatch_duplicates_total',
      help: 'Items recognised as duplicates of an earlier article',
      labelNames: ['topic'],
      registers,
    }),
    stories: new Counter({
      name: 'beatwatch_stories_total',
      help: 'Stories analysed and stored, by kind (new-cluster, follow-up, duplicate, off-beat)',
      labelNames: ['topic', 'kind'],
      registers,
    }),
    deliveries: new Counter({
      name: 'beatwatch_deliveries_total',
      help: 'Deliveries by result (sent, already-sent, rate-limited, failed)',
      labelNames: ['destination', 'result'],
      registers,
    }),
    failures: new Counter({
      name: 'beatwatch_failures_total',
      help: 'Failures by pipeline stage',
      labelNames: ['stage'],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'beatwatch_queue_depth',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        if (!readDepths) return;
        try {
          for (const { queue, state, count } of await readDepths()) this.set({ queue, state }, count);
        } catch {
          // Redis away: keep the last values rather than failing the whole scrape.
        }
      },
    }),
    feeds: new Gauge({
      name: 'beatwatch_feeds',
      help: 'Feeds by health status (ok, waiting, failing, paused, never-polled)',
      labelNames: ['status'],
      registers,
      async collect() {
        if (!readFeeds) return;
        try {
          this.reset();
          for (const [status, count] of Object.entries(await readFeeds())) this.set({ status }, count);
        } catch {
          // Redis away: the scrape still answers with the other metrics.
        }
      },
    }),
    pollToDelivery: new Histogram({
      name: 'beatwatch_poll_to_delivery_seconds',
      help: 'Seconds from the poll that found a story to its delivery',
      labelNames: ['destination'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    }),
    redisUp: new Gauge({
      name: 'beatwatch_redis_up',
      help: '1 while Redis answers, 0 while it is away',
      registers,
      async collect() {
        if (redisAnswers) this.set((await redisAnswers()) ? 1 : 0);
      },
    }),
  };
  return metrics;
}
