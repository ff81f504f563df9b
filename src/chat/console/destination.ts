/**
 * The console destination: the embedded default. It prints each message to a stream (standard
 * output unless another is given), so the demo and a first run need no chat platform.
 */
import type { Writable } from 'node:stream';
import type { Destination, SendResult } from '../core/destination.js';
import type { Message } from '../core/message.js';
import { type ConsoleRenderOptions, renderMessage } from './render.js';

export interface ConsoleDestinationOptions extends ConsoleRenderOptions {
  /** Destination id from the config; default `console`. */
  id?: string;
  /** Where to print; default `process.stdout`. */
  stream?: Writable;
}

/** Creates a console destination. Colour defaults to on when the stream is a terminal. */
export function createConsoleDestination(options: ConsoleDestinationOptions = {}): Destination {
  const stream = options.stream ?? process.stdout;
  const isTty = (stream as { isTTY?: boolean }).isTTY === true;
  const columns = (stream as { columns?: number }).columns;
  const render: ConsoleRenderOptions = {
    width: options.width ?? Math.min(columns ?? 80, 100),
    color: options.color ?? isTty,
  };
  let sent = 0;
  return {
    id: options.id ?? 'console',
    type: 'console',
    send(message: Message): Promise<SendResult> {
      const text = `${renderMessage(message, render)}\n\n`;
      sent += 1;
      const ref = `console-${sent}`;
      return new Promise((resolve, reject) => {
        // Resolve once the stream took the text, so "delivered" means it was really printed.
        stream.write(text, (err) => (err ? reject(err) : resolve({ ok: true, ref })));
      });
    },
  };
}
