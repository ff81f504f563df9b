/**
 * What every reliability test shares: the scale it runs at, a seeded random source (so a failing
 * run can be repeated), figures written for the end-of-run summary, and the resident memory of
 * worker processes.
 *
 * `npm run test:reliability` runs every file at full scale (`vitest.reliability.config.ts`
 * provides `reliabilityScale: 'full'`); `npm test` runs the same files as a quick cut.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `full` under `npm run test:reliability`; absent (the quick cut) under `npm test`. */
    reliabilityScale: 'quick' | 'full';
    /** Where each file writes its figures for the summary; absent under `npm test`. */
    reliabilityResults: string;
  }
}

/** True under `npm run test:reliability`. */
export const FULL_SCALE = inject('reliabilityScale') === 'full';

/** `full` under `npm run test:reliability`, `quick` otherwise. */
export function scaled<T>(quick: T, full: T): T {
  return FULL_SCALE ? full : quick;
}

/**
 * A seeded generator (mulberry32): the seed comes from `RELIABILITY_SEED` or is drawn at random,
 * and is part of the figures, so a run that failed can be repeated with the same draws.
 */
export function seededRandom(label: string): { seed: number; next: () => number } {
  const given = process.env.RELIABILITY_SEED;
  const seed = given ? Number(given) >>> 0 : randomBytes(4).readUInt32BE(0);
  let state = seed ^ [...label].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261);
  return {
    seed,
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** One row of the summary: a category's counts and timings. */
export interface CategoryFigures {
  category: 'bad feeds' | 'faults' | 'load' | 'security';
  /** What was tried, e.g. "SIGKILL of a worker". */
  scenario: string;
  /** Figure name → value, in the order they should be printed. */
  figures: Record<string, number | string>;
  durationMs: number;
}

/**
 * Keeps a scenario's figures for the summary printed at the end of `npm run test:reliability`
 * (and for `docs/RELIABILITY.md`). Does nothing in the quick cut.
 */
export function recordFigures(entry: CategoryFigures): void {
  const dir = inject('reliabilityResults');
  if (!dir) return;
  const slug = `${entry.category}-${entry.scenario}`.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  writeFileSync(join(dir, `${slug}.json`), JSON.stringify(entry));
}

/** Resident set size of a process in bytes (Linux `/proc`), or null when it is gone. */
export function residentBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** Samples the RSS of changing processes every `everyMs` and keeps the largest seen. */
export function sampleResidentMemory(
  pids: () => readonly number[],
  everyMs = 250,
): { maxBytes(): number; samples(): number; stop(): void } {
  let max = 0;
  let samples = 0;
  const timer = setInterval(() => {
    for (const pid of pids()) {
      const rss = residentBytes(pid);
      if (rss === null) continue;
      samples += 1;
      if (rss > max) max = rss;
    }
  }, everyMs);
  timer.unref();
  return { maxBytes: () => max, samples: () => samples, stop: () => clearInterval(timer) };
}

/** Bytes as mebibytes with one decimal, for figures. */
export const mebibytes = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
