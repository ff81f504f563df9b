/**
 * `npm run bench:analysis`: the analysis part of `npm run bench` alone — the same 10,000 synthetic
 * items through one analyser on this thread (one core) — run three times, with the machine's load
 * beside each run, since a shared machine's figures move with it. Prints items per second of wall
 * time and of the process's CPU time.
 *
 *   npm run bench:analysis [-- --items 10000] [-- --runs 3]
 */
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load.js';
import { benchAnalyse } from './analyse.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { items: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } },
});
const items = Number(args.items);
const runs = Number(args.runs);
const topic = loadConfig({ path: join(ROOT, 'config', 'default.yaml'), env: {} }).topics[0];
if (!topic) throw new Error('config/default.yaml has no beat');

for (let run = 1; run <= runs; run++) {
  const load = loadavg()[0] ?? 0;
  const cpuBefore = process.cpuUsage();
  const r = benchAnalyse(topic, items);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(
    `run ${run}: ${items} items in ${(r.ms / 1000).toFixed(2)} s — ${Math.round(items / (r.ms / 1000))} items/s ` +
      `(${Math.round(items / cpuSeconds)} per CPU second); first 1,000 ${Math.round(r.firstThousandMs)} ms, ` +
      `last 1,000 ${Math.round(r.lastThousandMs)} ms; load average ${load.toFixed(2)} before, ` +
      `${(loadavg()[0] ?? 0).toFixed(2)} after\n`,
  );
}
