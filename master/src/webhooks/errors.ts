/** Why one delivery attempt failed; `retryable` says whether the task queue tries again. */

/** A timeout, a network error or a non-2xx answer: tried again after the backoff. */
export class DeliveryError extends Error {
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

/** No attempt can succeed (the host resolves to a refused address, the job is gone): never retried. */
export class UndeliverableError extends Error {
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'UndeliverableError';
  }
}
