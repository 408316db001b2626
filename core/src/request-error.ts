/**
 * A request refused for what it asks (not our fault): a stable code, the field at fault and extra
 * members for the answer. The master answers it with the status its code has (error-status.ts).
 */
import { SentinelError } from './errors.js';

/** Codes of requests refused by the job rules. */
export type RequestErrorCode = 'INVALID_REQUEST' | 'UNKNOWN_LANGUAGE' | 'UNSUPPORTED_VERSION' | 'COMPILER_OPTION_NOT_ALLOWED' | 'LIMIT_TOO_HIGH';

export interface RequestErrorOptions {
  /** The request field at fault, e.g. `testCases[0].input`. */
  field?: string;
  /** Extra members of the answer, e.g. `{ maximum }` or the supported languages. */
  extra?: Record<string, unknown>;
}

/** What an error answer's body is: `{ "error": "<CODE>", "message": "...", "field": "..." }`. */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
  [extra: string]: unknown;
}

export class RequestError<Code extends string = RequestErrorCode> extends SentinelError {
  readonly field: string | undefined;
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(readonly code: Code, message: string, options: RequestErrorOptions = {}) {
    super(message);
    this.field = options.field;
    this.extra = options.extra ?? {};
  }

  toJSON(): ErrorBody {
    return { error: this.code, message: this.message, ...(this.field === undefined ? {} : { field: this.field }), ...this.extra };
  }
}
