/**
 * A real logger (the project's own, secrets scrubbing included) that keeps its JSON lines in
 * memory, so tests can check what was logged, at which level, and that nothing secret was.
 */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.js';

/** One parsed log line. `level` is pino's number: 30 info, 40 warn, 50 error. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface CapturedLogs {
  logger: Logger;
  /** Every line as written (JSON text). */
  text(): string;
  /** Every line, parsed. */
  lines(): LogLine[];
}

/** A JSON logger at `debug` writing into memory. */
export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const text = () => chunks.join('');
  return {
    logger: createLogger({ destination: stream, level: 'debug', format: 'json' }),
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LogLine),
  };
}
