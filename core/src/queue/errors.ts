import { SentinelError } from '../errors.js';

/** A queue used against its contract (a wait on a language not listened to): a caller's bug. */
export class QueueUsageError extends SentinelError {
  readonly code = 'QUEUE_USAGE';
}
