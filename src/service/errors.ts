/** Errors of the service composition, with stable codes. */

/**
 * What went wrong, as a stable code: bad options at start, a wait that ran out, an HTTP port that
 * cannot be used, a start-up stopped by a signal, or Redis not answering a health or metrics read.
 */
export type ServiceErrorCode =
  | 'SERVICE_OPTIONS'
  | 'SERVICE_IDLE_TIMEOUT'
  | 'SERVICE_HTTP_PORT'
  | 'SERVICE_ABORTED'
  | 'SERVICE_REDIS_DOWN';

/** An error of the service composition; the message says what to do. */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ServiceError';
  }
}
