/**
 * A progress line on standard error while a long command runs: one line every few seconds when
 * the stream is a terminal (rewritten in place), one line a minute otherwise (log-friendly).
 */
import type { Writable } from 'node:stream';

export interface ProgressOptions {
  stream: Writable & { isTTY?: boolean };
  /** Produces the current line. */
  read: () => Promise<string>;
  intervalMs?: number;
}

/** Starts printing; call the returned function to stop (clearing a terminal line). */
export function startProgress(options: ProgressOptions): () => void {
  const tty = options.stream.isTTY === true;
  const intervalMs = options.intervalMs ?? (tty ? 2000 : 60_000);
  let stopped = false;
  let last = '';
  const timer = setInterval(() => {
    options.read().then(
      (line) => {
        if (stopped || line === last) return;
        last = line;
        options.stream.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
      },
      () => undefined,
    );
  }, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    if (tty && last) options.stream.write('\r\x1b[2K');
  };
}
