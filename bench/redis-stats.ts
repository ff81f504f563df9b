/**
 * What Redis did for one unit of work (a poll, a stored story, a delivery), from its own counters
 * read before and after: `INFO commandstats` (commands, those run inside scripts included),
 * `INFO stats` (bytes in and out), `INFO cpu` (the server's CPU time). No MONITOR: it would cost
 * more than what it measures. On a Redis shared with other clients their work counts too, which
 * is why the bench starts a private redis-server by default.
 */
import type { Redis } from 'ioredis';

/** Redis's counters at one moment. */
export interface RedisCounters {
  /** Calls per command name (`evalsha`, `hgetall`…), scripts' inner calls included. */
  calls: Record<string, number>;
  inputBytes: number;
  outputBytes: number;
  cpuSeconds: number;
  usedMemory: number;
}

/** Redis's work per unit between two readings. */
export interface RedisUnitCost {
  units: number;
  /** Commands per unit, scripts' inner calls included. */
  commands: number;
  /** Scripts run per unit (EVALSHA and EVAL), each one round trip. */
  scripts: number;
  bytesIn: number;
  bytesOut: number;
  /** The Redis server's CPU time per unit, in microseconds. */
  cpuUs: number;
  /** The commands behind `commands`, per unit, most frequent first (those under 0.01 left out). */
  byCommand: Array<[string, number]>;
}

const number = (info: string, field: string): number =>
  Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);

/** Reads the counters. */
export async function readRedisCounters(redis: Redis): Promise<RedisCounters> {
  const [commandstats, stats, cpu, memory] = await Promise.all([
    redis.info('commandstats'),
    redis.info('stats'),
    redis.info('cpu'),
    redis.info('memory'),
  ]);
  const calls: Record<string, number> = {};
  for (const m of commandstats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[m[1]!] = Number(m[2]);
  return {
    calls,
    inputBytes: number(stats, 'total_net_input_bytes'),
    outputBytes: number(stats, 'total_net_output_bytes'),
    cpuSeconds: number(cpu, 'used_cpu_user') + number(cpu, 'used_cpu_sys'),
    usedMemory: number(memory, 'used_memory'),
  };
}

/**
 * The cost per unit between `before` and `after`. The bench's own reading commands (INFO) are
 * left out.
 */
export function unitCost(before: RedisCounters, after: RedisCounters, units: number): RedisUnitCost {
  const byCommand: Array<[string, number]> = [];
  let commands = 0;
  for (const [name, n] of Object.entries(after.calls)) {
    if (name === 'info') continue;
    const d = (n - (before.calls[name] ?? 0)) / units;
    commands += d;
    if (d >= 0.01) byCommand.push([name, d]);
  }
  byCommand.sort((a, b) => b[1] - a[1]);
  const scripts =
    ((after.calls.evalsha ?? 0) -
      (before.calls.evalsha ?? 0) +
      (after.calls.eval ?? 0) -
      (before.calls.eval ?? 0)) /
    units;
  return {
    units,
    commands,
    scripts,
    bytesIn: (after.inputBytes - before.inputBytes) / units,
    bytesOut: (after.outputBytes - before.outputBytes) / units,
    cpuUs: ((after.cpuSeconds - before.cpuSeconds) * 1e6) / units,
    byCommand,
  };
}

/**
 * Memory of the keys under `prefix`, by key family: the key after the prefix with its variable
 * parts (hex ids, numbers) replaced by `*`. Exact (`MEMORY USAGE … SAMPLES 0`, every element read).
 */
export async function memoryByFamily(
  redis: Redis,
  prefix: string,
): Promise<Array<{ family: string; keys: number; bytes: number }>> {
  const families = new Map<string, { keys: number; bytes: number }>();
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    const sizes = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const family = key.slice(prefix.length).replace(/[0-9a-f]{8,}|\b\d+\b/g, '*');
      const entry = families.get(family) ?? { keys: 0, bytes: 0 };
      entry.keys += 1;
      entry.bytes += Number(sizes[i]?.[1] ?? 0);
      families.set(family, entry);
    });
  } while (cursor !== '0');
  return [...families].map(([family, v]) => ({ family, ...v })).sort((a, b) => b.bytes - a.bytes);
}
