/**
 * Structured logs (pino) with secrets redacted: tokens, Authorization headers, passwords in URLs
 * and the like never reach a log line, whatever object a caller passes and however deep. Lines
 * are JSON for log collectors, or human-readable (pino-pretty) when standard error is a terminal.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import pretty from 'pino-pretty';
import { isSecretKey, REDACTED, scrubSecrets } from './redact.js';

export type { Logger } from 'pino';
export { scrubSecrets } from './redact.js';

/** `json`: one JSON object a line; `pretty`: a human-readable line. */
export type LogFormat = 'json' | 'pretty';

/** Pretty lines for a person at a terminal, JSON for everything else (files, Docker, collectors). */
export function logFormatFor(stream: { isTTY?: boolean }): LogFormat {
  return stream.isTTY === true ? 'pretty' : 'json';
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go; default standard error, so standard output stays for command output. */
  destination?: DestinationStream;
  /** Default: {@link logFormatFor} standard error. */
  format?: LogFormat;
  /** Extra fields on every line (role, pid…). */
  base?: Record<string, unknown>;
}

/** Deeper than this a log object is cut off: nothing useful is logged that deep. */
const MAX_DEPTH = 8;

/**
 * A copy of `value` with secret-named keys censored and every string scrubbed, at any depth;
 * errors become plain objects (type, message, stack, code, cause) and are scrubbed the same way.
 */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof URL) return scrubSecrets(value.href);
  const error = value instanceof Error;
  if (!error && !Array.isArray(value) && !isPlainObject(value)) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1, seen));
  const source = error ? pino.stdSerializers.err(value as Error) : (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) {
    out[k] = isSecretKey(k) && v != null && v !== '' ? REDACTED : redactDeep(v, depth + 1, seen);
  }
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Creates the process logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? pino.destination(2);
  const format = options.format ?? logFormatFor(process.stderr);
  const stream =
    format === 'pretty'
      ? pretty({
          destination,
          sync: true,
          colorize: options.destination === undefined && process.stderr.isTTY === true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
        })
      : destination;
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? { pid: process.pid },
      formatters: {
        log: (object) => redactDeep(object) as Record<string, unknown>,
        bindings: (bindings) => redactDeep(bindings) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
        // The finished line once more: a child logger's fields skip the formatters above.
        streamWrite: scrubSecrets,
      },
      // The log formatter above has already turned errors into scrubbed plain objects; pino's own
      // serializer would read those as errors again and rename their type to "Object".
      serializers: { err: (err: unknown) => err },
    },
    stream,
  );
}

/** A logger that drops everything (tests, quiet commands). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
