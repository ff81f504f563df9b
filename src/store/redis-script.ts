/**
 * Lua scripts run by their SHA-1 (EVALSHA), so a call sends a 40-character digest instead of the
 * script's text, and Redis does not hash the text again on every call.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script, defined once at module load. */
export interface RedisScript {
  /** The SHA-1 of the script's text, as Redis names it in its script cache. */
  readonly sha: string;
  /** Runs the script with `keys` (KEYS) and `args` (ARGV) and resolves to its reply. */
  run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

// Redis answers NOSCRIPT when its script cache does not hold the digest: the first call after a
// start, a restart or a SCRIPT FLUSH. The script did not run then, so sending it in full with EVAL
// (which also caches it again) runs it exactly once. A command left unanswered when the connection
// drops is re-sent by ioredis after the reconnect; an EVALSHA re-sent to a restarted Redis gets
// NOSCRIPT and comes back here like any other.
function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}

/**
 * Defines `lua` as a script run by EVALSHA, falling back to EVAL when Redis has not cached it.
 * ioredis' own `defineCommand` does the same, but adds a method to the shared connection; this
 * keeps the stores' scripts to themselves.
 */
export function defineScript(lua: string): RedisScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  return {
    sha,
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (err) {
        if (!isNoScript(err)) throw err;
        return redis.eval(lua, keys.length, ...keys, ...args);
      }
    },
  };
}
