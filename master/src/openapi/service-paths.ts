/** Everything but the job routes: monitoring, metrics, this document, the docs page and the playground. */
import { DOCS_ASSETS } from '../routes/docs.js';
import { errorResponses } from './responses.js';
import { jsonAnswer, KEY_WHEN_ON, PUBLIC, REQUEST_ID, schemaRef, textAnswer } from './operations.js';
import type { Operation, PathItem } from './types.js';

const notFound = { $ref: '#/components/responses/NotFound' };

function page(operationId: string, summary: string, mediaType: string, extra: Partial<Operation> = {}): PathItem {
  return { get: { operationId, summary, tags: ['service'], security: PUBLIC, responses: { 200: textAnswer(summary, mediaType) }, ...extra } };
}

export function servicePaths(): Record<string, PathItem> {
  const counted = (operationId: string, summary: string, schema: string): PathItem => ({
    get: {
      operationId,
      summary,
      tags: ['service'],
      security: KEY_WHEN_ON,
      parameters: [REQUEST_ID],
      responses: { 200: jsonAnswer(summary, schemaRef(schema), true), ...errorResponses([]) },
    },
  });
  return {
    '/languages': counted('languages', 'The installed languages, with the most each lets a request ask for', 'LanguagesResponse'),
    '/load': counted('load', 'Each language queue\'s job counts', 'LoadResponse'),
    '/health': {
      get: {
        operationId: 'health',
        summary: 'Redis, the queues and the executors',
        description: 'Never rate limited and needs no key. 503 when Redis does not answer (status "down").',
        tags: ['service'],
        security: PUBLIC,
        parameters: [REQUEST_ID],
        responses: {
          200: jsonAnswer('ok or degraded', schemaRef('HealthReport'), false),
          503: jsonAnswer('down: Redis does not answer', schemaRef('HealthReport'), false),
        },
      },
    },
    '/metrics': page('metrics', 'Prometheus metrics of this master', 'text/plain'),
    '/openapi.json': {
      get: { operationId: 'openapi', summary: 'This document (OpenAPI 3.1)', tags: ['service'], security: PUBLIC, responses: { 200: jsonAnswer('This document.', { type: 'object' }, false) } },
    },
    '/docs': page('docs', 'The API reference page (Swagger UI, served offline)', 'text/html'),
    '/docs/{asset}': page('docsAsset', 'A file of the API reference page', '*/*', {
      parameters: [{ name: 'asset', in: 'path', required: true, schema: { type: 'string', enum: [...DOCS_ASSETS.keys()] } }],
      responses: { 200: textAnswer('The file.', '*/*'), 404: notFound },
    }),
    '/': page('playground', 'The playground: pick a language, edit, run and see each test\'s verdict', 'text/html'),
    '/playground/{path}': page('playgroundAsset', 'A file of the playground', '*/*', {
      parameters: [{ name: 'path', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: textAnswer('The file.', '*/*'), 404: notFound },
    }),
  };
}
