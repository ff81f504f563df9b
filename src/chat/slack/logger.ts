/**
 * bolt's and the Slack clients' logger, writing to beatwatch's. Their debug lines quote request
 * and socket payloads, so they are dropped; the rest go through our logger, which scrubs tokens.
 */
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../log.js';

function asText(parts: unknown[]): string {
  return parts
    .map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p)))
    .join(' ');
}

/** A Slack SDK logger that writes info, warnings and errors to `logger` under `component`. */
export function slackLogger(logger: Logger, component = 'slack'): SlackLogger {
  const log = logger.child({ component });
  return {
    debug: () => undefined,
    info: (...parts: unknown[]) => log.info(asText(parts)),
    warn: (...parts: unknown[]) => log.warn(asText(parts)),
    error: (...parts: unknown[]) => log.error(asText(parts)),
    // The level is ours to set (the process logger's); the SDK may not change it.
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
