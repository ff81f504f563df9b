/**
 * The feed fetcher: undici's `request` on our own `Agent`, redirects followed by hand so every hop
 * is checked, one deadline for the whole fetch, and every problem returned as an outcome.
 * See docs/decisions/003-http-client.md for why it is built this way.
 */
import type { LookupAddress } from 'node:dns';
import { Agent, request } from 'undici';
import { type FetchSettings, fetchSettingsSchema } from '../../config/schema.js';
import {
  createAddressPolicy,
  createPinnedLookup,
  type Resolver,
  resolveChecked,
  systemResolver,
} from './address-guard.js';
import { classifyResponse } from './classify.js';
import { FetchFailure, toFetchFailure } from './errors.js';
import { readBody } from './read-body.js';
import { buildRequestHeaders } from './request-headers.js';
import type { FeedFetcher, FetchOutcome, FetchRequest } from './types.js';

/** Knobs that are not user configuration: exceptions to the SSRF guard, and seams for tests. */
export interface FeedFetcherOptions {
  /**
   * IPs or CIDR ranges exempt from the SSRF guard while `allowPrivateNetworks` is false, e.g. one
   * internal feed host. Everything else private stays refused.
   */
  allowAddresses?: readonly string[];
  /** Name resolution; the system resolver unless a test needs to control DNS answers. */
  resolver?: Resolver;
  /** Clock for Retry-After dates. */
  now?: () => number;
}

/** How much of an unwanted body (redirect, error page) we read to keep the connection reusable. */
const DISCARD_LIMIT = 64 * 1024;

/**
 * Creates a fetcher with its own connection pool. Settings are checked and defaulted with the
 * config schema, so a partial object (e.g. in tests) is fine.
 */
export function createFeedFetcher(
  settings: Partial<FetchSettings>,
  options: FeedFetcherOptions = {},
): FeedFetcher {
  const s = fetchSettingsSchema.parse(settings);
  const resolver = options.resolver ?? systemResolver;
  const now = options.now ?? Date.now;
  const policy = createAddressPolicy(s.allowPrivateNetworks, options.allowAddresses);
  const guarded = !s.allowPrivateNetworks;
  const pins = new PinnedAddresses(s.totalTimeoutMs);

  const agent = new Agent({
    connect: {
      timeout: s.connectTimeoutMs,
      // Our lookup whenever we check addresses or a test controls DNS; otherwise Node's own.
      ...(guarded || options.resolver
        ? { lookup: createPinnedLookup(policy, resolver, (host) => pins.get(host)) }
        : {}),
    },
    // Per-phase inactivity limits; the overall deadline below is what stops a trickling server.
    headersTimeout: s.totalTimeoutMs,
    bodyTimeout: s.totalTimeoutMs,
  });

  async function fetchOnce(
    req: FetchRequest,
    signal: AbortSignal,
    track: (url: string) => void,
  ): Promise<FetchOutcome> {
    const baseHeaders = buildRequestHeaders({
      userAgent: s.userAgent,
      etag: req.etag,
      lastModified: req.lastModified,
    });
    let url = parseFeedUrl(req.url);
    // Credentials written in the feed URL go to that origin only, never to where it redirects.
    const credentials = basicAuth(url);
    const credentialOrigin = url.origin;
    for (let redirects = 0; ; ) {
      // Reported URLs never carry the password: they end up in logs, chat and resolved item links.
      const target = withoutCredentials(url);
      track(target.href);
      const headers =
        credentials && url.origin === credentialOrigin
          ? { ...baseHeaders, authorization: credentials }
          : baseHeaders;
      if (guarded || options.resolver) {
        const addresses = await untilAborted(resolveChecked(url.hostname, policy, resolver), signal);
        pins.set(url.hostname, addresses);
      }
      const res = await request(target, {
        dispatcher: agent,
        method: 'GET',
        headers,
        signal,
      });
      const decision = classifyResponse({
        url: target.href,
        status: res.statusCode,
        headers: res.headers,
        nowMs: now(),
        maxBodyBytes: s.maxBodyBytes,
        previous: { etag: req.etag, lastModified: req.lastModified },
      });
      if (decision.action === 'read-body') {
        const body = await readBody(res.body, decision.coding, s);
        return {
          kind: 'fetched',
          url: target.href,
          status: decision.status,
          body,
          contentType: decision.contentType,
          etag: decision.etag,
          lastModified: decision.lastModified,
          bytes: body.length,
        };
      }
      await res.body.dump({ limit: DISCARD_LIMIT }).catch(() => undefined);
      if (decision.action === 'done') return decision.outcome;
      if (redirects >= s.maxRedirects) {
        throw new FetchFailure(
          'too-many-redirects',
          `more than ${s.maxRedirects} redirects`,
          undefined,
          decision.status,
        );
      }
      redirects++;
      url = parseFeedUrl(decision.location);
    }
  }

  return {
    async fetch(req) {
      const controller = new AbortController();
      const timer = setTimeout(
        () =>
          controller.abort(new FetchFailure('timeout', `no complete response within ${s.totalTimeoutMs} ms`)),
        s.totalTimeoutMs,
      );
      const onCallerAbort = () => controller.abort(new FetchFailure('timeout', 'cancelled by the caller'));
      if (req.signal?.aborted) onCallerAbort();
      else req.signal?.addEventListener('abort', onCallerAbort, { once: true });
      let current = req.url;
      try {
        return await fetchOnce(req, controller.signal, (u) => {
          current = u;
        });
      } catch (err) {
        // Once our deadline (or the caller) aborted, whatever undici threw is a symptom of that.
        const reason = controller.signal.reason;
        const failure =
          controller.signal.aborted && reason instanceof FetchFailure ? reason : toFetchFailure(err);
        const outcome: FetchOutcome = {
          kind: 'failed',
          url: current,
          code: failure.code,
          message: failure.message,
        };
        if (failure.status !== undefined) outcome.status = failure.status;
        return outcome;
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onCallerAbort);
      }
    },
    async close() {
      await agent.close();
    },
  };
}

/** Parses a feed URL and refuses anything but http(s): `file:`, `ftp:`, `data:`… never leave here. */
function parseFeedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new FetchFailure('bad-url', `not a valid URL: ${raw.slice(0, 200)}`, cause);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchFailure('bad-url', `only http and https URLs can be fetched, not ${url.protocol}`);
  }
  if (url.hostname === '') throw new FetchFailure('bad-url', `URL has no host: ${raw.slice(0, 200)}`);
  url.hash = '';
  return url;
}

/** `Basic …` for `user:password@` in a URL, or null. */
function basicAuth(url: URL): string | null {
  if (url.username === '' && url.password === '') return null;
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

function withoutCredentials(url: URL): URL {
  if (url.username === '' && url.password === '') return url;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy;
}

/** Races a promise that cannot be cancelled (DNS) against the fetch deadline. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * Addresses just checked for a host name, kept for about one fetch so the connection's lookup
 * reuses them instead of asking DNS again (and possibly getting a different, unchecked answer).
 */
class PinnedAddresses {
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { addresses: LookupAddress[]; expires: number }>();

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  set(hostname: string, addresses: LookupAddress[]): void {
    const t = Date.now();
    for (const [host, entry] of this.#entries) if (entry.expires <= t) this.#entries.delete(host);
    this.#entries.set(hostname, { addresses, expires: t + this.#ttlMs });
  }

  get(hostname: string): LookupAddress[] | undefined {
    const entry = this.#entries.get(hostname);
    return entry && entry.expires > Date.now() ? entry.addresses : undefined;
  }
}
