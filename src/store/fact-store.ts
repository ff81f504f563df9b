/**
 * Known facts and the history of every reported figure, on Redis. Writes happen under the beat's
 * ingest lock (one writer per beat at a time), so read-decide-write needs no transaction here.
 */
import type { Redis } from 'ioredis';
import type { KnownFact } from '../config/schema.js';
import { nextKnownFact } from './fact-rules.js';
import { storeKeys } from './keys.js';
import type { FactReport, FactStore } from './types.js';

export interface FactStoreOptions {
  /** Reports older than this are trimmed from the history (`retention.days`); 0 keeps them all. */
  maxHistory?: number;
}

/** Facts on Redis: a hash of known facts per beat and a list of reports per metric. */
export function createRedisFactStore(
  redis: Redis,
  prefix: string,
  options: FactStoreOptions = {},
): FactStore {
  const keys = storeKeys(prefix);
  const maxHistory = options.maxHistory ?? 1000;
  const known = async (topic: string): Promise<KnownFact[]> =>
    Object.values(await redis.hgetall(keys.facts(topic))).map((j) => JSON.parse(j) as KnownFact);
  const history = async (topic: string, metric: string): Promise<FactReport[]> =>
    (await redis.lrange(keys.factHistory(topic, metric), 0, -1)).map((j) => JSON.parse(j) as FactReport);
  const setKnown = async (topic: string, fact: KnownFact): Promise<void> => {
    await redis
      .multi()
      .hset(keys.facts(topic), fact.metric, JSON.stringify(fact))
      .incr(keys.factsVersion(topic))
      .exec();
  };
  const append = async (topic: string, report: FactReport): Promise<void> => {
    const key = keys.factHistory(topic, report.metric);
    // The oldest reports go first when the list is full; the known value keeps its sources.
    await redis.multi().rpush(key, JSON.stringify(report)).ltrim(key, -maxHistory, -1).exec();
  };
  /**
   * Appends every report, then reads each metric's known fact and history, in one round trip;
   * decides report by report, in order, each against the history as it stood when it joined (the
   * reports after it in this call left out), so the outcome is that of reporting one at a time.
   */
  const reportMany: FactStore['reportMany'] = async (topic, reports) => {
    if (reports.length === 0) return [];
    const metrics = [...new Set(reports.map((r) => r.metric))];
    const tx = redis.multi();
    for (const r of reports) {
      const key = keys.factHistory(topic, r.metric);
      tx.rpush(key, JSON.stringify(r)).ltrim(key, -maxHistory, -1);
    }
    for (const m of metrics) tx.hget(keys.facts(topic), m).lrange(keys.factHistory(topic, m), 0, -1);
    const replies = await tx.exec();
    const failed = replies?.find(([err]) => err !== null)?.[0];
    if (!replies || failed) throw failed ?? new Error('fact report transaction was discarded');
    const reads = replies.slice(reports.length * 2);
    const changed: KnownFact[] = [];
    metrics.forEach((metric, i) => {
      const json = reads[2 * i]![1] as string | null;
      let current = json === null ? undefined : (JSON.parse(json) as KnownFact);
      const list = (reads[2 * i + 1]![1] as string[]).map((j) => JSON.parse(j) as FactReport);
      const mine = reports.filter((r) => r.metric === metric);
      mine.forEach((report, j) => {
        const history = list.slice(0, list.length - (mine.length - 1 - j));
        const next = nextKnownFact(current, history, report);
        if (next) {
          current = next;
          changed.push(next);
        }
      });
    });
    if (changed.length > 0) {
      const write = redis.multi();
      for (const fact of changed)
        write.hset(keys.facts(topic), fact.metric, JSON.stringify(fact)).incr(keys.factsVersion(topic));
      await write.exec();
    }
    return changed;
  };
  return {
    async seed(topic, facts) {
      if (facts.length === 0) return;
      const tx = redis.multi();
      for (const fact of facts) tx.hsetnx(keys.facts(topic), fact.metric, JSON.stringify(fact));
      await tx.exec();
    },
    known,
    history,
    async report(topic, report) {
      return (await reportMany(topic, [report])).length > 0;
    },
    reportMany,
    async accept(topic, report) {
      await append(topic, report);
      const current = (await known(topic)).find((f) => f.metric === report.metric);
      const next = nextKnownFact(current, [report], report);
      if (next) await setKnown(topic, next);
    },
    async version(topic) {
      return Number((await redis.get(keys.factsVersion(topic))) ?? 0);
    },
  };
}
