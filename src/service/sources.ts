/**
 * Feed health as people read it, pure: used by `beatwatch sources` and reusable by the chat
 * command that answers the same question.
 */
import type { Topic } from '../config/schema.js';
import { redactUrlCredentials, scrubSecrets } from '../redact.js';
import type { FeedState, StoredDestination } from '../store/types.js';
import { scheduledFeeds } from './schedule.js';

export type FeedHealthStatus = 'ok' | 'failing' | 'paused' | 'waiting' | 'never-polled';

/** One feed's health, ready to print or to render in chat. */
export interface FeedHealth {
  topic: string;
  name: string;
  url: string;
  status: FeedHealthStatus;
  lastStatus: number | null;
  consecutiveFailures: number;
  lastPolledAtMs: number | null;
  nextPollAtMs: number | null;
  itemsSeen: number;
  /** Why it is paused or failing; null when healthy. */
  problem: string | null;
}

/**
 * A feed's state as it may be shown: the password of its URL (and of any URL its last error
 * quotes) hidden. The stored state keeps the real URL: the poller needs it.
 */
export function displayableFeedState(state: FeedState): FeedState {
  return {
    ...state,
    url: redactUrlCredentials(state.url),
    lastError: state.lastError === null ? null : scrubSecrets(state.lastError),
    pausedReason: state.pausedReason === null ? null : scrubSecrets(state.pausedReason),
  };
}

/** Reduces a feed's state to its health, ready to show (credentials hidden). */
export function feedHealth(stored: FeedState): FeedHealth {
  const state = displayableFeedState(stored);
  let status: FeedHealthStatus;
  if (state.paused) status = 'paused';
  else if (state.lastPolledAtMs === null) status = 'never-polled';
  else if (state.consecutiveFailures > 0) status = 'failing';
  else if (state.lastStatus === 429 || state.lastStatus === 503) status = 'waiting';
  else status = 'ok';
  return {
    topic: state.topic,
    name: state.name,
    url: state.url,
    status,
    lastStatus: state.lastStatus,
    consecutiveFailures: state.consecutiveFailures,
    lastPolledAtMs: state.lastPolledAtMs,
    nextPollAtMs: state.nextPollAtMs,
    itemsSeen: state.itemsSeen,
    problem: state.paused ? (state.pausedReason ?? 'paused') : state.lastError,
  };
}

/** How many feeds are in each health status (every status present, zero or not). */
export function countFeedHealth(states: readonly FeedState[]): Record<FeedHealthStatus, number> {
  const counts: Record<FeedHealthStatus, number> = {
    ok: 0,
    waiting: 0,
    failing: 0,
    paused: 0,
    'never-polled': 0,
  };
  for (const state of states) counts[feedHealth(state).status] += 1;
  return counts;
}

/** "3m ago", "in 2h 5m", "just now": coarse, because exact times are noise in a list. */
export function relativeTime(atMs: number, nowMs: number): string {
  const diff = atMs - nowMs;
  const abs = Math.abs(diff);
  if (abs < 60_000) return diff <= 0 ? 'just now' : 'in under a minute';
  const minutes = Math.round(abs / 60_000);
  const text =
    minutes < 60
      ? `${minutes}m`
      : minutes < 48 * 60
        ? `${Math.floor(minutes / 60)}h${minutes % 60 ? ` ${minutes % 60}m` : ''}`
        : `${Math.round(minutes / 1440)}d`;
  return diff < 0 ? `${text} ago` : `in ${text}`;
}

const MARK: Record<FeedHealthStatus, string> = {
  ok: 'OK     ',
  waiting: 'WAIT   ',
  failing: 'FAILING',
  paused: 'PAUSED ',
  'never-polled': 'NEW    ',
};

/** One line per feed, grouped by beat, with a summary line first. */
export function formatSources(states: readonly FeedState[], nowMs: number): string[] {
  const rows = states.map(feedHealth);
  const count = (s: FeedHealthStatus) => rows.filter((r) => r.status === s).length;
  const lines = [
    `${rows.length} feed${rows.length === 1 ? '' : 's'}: ${count('ok')} ok, ${count('failing')} failing, ` +
      `${count('paused')} paused, ${count('waiting')} waiting, ${count('never-polled')} never polled`,
  ];
  let topic: string | null = null;
  for (const r of rows) {
    if (r.topic !== topic) {
      topic = r.topic;
      lines.push('', `[${topic}]`);
    }
    const parts = [`${MARK[r.status]} ${r.name}`];
    if (r.lastPolledAtMs !== null) {
      parts.push(
        `polled ${relativeTime(r.lastPolledAtMs, nowMs)}${r.lastStatus !== null ? ` (${r.lastStatus})` : ''}`,
      );
    }
    if (r.nextPollAtMs !== null && r.status !== 'paused')
      parts.push(`next ${relativeTime(r.nextPollAtMs, nowMs)}`);
    parts.push(`${r.itemsSeen} item${r.itemsSeen === 1 ? '' : 's'}`);
    if (r.consecutiveFailures > 0)
      parts.push(`${r.consecutiveFailures} failure${r.consecutiveFailures === 1 ? '' : 's'} in a row`);
    lines.push(`  ${parts.join(' · ')}`);
    lines.push(`          ${r.url}`);
    if (r.problem) lines.push(`          ${r.status === 'paused' ? 'paused: ' : 'last error: '}${r.problem}`);
  }
  return lines;
}

/** The feeds the configuration names, as {@link withConfiguredFeeds} takes them. */
export function configuredFeeds(
  topics: readonly Topic[],
): Array<{ url: string; topic: string; name: string }> {
  return scheduledFeeds(topics).map((f) => ({ url: f.feedUrl, topic: f.topic, name: f.feedName }));
}

/** Configured feeds the store has never seen get an empty state, so they are listed too. */
export function withConfiguredFeeds(
  states: readonly FeedState[],
  configured: ReadonlyArray<{ url: string; topic: string; name: string }>,
): FeedState[] {
  const known = new Map(states.map((s) => [s.url, s]));
  const out = [...states];
  for (const f of configured) {
    if (known.has(f.url)) continue;
    out.push({
      url: f.url,
      topic: f.topic,
      name: f.name,
      etag: null,
      lastModified: null,
      lastStatus: null,
      lastError: null,
      consecutiveFailures: 0,
      nextPollAtMs: null,
      lastPolledAtMs: null,
      lastSuccessAtMs: null,
      paused: false,
      pausedReason: null,
      itemsSeen: 0,
    });
  }
  return out.sort((a, b) => a.topic.localeCompare(b.topic) || a.name.localeCompare(b.name));
}

/** Lines for the destinations that take no messages, with why and since when (none: no lines). */
export function formatPausedDestinations(
  destinations: readonly StoredDestination[],
  nowMs: number,
): string[] {
  const paused = destinations.filter((d) => d.paused);
  if (paused.length === 0) return [];
  return [
    '',
    `${paused.length} destination${paused.length === 1 ? '' : 's'} paused:`,
    ...paused.map(
      (d) =>
        `  PAUSED  ${d.id} (${d.type}${d.channel ? ` ${d.channel}` : ''}) since ${relativeTime(d.paused!.atMs, nowMs)}: ${d.paused!.reason}`,
    ),
  ];
}
