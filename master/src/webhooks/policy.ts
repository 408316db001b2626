/** The submit-time rule of callbacks: refused with no secret to sign them, or for a non-public literal host. */
import type { CheckedRequest } from '@sentinel/core';
import type { MasterConfig } from '../config.js';
import { HttpError } from '../http-errors.js';
import { literalHostProblem } from './address-policy.js';

/** Throws the HttpError POST /execute answers for the request's callbackUrl; nothing without one. */
export function checkCallback(config: Pick<MasterConfig, 'WEBHOOK_SECRET' | 'WEBHOOK_ALLOW_PRIVATE'>, request: Pick<CheckedRequest, 'callbackUrl'>): void {
  if (request.callbackUrl === undefined) return;
  if (!config.WEBHOOK_SECRET) {
    throw new HttpError('CALLBACKS_DISABLED', 'callbacks are off: the operator has not set WEBHOOK_SECRET, so there is no key to sign them with', { field: 'callbackUrl' });
  }
  if (config.WEBHOOK_ALLOW_PRIVATE) return;
  const problem = literalHostProblem(new URL(request.callbackUrl));
  if (problem) {
    throw new HttpError('CALLBACK_NOT_ALLOWED', `"callbackUrl" must reach a public host: ${problem}; the operator may allow it with WEBHOOK_ALLOW_PRIVATE=true`, { field: 'callbackUrl' });
  }
}
