/**
 * Bounded slices of long lists. A Redis command built by spreading its arguments (`...ids`) puts
 * every argument on the call stack, and V8 throws a RangeError past roughly a hundred thousand:
 * a feed's ids or a batch's stories go to Redis in slices of a fixed size instead.
 */

/** Most arguments one Redis command built here is given (ids, or keys and values together). */
export const MAX_COMMAND_ARGS = 10_000;

/** `items` in consecutive slices of at most `size` (at least one item each; none for an empty list). */
export function inChunks<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`chunk size must be at least 1 (got ${size})`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
