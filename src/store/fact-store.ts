/**
 * Known facts and the history of every reported figure, on Redis.
 *
 * Beside each metric's history list, a hash keeps one {@link ValueSummary} per reported value (the
 * outlets that reported it, the latest date), updated by the script that appends the reports, so
 * deciding whether a figure becomes known reads the summaries of the values reported, not the whole
 * history. A value's outlets are counted over every report its summary has taken in, not only
 * over the last `maxHistory` reports of the list: an outlet whose report has left the list still
 * counts towards the second outlet. The summaries live as long as the list (no TTL) and are
 * bounded like it: a metric's hash found, as a call starts, to hold more than twice `maxHistory`
 * values (a figure reported with ever new numbers) is rebuilt from the list, which holds
 * `maxHistory` values at most, and then forgets the outlets whose reports have left the list.
 */
import type { Redis } from 'ioredis';
import type { KnownFact } from '../config/schema.js';
import {
  type AdoptionRule,
  nextKnownFact,
  outletId,
  outletName,
  summarize,
  type ValueSummary,
} from './fact-rules.js';
import { storeKeys } from './keys.js';
import { defineScript } from './redis-script.js';
import type { FactReport, FactStore } from './types.js';

// Appends reports to their metrics' history lists and folds each into its value's summary (the
// same fold as addToSummary in fact-rules.ts), in order, atomically.
// KEYS: the fence (the ingest lock; the facts hash again when unfenced), the facts hash, then per
// metric its history list and its values hash.
// ARGV: the fence's token ('' for none), reports a list keeps (0: all), values a hash may hold
// before it must be rebuilt (0: any number), the metric names, then per report: metric number
// (1-based), value, report JSON, outlet id, outlet name, date, body it is attributed to ('' for none).
// Returns false when the fence is no longer held (nothing written), else {rebuild, known fact JSON
// or nil per metric, per report its value's summary JSON as it stood once the report had joined}.
// A metric whose values hash is missing while its list exists (data stored before summaries were
// kept) or is over the bound must first be rebuilt from its list, in JavaScript, where outlet ids
// are computed: the script then writes nothing and returns {rebuild} alone, the numbers of those
// metrics.
const REPORT = defineScript(`
local function later(a, b)
  -- Byte order, as JavaScript compares these ASCII dates; Lua's < follows the server's locale.
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x > y end
  end
  return #a > #b
end
if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
local m = (#KEYS - 2) / 2
local keep, bound = tonumber(ARGV[2]), tonumber(ARGV[3])
local rebuild = {}
for i = 1, m do
  local n = redis.call('HLEN', KEYS[2 * i + 2])
  if (n == 0 and redis.call('EXISTS', KEYS[2 * i + 1]) == 1) or (bound > 0 and n > bound) then
    rebuild[#rebuild + 1] = i
  end
end
if #rebuild > 0 then return {rebuild} end
local names, summaries = {}, {}
for i = 1, m do names[i] = ARGV[3 + i] end
for a = 4 + m, #ARGV, 7 do
  local i = tonumber(ARGV[a])
  local list, values = KEYS[2 * i + 1], KEYS[2 * i + 2]
  local value, id, source, date, body = ARGV[a + 1], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6]
  redis.call('RPUSH', list, ARGV[a + 2])
  if keep > 0 then redis.call('LTRIM', list, -keep, -1) end
  local json = redis.call('HGET', values, value)
  local summary = json and cjson.decode(json) or {outlets = {}, latest = date}
  local changed = not json
  local seen = false
  for _, outlet in ipairs(summary.outlets) do
    if outlet[1] == id then seen = true break end
  end
  if not seen then
    summary.outlets[#summary.outlets + 1] = {id, source}
    changed = true
  end
  if later(date, summary.latest) then
    summary.latest = date
    changed = true
  end
  if body ~= '' and (summary.attributedTo == nil or summary.attributedTo == '') then
    summary.attributedTo = body
    changed = true
  end
  if changed then
    json = cjson.encode(summary)
    redis.call('HSET', values, value, json)
  end
  summaries[#summaries + 1] = json
end
return {rebuild, redis.call('HMGET', KEYS[2], unpack(names)), summaries}
`);

/** REPORT's reply: null (fence lost), the metrics to rebuild first, or the known facts and summaries. */
type ReportReply =
  | null
  | [rebuild: number[]]
  | [rebuild: [], known: Array<string | null>, summaries: string[]];

export interface FactStoreOptions {
  /** How many reports each metric's history list keeps, the oldest going first; 0 keeps them all. */
  maxHistory?: number;
  /** Each beat's rule for adopting a differing figure; default `two-outlets` for every beat. */
  adoption?: (topic: string) => AdoptionRule;
}

