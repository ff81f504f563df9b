/**
 * Output of the demo: text on standard output and one progress line on standard error. On a
 * terminal the progress line is redrawn in place and cleared before any text is printed, so
 * alerts arriving from the workers never land in the middle of it.
 */
import type { Writable } from 'node:stream';

export interface DemoPrinter {
  /** Prints text (a newline is added). */
  print(text: string): void;
  /** Replaces the progress line. */
  status(line: string): void;
  /** Clears the progress line for good. */
  done(): void;
}

export function createDemoPrinter(out: Writable, err: Writable & { isTTY?: boolean }): DemoPrinter {
  const tty = err.isTTY === true;
  let current = '';
  let lastLogged = '';
  const clear = () => {
    if (tty && current) err.write('\r\u001b[2K');
  };
  const draw = () => {
    if (tty && current) err.write(current);
  };
  return {
    print(text) {
      clear();
      out.write(`${text}\n`);
      draw();
    },
    status(line) {
      if (tty) {
        clear();
        current = line;
        draw();
      } else if (line !== lastLogged) {
        // Not a terminal (CI, a pipe): one line per change, no control characters.
        lastLogged = line;
        err.write(`${line}\n`);
      }
    },
    done() {
      clear();
      current = '';
    },
  };
}
