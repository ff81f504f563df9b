/**
 * The `fetch` bolt's `respond()` posts through. Slack may answer a `response_url` post with 429
 * (Retry-After) or a 5xx; bolt then throws without the header, and the answer would be lost. This
 * fetch tries again after Retry-After, a few times and briefly (the person is waiting), and hands
 * the last answer to bolt. Web API calls pass straight through: their client fails fast on
 * purpose (see `client.ts`).
 */
import { parseRetryAfter } from '../../feeds/fetch/retry-after.js';
import type { Logger } from '../../log.js';

/** Posts one answer gets, the first included. */
export const RESPOND_TRIES = 3;
/** The longest wait before a retry; a longer Retry-After gives up at once. */
export const RESPOND_MAX_WAIT_MS = 5_000;
/** The wait when Slack named none. */
const DEFAULT_WAIT_MS = 1_000;

export interface RespondFetchOptions {
  /** The Web API base (with its trailing slash): requests under it are not retried here. */
  apiBase: string;
  logger: Logger;
  fetch?: typeof fetch;
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** A fetch that retries `response_url` posts refused for now; see the module comment. */
export function createRespondFetch(options: RespondFetchOptions): typeof fetch {
  const send = options.fetch ?? globalThis.fetch;
  return async (input, init) => {
    if (urlOf(input).startsWith(options.apiBase)) return send(input, init);
    for (let attempt = 1; ; attempt++) {
      const response = await send(input, init);
      const refusedForNow = response.status === 429 || response.status >= 500;
      if (!refusedForNow || attempt >= RESPOND_TRIES) return response;
      const waitMs = parseRetryAfter(response.headers.get('retry-after'), Date.now()) ?? DEFAULT_WAIT_MS;
      if (waitMs > RESPOND_MAX_WAIT_MS) return response;
      await response.body?.cancel().catch(() => undefined);
      options.logger.info(
        { status: response.status, retryAfterMs: waitMs, attempt },
        'Slack refused an answer for now; posting it again after Retry-After',
      );
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  };
}
