/**
 * The OpenAPI 3.1 description of the master, built once at start from its configuration: request
 * schemas converted from core's joi schemas, response schemas written once (job-schemas.ts,
 * service-schemas.ts). Served at GET /openapi.json and rendered at GET /docs.
 */
import { createRequire } from 'node:module';
import { apiPaths } from './api-paths.js';
import { INTERACTIVE_SCHEMAS, interactivePaths } from './interactive-paths.js';
import { JOB_SCHEMAS } from './job-schemas.js';
import { batchRequestJsonSchema, executeRequestJsonSchema } from './request-schemas.js';
import { ERROR_RESPONSES, HEADERS, PARAMETERS } from './responses.js';
import { SERVICE_SCHEMAS } from './service-schemas.js';
import { servicePaths } from './service-paths.js';
import { PISTON_SCHEMAS, pistonPaths } from './piston-paths.js';
import { judge0Paths } from './judge0-paths.js';
import type { OpenApiOptions, PathItem } from './types.js';

export type { OpenApiOptions } from './types.js';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  paths: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
  tags: Array<{ name: string; description: string }>;
}

/** Default of POST /batch's and GET /jobs' item bound (BATCH_MAX_JOBS). */
export const DEFAULT_BATCH_MAX_JOBS = 20;

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export function buildOpenApiDocument(options: OpenApiOptions): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sentinel',
      version,
      description:
        'Remote code execution: submit code and test cases, get each test\'s verdict, output, time and memory. ' +
        'Every error is JSON `{ "error": CODE, "message": "...", "field"?: "..." }`. When API keys are on (`API_KEYS=on`), ' +
        'every route but /health, /metrics, /openapi.json, /docs and the playground needs `Authorization: Bearer <key>`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: 'jobs', description: 'Submit jobs and read their results' },
      { name: 'service', description: 'Monitoring, this document, the docs page and the playground' },
      { name: 'piston', description: 'Piston v2 compatible API: errors are `{"message": "..."}`' },
      { name: 'judge0', description: 'The Judge0 CE 1.13.1 API (docs/compat-judge0.md): point a Judge0 client at <server>/judge0' },
    ],
    paths: { ...apiPaths(options), ...interactivePaths(options), ...servicePaths(), ...pistonPaths(), ...judge0Paths() },
    components: {
      schemas: {
        ExecuteRequest: executeRequestJsonSchema(options.bounds),
        BatchRequest: batchRequestJsonSchema(options.batchMaxJobs),
        ...JOB_SCHEMAS,
        ...SERVICE_SCHEMAS,
        ...PISTON_SCHEMAS,
        ...INTERACTIVE_SCHEMAS,
      },
      responses: ERROR_RESPONSES,
      headers: HEADERS,
      parameters: PARAMETERS,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key (`npm run manage -- keys create`); needed only when API_KEYS=on.' },
      },
    },
  };
}
