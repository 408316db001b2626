/** The few OpenAPI 3.1 shapes the document is built from (JSON Schema 2020-12 for schemas). */
export type JsonSchema = Record<string, unknown>;

export interface MediaType {
  schema: JsonSchema;
}

export interface HeaderRef {
  $ref: string;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderRef | { description: string; schema: JsonSchema }>;
  content?: Record<string, MediaType>;
}

export type ResponseOrRef = ResponseObject | { $ref: string };

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Array<JsonSchema>;
  requestBody?: { required: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseOrRef>;
  /** `[]`: no key needed; otherwise a Bearer key when API keys are on (`{}`: or none when off). */
  security: Array<Record<string, string[]>>;
}

export type PathItem = Partial<Record<'get' | 'post', Operation>>;

/** What the document depends on: the master's configuration. */
export interface OpenApiOptions {
  /** The request schemas' bounds (code size, test cases, files). */
  bounds: import('@sentinel/core').RequestBounds;
  /** Most items of POST /batch and ids of GET /jobs. */
  batchMaxJobs: number;
  /** Largest `?wait=` in seconds. */
  maxWaitSeconds: number;
}
