/**
 * The digest's 14-day volume line: stories per day in the destination's time zone, drawn as one
 * block character per day (`▁▂▅█▃…`), so a reader sees at a glance whether the beat is heating up.
 */
import { dayIn } from '../chat/core/compose.js';
import { type StoryItem, timeOf } from '../chat/core/stories.js';

/** Days the volume line covers, ending with the digest's own. */
export const VOLUME_DAYS = 14;

const BARS = '▁▂▃▄▅▆▇█';
const QUARTER_HOUR = 900_000;

/** Story counts per local date, oldest first. */
export interface DailyVolume {
  /** `YYYY-MM-DD`, consecutive. */
  days: string[];
  counts: number[];
}

/** `YYYY-MM-DD` moved by `n` calendar days (negative: back). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Stories per local date for the `days` dates ending with the date of `endMs` in `timeZone`: a
 * story is a cluster, counted on every date one of its relevant items was published (first seen,
 * when undated), as `/… stats` counts "how much is being written".
 */
export function storiesPerDay(
  items: readonly StoryItem[],
  endMs: number,
  timeZone: string,
  days = VOLUME_DAYS,
): DailyVolume {
  const last = dayIn(endMs, timeZone);
  const list = Array.from({ length: days }, (_, i) => addDays(last, i - days + 1));
  const index = new Map(list.map((day, i) => [day, i]));
  const clusters = list.map(() => new Set<string>());
  // Dating an instant in a zone is the costly part; every zone's offset is a multiple of 15
  // minutes, so one answer serves each quarter hour.
  const quarters = new Map<number, string>();
  for (const item of items) {
    const t = timeOf(item);
    if (!item.relevant || Number.isNaN(t) || t > endMs) continue;
    const quarter = Math.floor(t / QUARTER_HOUR);
    let day = quarters.get(quarter);
    if (day === undefined) {
      day = dayIn(t, timeZone);
      quarters.set(quarter, day);
    }
    const i = index.get(day);
    if (i !== undefined) clusters[i]!.add(item.cluster);
  }
  return { days: list, counts: clusters.map((s) => s.size) };
}

/** One bar per count: `▁` for none, then `▂` to `█` in proportion to the largest count. */
export function sparkline(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (c <= 0 ? BARS[0] : BARS[1 + Math.round((c / max) * 6)])).join('');
}
