/**
 * Structured logs (pino) with secrets redacted: tokens, Authorization headers and the like never
 * reach a log line, whatever object a caller passes.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Paths pino censors in every log object. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'env.SLACK_BOT_TOKEN',
  'env.SLACK_APP_TOKEN',
  'env.SLACK_SIGNING_SECRET',
  'env.DISCORD_TOKEN',
  'env.DISCORD_PUBLIC_KEY',
  'config.env.SLACK_BOT_TOKEN',
  'config.env.SLACK_APP_TOKEN',
  'config.env.SLACK_SIGNING_SECRET',
  'config.env.DISCORD_TOKEN',
  'config.env.DISCORD_PUBLIC_KEY',
];

/** Token shapes that must not appear even inside free text (an error message quoting a header). */
const TOKEN_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /(Bearer|Bot)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /(redis:\/\/[^:@/\s]*:)[^@/\s]+@/gi,
];

/** Replaces token-shaped substrings with a marker. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const pattern of TOKEN_PATTERNS) {
    // Without a capture group the second argument is the offset (a number), not a string.
    out = out.replace(pattern, (_match, p1: unknown) =>
      typeof p1 === 'string' && p1.startsWith('redis://') ? `${p1}[redacted]@` : '[redacted]',
    );
  }
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go; default standard error, so standard output stays for command output. */
  destination?: DestinationStream;
  /** Extra fields on every line (role, pid…). */
  base?: Record<string, unknown>;
}

/** Creates the process logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: {
        log(object) {
          // Error messages and free-text fields can quote a header or URL; scrub them too.
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(object)) out[k] = typeof v === 'string' ? scrubSecrets(v) : v;
          return out;
        },
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
      serializers: {
        err: (err: unknown) => {
          const serialised = pino.stdSerializers.err(err as Error);
          if (typeof serialised.message === 'string') serialised.message = scrubSecrets(serialised.message);
          if (typeof serialised.stack === 'string') serialised.stack = scrubSecrets(serialised.stack);
          return serialised;
        },
      },
    },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that drops everything (tests, quiet commands). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
