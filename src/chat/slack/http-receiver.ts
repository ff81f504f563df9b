/**
 * Slack's HTTP mode on beatwatch's own HTTP server: a bolt `Receiver` whose route answers
 * `POST /slack/events`. Every request is checked before anything reads it: the signature with
 * bolt's `verifySlackRequest` over the raw body, and the timestamp within five minutes of now in
 * either direction (bolt refuses only old ones; a future one would let a captured request be
 * replayed later). Anything unsigned, forged, stale or future-dated gets 401 and reaches no
 * handler. Accepted requests go to the bolt app, whose `ack()` writes the HTTP response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type App,
  type BufferedIncomingMessage,
  HTTPModuleFunctions,
  HTTPResponseAck,
  type Receiver,
  verifySlackRequest,
} from '@slack/bolt';
import type { Logger } from '../../log.js';
import type { HttpRoute } from '../core/platform.js';
import { slackLogger } from './logger.js';

/** Where Slack sends slash commands in HTTP mode (the app's request URL ends with it). */
export const SLACK_EVENTS_PATH = '/slack/events';
/** How far a request's timestamp may be from now, either way. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
/** Slash commands are a few hundred bytes; nothing bigger is read. */
const BODY_LIMIT = '64kb';

export interface SignedRequest {
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

/**
 * Why a request is not one Slack signed just now, or null when it is. Pure, so the rules can be
 * tested one by one.
 */
export function signatureProblem(
  request: SignedRequest,
  signingSecret: string,
  nowMs: number,
): string | null {
  if (!request.signature) return 'no X-Slack-Signature header';
  if (!request.timestamp || !/^\d{1,12}$/.test(request.timestamp)) {
    return 'no readable X-Slack-Request-Timestamp header';
  }
  const skew = Number(request.timestamp) - Math.floor(nowMs / 1000);
  if (skew > MAX_CLOCK_SKEW_SECONDS) return 'timestamp more than 5 minutes in the future';
  if (-skew > MAX_CLOCK_SKEW_SECONDS) return 'timestamp more than 5 minutes old';
  try {
    verifySlackRequest({
      signingSecret,
      body: request.rawBody,
      headers: {
        'x-slack-signature': request.signature,
        'x-slack-request-timestamp': Number(request.timestamp),
      },
      nowMilliseconds: nowMs,
    });
  } catch {
    return 'signature does not match';
  }
  return null;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
  res.end();
}

export interface SlackHttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  now?: () => number;
}

/** bolt's receiver for HTTP mode; mount {@link SlackHttpReceiver.route} on the HTTP server. */
export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;
  /**
   * Set when bolt starts the receiver, which it does only once the app is initialised: bolt hands
   * the app over (`init`) when it is built, and a command dispatched before its initialisation
   * ends was acknowledged and then dropped.
   */
  private started = false;
  private readonly now: () => number;
  private readonly sdkLogger;

  constructor(private readonly options: SlackHttpReceiverOptions) {
    this.now = options.now ?? Date.now;
    this.sdkLogger = slackLogger(options.logger, 'slack-http');
  }

  init(app: App): void {
    this.app = app;
  }

  /** The server is beatwatch's: starting only lets requests through to the app. */
  async start(): Promise<void> {
    this.started = true;
  }
  async stop(): Promise<void> {
    this.started = false;
  }

  /** Handles `POST /slack/events`; anything else is passed on. */
  readonly route: HttpRoute = async (req, res) => {
    if ((req.url ?? '/').split('?')[0] !== SLACK_EVENTS_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' });
      res.end();
      return true;
    }
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, BODY_LIMIT);
    } catch (err) {
      answer(res, HTTPModuleFunctions.isRawBodyError(err) && err.statusCode === 413 ? 413 : 400);
      return true;
    }
    const problem = signatureProblem(
      {
        rawBody: buffered.rawBody.toString('utf8'),
        signature: header(req, 'x-slack-signature'),
        timestamp: header(req, 'x-slack-request-timestamp'),
      },
      this.options.signingSecret,
      this.now(),
    );
    if (problem) {
      this.options.logger.warn({ problem, path: SLACK_EVENTS_PATH }, 'refused a request not signed by Slack');
      answer(res, 401);
      return true;
    }
    await this.dispatch(buffered, res);
    return true;
  };

  private async dispatch(req: BufferedIncomingMessage, res: ServerResponse): Promise<void> {
    // biome-ignore lint/suspicious/noExplicitAny: a request body is whatever Slack sent
    let body: any;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(req);
    } catch {
      answer(res, 400);
      return;
    }
    if (body?.ssl_check === '1') return answer(res, 200);
    if (body?.type === 'url_verification') return HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
    if (!this.app || !this.started) {
      answer(res, 503);
      return;
    }
    const ack = new HTTPResponseAck({
      logger: this.sdkLogger,
      processBeforeResponse: false,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    try {
      await this.app.processEvent({
        body,
        ack: ack.bind(),
        retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
        retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
      });
    } catch (err) {
      this.options.logger.warn({ err }, 'a Slack request failed');
      if (!res.headersSent) answer(res, 500);
    }
  }
}
