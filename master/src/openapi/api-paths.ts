/** The job routes: POST /execute, POST /batch, GET /job/{id}, GET /jobs, GET /job/{id}/events. */
import { errorResponses } from './responses.js';
import { JOB_ID, jsonAnswer, KEY_WHEN_ON, REQUEST_ID, schemaRef, textAnswer, waitParameter } from './operations.js';
import type { OpenApiOptions, PathItem } from './types.js';

export function apiPaths({ batchMaxJobs, maxWaitSeconds }: OpenApiOptions): Record<string, PathItem> {
  const jsonBody = (name: string) => ({ required: true, content: { 'application/json': { schema: schemaRef(name) } } });
  return {
    '/execute': {
      post: {
        operationId: 'execute',
        summary: 'Submit a job',
        description: 'Queues a job (rate-limit class `submit`). With `?wait=` the answer is the job when it finished or the wait ended.',
        tags: ['jobs'],
        security: KEY_WHEN_ON,
        parameters: [REQUEST_ID, waitParameter(maxWaitSeconds, 'the job to finish')],
        requestBody: jsonBody('ExecuteRequest'),
        responses: {
          200: jsonAnswer('Queued (or, with `?wait=`, as it was when the wait ended).', { anyOf: [schemaRef('ExecuteQueued'), schemaRef('ExecuteWaited')] }, true),
          ...errorResponses([400, 413, 415]),
        },
      },
    },
    '/batch': {
      post: {
        operationId: 'batch',
        summary: `Submit 1..${batchMaxJobs} jobs`,
        description: 'One entry per item, in order: the queued job, or the error POST /execute would answer for it (its `field` prefixed `jobs[<i>].`). Counts each item in the `submit` class.',
        tags: ['jobs'],
        security: KEY_WHEN_ON,
        parameters: [REQUEST_ID],
        requestBody: jsonBody('BatchRequest'),
        responses: { 200: jsonAnswer('One entry per job, in order.', schemaRef('BatchResponse'), true), ...errorResponses([400, 413, 415]) },
      },
    },
    '/job/{id}': {
      get: {
        operationId: 'getJob',
        summary: 'A job\'s state, and its result once finished',
        tags: ['jobs'],
        security: KEY_WHEN_ON,
        parameters: [JOB_ID, REQUEST_ID, waitParameter(maxWaitSeconds, 'the job to finish')],
        responses: { 200: jsonAnswer('The job.', schemaRef('JobView'), true), ...errorResponses([400, 404]) },
      },
    },
    '/jobs': {
      get: {
        operationId: 'getJobs',
        summary: `Several jobs at once (1..${batchMaxJobs} ids)`,
        tags: ['jobs'],
        security: KEY_WHEN_ON,
        parameters: [
          REQUEST_ID,
          { name: 'ids', in: 'query', required: true, description: 'Comma-separated job ids.', schema: { type: 'string' }, example: 'a,b,c' },
        ],
        responses: { 200: jsonAnswer('One entry per id, in order: the job, or JOB_NOT_FOUND.', schemaRef('JobsResponse'), true), ...errorResponses([400]) },
      },
    },
    '/job/{id}/events': {
      get: {
        operationId: 'jobEvents',
        summary: 'Live progress as server-sent events',
        description:
          '`event: progress` with data ProgressEvent (one per finished test, and one when the job becomes active); then `event: result` ' +
          'with data the GET /job/{id} body (JobView), and the stream ends. A finished job answers the result at once. ' +
          'A `: ping` comment every 15 s. Counted in the `wait` class; works through any master replica.',
        tags: ['jobs'],
        security: KEY_WHEN_ON,
        parameters: [JOB_ID, REQUEST_ID],
        responses: { 200: textAnswer('The event stream.', 'text/event-stream', true), ...errorResponses([400, 404]) },
      },
    },
  };
}
