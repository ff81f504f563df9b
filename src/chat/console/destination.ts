/**
 * The console destination: the embedded default. It prints each message to a stream (standard
 * output unless another is given), so the demo and a first run need no chat platform. A reply in
 * a thread (a follow's later report) is drawn in under the message it answers.
 */
import type { Writable } from 'node:stream';
import type { Destination, SendOptions, SendResult } from '../core/destination.js';
import type { Message } from '../core/message.js';
import { type ConsoleRenderOptions, renderMessage, renderReply } from './render.js';

/** Titles of printed messages kept for the replies that name them; the oldest go first. */
const MAX_REMEMBERED = 500;

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
  /** The title of each message printed, by its ref, so a reply can say what it answers. */
  const titles = new Map<string, string>();
  return {
    id: options.id ?? 'console',
    type: 'console',
    send(message: Message, sendOptions: SendOptions = {}): Promise<SendResult> {
      const { replyTo } = sendOptions;
      const drawn =
        replyTo === undefined
          ? renderMessage(message, render)
          : renderReply(message, titles.get(replyTo) ?? null, render);
      const text = `${drawn}\n\n`;
      sent += 1;
      const ref = `console-${sent}`;
      titles.set(ref, message.title);
      if (titles.size > MAX_REMEMBERED) titles.delete(titles.keys().next().value!);
      return new Promise((resolve, reject) => {
        // Resolve once the stream took the text, so "delivered" means it was really printed.
        stream.write(text, (err) => (err ? reject(err) : resolve({ ok: true, ref })));
      });
    },
  };
}
