/** The console destination: prints messages to a terminal or any writable stream. */
export { type ConsoleDestinationOptions, createConsoleDestination } from './destination.js';
export { type ConsoleRenderOptions, renderMessage, renderReply, wrap } from './render.js';
