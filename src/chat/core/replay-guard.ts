/**
 * Refuses a signed request sent a second time. Slack and Discord sign the timestamp and the body,
 * and beatwatch accepts a timestamp within five minutes of its clock either way, so a request
 * captured on its way (a proxy's log, a leaked capture) stays valid for up to ten minutes. Each
 * request is remembered in Redis for that long (`SET NX PX`, shared by every process answering
 * commands), under a hash of its timestamp and body: a signature's text could be written another
 * way (hex in capitals) for the same signed bytes. See decision 023.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { storeKeys } from '../../store/keys.js';

/** How long a request is remembered: ten minutes of validity, plus a minute of clock drift. */
export const REPLAY_WINDOW_MS = 11 * 60_000;
/** How long the check waits for Redis before the request is refused as "try again". */
const DEADLINE_MS = 2000;

/** Thrown when Redis does not answer in time: the request cannot be checked, so it is not answered. */
export class ReplayCheckError extends Error {
  readonly code = 'CHAT_REPLAY_CHECK_UNAVAILABLE';
}

export interface ReplayGuard {
  /**
   * True the first time a request with this timestamp and body is seen within the window, false
   * for a replay. Rejects with {@link ReplayCheckError} when Redis does not answer in time.
   */
  firstSeen(platform: 'slack' | 'discord', timestamp: string, body: string | Buffer): Promise<boolean>;
}

/** The guard on the service's Redis, under the deployment's prefix. */
export function createReplayGuard(redis: Redis, prefix: string): ReplayGuard {
  const keys = storeKeys(prefix);
  return {
    async firstSeen(platform, timestamp, body) {
      const hash = createHash('sha256').update(timestamp).update('\n').update(body).digest('hex');
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new ReplayCheckError(`Redis did not answer within ${DEADLINE_MS} ms`)),
          DEADLINE_MS,
        );
      });
      try {
        const set = redis.set(keys.seenRequest(platform, hash), '1', 'PX', REPLAY_WINDOW_MS, 'NX');
        return (await Promise.race([set, deadline])) === 'OK';
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
