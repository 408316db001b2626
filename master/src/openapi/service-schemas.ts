/** Response schemas of /health, /languages and /load (master/src/health.ts, routes/monitoring.ts). */
import type { JsonSchema } from './types.js';

const counts = ['waiting', 'active', 'completed', 'failed', 'delayed'];
const stringMap: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
const strings: JsonSchema = { type: 'array', items: { type: 'string' } };

export const SERVICE_SCHEMAS: Record<string, JsonSchema> = {
  QueueCounts: {
    type: 'object',
    additionalProperties: false,
    required: counts,
    properties: Object.fromEntries(counts.map((name) => [name, { type: 'integer', minimum: 0 }])),
  },
  LoadResponse: {
    type: 'object',
    description: 'Language id -> its queue\'s job counts, read now.',
    additionalProperties: { $ref: '#/components/schemas/QueueCounts' },
  },
  LanguageInfo: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'displayName', 'version', 'aliases', 'compiled', 'compilerOptions', 'limits', 'libraries'],
    properties: {
      id: { type: 'string' },
      displayName: { type: 'string' },
      version: { type: 'string' },
      aliases: strings,
      compiled: { type: 'boolean' },
      compilerOptions: { ...strings, description: 'Patterns of the compiler options a request may add (empty: none).' },
      limits: { $ref: '#/components/schemas/Limits', description: 'The most a request\'s `limits` may ask for this language.' },
      libraries: {
        type: 'array',
        description: 'Libraries bundled with the toolchain that programs may use (empty: only the standard library).',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string' }, version: { type: 'string' } },
        },
      },
    },
  },
  LanguagesResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['languages'],
    properties: { languages: { type: 'array', items: { $ref: '#/components/schemas/LanguageInfo' } } },
  },
  ExecutorStatus: {
    type: 'object',
    required: ['id', 'hostname', 'pid', 'languages', 'concurrency', 'sandbox', 'startedAt', 'updatedAt'],
    properties: {
      id: { type: 'string' },
      hostname: { type: 'string' },
      pid: { type: 'integer' },
      languages: strings,
      concurrency: { type: 'integer', minimum: 1 },
      sandbox: {
        type: 'object',
        required: ['mode', 'limitsMode', 'enforced', 'warnings'],
        properties: {
          mode: { enum: ['bwrap', 'none'] },
          limitsMode: { enum: ['cgroup-v2', 'cgroup-v1', 'rlimits', 'none'] },
          enforced: stringMap,
          warnings: strings,
        },
      },
      startedAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  HealthReport: {
    type: 'object',
    additionalProperties: false,
    required: ['status', 'redis', 'queues', 'executors', 'sandbox', 'warnings'],
    properties: {
      status: { enum: ['ok', 'degraded', 'down'] },
      redis: {
        type: 'object',
        additionalProperties: false,
        required: ['connected', 'latencyMs'],
        properties: {
          connected: { type: 'boolean' },
          latencyMs: { type: ['number', 'null'] },
          error: { type: 'string' },
          memory: {
            type: 'object',
            required: ['usedBytes', 'maxBytes'],
            properties: { usedBytes: { type: 'integer', minimum: 0 }, maxBytes: { type: 'integer', minimum: 0, description: '0: no maxmemory.' } },
          },
        },
      },
      queues: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['healthy', 'waiting', 'active'],
          properties: {
            healthy: { type: 'boolean' },
            waiting: { type: ['integer', 'null'] },
            active: { type: ['integer', 'null'] },
            error: { type: 'string' },
          },
        },
      },
      executors: { type: 'array', items: { $ref: '#/components/schemas/ExecutorStatus' } },
      sandbox: { type: 'object', description: 'Executor id -> the sandbox mode it runs jobs in.', additionalProperties: { enum: ['bwrap', 'none'] } },
      warnings: strings,
    },
  },
};
