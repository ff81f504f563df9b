/** Errors of the service composition, with stable codes. */

/** Bad options at start, or a wait that ran out. */
export class ServiceError extends Error {
  constructor(
    readonly code: 'SERVICE_OPTIONS' | 'SERVICE_IDLE_TIMEOUT',
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