/** Runs a transaction and throws its first error, or when Redis discarded it. */
async function execOrThrow(tx: ReturnType<Redis['multi']>, what: string): Promise<void> {
  const replies = await tx.exec();
  const failed = replies?.find(([err]) => err !== null)?.[0];
  if (!replies || failed) throw failed ?? new Error(`${what} transaction was discarded`);
}

/**
 * Facts on Redis: a hash of known facts per beat, and per metric a list of reports and a hash of
 * value summaries. Known facts are written under the beat's ingest lock (one writer per beat at a
 * time), so deciding between the report script and the write needs no transaction.
 */
export function createRedisFactStore(
  redis: Redis,
  prefix: string,
  options: FactStoreOptions = {},
): FactStore {
  const keys = storeKeys(prefix);
  const maxHistory = options.maxHistory ?? 1000;
  const adoption = options.adoption ?? (() => 'two-outlets' as const);
  const known = async (topic: string): Promise<KnownFact[]> =>
    Object.values(await redis.hgetall(keys.facts(topic))).map((j) => JSON.parse(j) as KnownFact);
  const history = async (topic: string, metric: string): Promise<FactReport[]> =>
    (await redis.lrange(keys.factHistory(topic, metric), 0, -1)).map((j) => JSON.parse(j) as FactReport);
  /** Replaces the value summaries of `metrics` by those of their history lists (one read, once). */
  const rebuild = async (topic: string, metrics: string[]): Promise<void> => {
    const lists = await Promise.all(metrics.map((m) => history(topic, m)));
    const tx = redis.multi();
    metrics.forEach((metric, i) => {
      const key = keys.factValues(topic, metric);
      const fields = [...summarize(lists[i]!)].flatMap(([value, s]) => [String(value), JSON.stringify(s)]);
      tx.del(key);
      if (fields.length > 0) tx.hset(key, ...fields);
    });
    await execOrThrow(tx, 'fact summary');
  };
  /**
   * Appends every report and reads each metric's known fact and the summary of each report's
   * value as it stood once the report had joined (the reports after it in this call left out), in
   * one round trip; decides report by report, in order, so the outcome is that of reporting one
   * at a time. A second round trip writes the known facts that changed. With a fence, nothing is
   * written once the fence is no longer held, and the result is null.
   */
  async function reportMany(topic: string, reports: FactReport[]): Promise<KnownFact[]>;
  async function reportMany(
    topic: string,
    reports: FactReport[],
    fence: { key: string; token: string },
  ): Promise<KnownFact[] | null>;
  async function reportMany(
    topic: string,
    reports: FactReport[],
    fence?: { key: string; token: string },
  ): Promise<KnownFact[] | null> {
    if (reports.length === 0) return [];
    const metrics = [...new Set(reports.map((r) => r.metric))];
    const scriptKeys = [fence?.key ?? keys.facts(topic), keys.facts(topic)];
    for (const m of metrics) scriptKeys.push(keys.factHistory(topic, m), keys.factValues(topic, m));
    const args: Array<string | number> = [fence?.token ?? '', maxHistory, 2 * maxHistory, ...metrics];
    for (const r of reports)
      args.push(
        metrics.indexOf(r.metric) + 1,
        String(r.value),
        JSON.stringify(r),
        outletId(r.source),
        outletName(r),
        r.date,
        r.attributedTo ?? '',
      );
    let reply = (await REPORT.run(redis, scriptKeys, args)) as ReportReply;
    if (reply?.length === 1) {
      const stale = reply[0].map((i) => metrics[i - 1]!);
      await rebuild(topic, stale);
      reply = (await REPORT.run(redis, scriptKeys, args)) as ReportReply;
      if (reply?.length === 1) throw new Error(`the fact summaries of "${topic}" were not rebuilt`);
    }
    if (!reply) return null;
    const [, knownJson, summaries] = reply;
    const current = new Map<string, KnownFact>();
    metrics.forEach((metric, i) => {
      const json = knownJson[i];
      if (json) current.set(metric, JSON.parse(json) as KnownFact);
    });
    const changed: KnownFact[] = [];
    reports.forEach((report, j) => {
      const summary = JSON.parse(summaries[j]!) as ValueSummary;
      const next = nextKnownFact(current.get(report.metric), summary, report, adoption(topic));
      if (next) {
        current.set(report.metric, next);
        changed.push(next);
      }
    });
    if (changed.length > 0) {
      const write = redis.multi();
      for (const fact of changed)
        write.hset(keys.facts(topic), fact.metric, JSON.stringify(fact)).incr(keys.factsVersion(topic));
      await write.exec();
    }
    return changed;
  }
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
    // An accepted report joins the history and its value's summary like any other; the rules
    // make it known at once.
    async accept(topic, report) {
      await reportMany(topic, [report]);
    },
    async version(topic) {
      return Number((await redis.get(keys.factsVersion(topic))) ?? 0);
    },
  };
}
