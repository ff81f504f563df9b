/** Number and table-cell formatting shared by the page's sections. */
import type { Spread } from './latency.js';
import type { Measured } from './results.js';

/** Whole number with thousands separators. */
export const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
/** One decimal. */
export const n1 = (x: number) =>
  x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** Two decimals. */
export const n2 = (x: number) =>
  x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** A run's load average before → after. */
export const load = (m: Measured<unknown>) => `${n2(m.load[0])} → ${n2(m.load[1])}`;
/** Milliseconds. */
export const ms = (x: number) => `${n0(x)} ms`;
/** p50, p90, p99 and max as four cells. */
export const spreadCells = (s: Spread) => `${ms(s.p50)} | ${ms(s.p90)} | ${ms(s.p99)} | ${ms(s.max)}`;
/** The results of every run of one figure. */
export const results = <T>(list: Measured<T>[]) => list.map((m) => m.result);
