/**
 * The API contract in tests: the master's OpenAPI document (built in-process, as the master builds
 * it at start), checked with swagger-parser, and every answer a test helper receives validated
 * against the operation it answers (method + path template, status, media type, body) with ajv.
 * An undocumented route, status or media type is a failure too.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DEFAULT_REQUEST_BOUNDS } from '@sentinel/core';
import { readMasterConfig } from '../../master/src/config.js';
import { buildOpenApiDocument, DEFAULT_BATCH_MAX_JOBS, type OpenApiDocument } from '../../master/src/openapi/document.js';

/** One request and its answer, as a helper saw them. */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  /** The Content-Type header ('' when none). */
  contentType: string;
  /** The parsed JSON body, or the text of any other answer. */
  body: unknown;
}

interface DereferencedResponse {
  content?: Record<string, { schema?: object }>;
}

type Operations = Record<string, { responses: Record<string, DereferencedResponse> }>;

/** `/job/{id}` -> /^\/job\/[^/]+$/ */
function templatePattern(template: string): RegExp {
  const source = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
  return new RegExp(`^${source}$`);
}

/** A documented media type matching an answer's Content-Type (exact, `type/*` or `*\/*`). */
function mediaTypeFor(content: Record<string, unknown>, contentType: string): string | undefined {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return Object.keys(content).find((documented) => documented === type || documented === '*/*' || (documented.endsWith('/*') && type.startsWith(documented.slice(0, -1))));
}

export class Contract {
  private readonly ajv = addFormats.default(new Ajv2020({ strict: false, allErrors: true }));
  private readonly validators = new Map<object, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp }>;

  /** Compiles every response schema now, so that no check's timing includes a compile. */
  private constructor(private readonly paths: Record<string, Operations>) {
    for (const operations of Object.values(paths)) {
      for (const { responses } of Object.values(operations)) {
        for (const { content = {} } of Object.values(responses)) {
          for (const { schema } of Object.values(content)) if (schema) this.validatorOf(schema);
        }
      }
    }
    // Literal paths before templated ones, so /jobs is never read as a template's match.
    this.templates = Object.keys(paths)
      .sort((a, b) => Number(a.includes('{')) - Number(b.includes('{')))
      .map((template) => ({ template, pattern: templatePattern(template) }));
  }

  /** Validates `document` as OpenAPI 3.1 (swagger-parser) and prepares its response validators. */
  static async load(document: object): Promise<Contract> {
    const dereferenced = (await SwaggerParser.validate(structuredClone(document) as never)) as unknown as { paths: Record<string, Operations> };
    return new Contract(dereferenced.paths);
  }

  /** The documented path template that `pathname` matches, if any. */
  templateOf(pathname: string): string | undefined {
    return this.templates.find(({ pattern }) => pattern.test(pathname))?.template;
  }

  /** What is wrong with `exchange` by the document; undefined when it is as documented. */
  problem({ method, url, status, contentType, body }: Exchange): string | undefined {
    const { pathname } = new URL(url);
    const template = this.templateOf(pathname);
    const route = `${method.toUpperCase()} ${template ?? pathname}`;
    const operation = template ? this.paths[template]![method.toLowerCase()] : undefined;
    if (!operation) return `${route} is not in the OpenAPI document (answered ${status})`;
    const response = operation.responses[String(status)];
    if (!response) return `${route} answered ${status}, a status the document does not give for it (${Object.keys(operation.responses).join(', ')})`;
    const content = response.content ?? {};
    const mediaType = mediaTypeFor(content, contentType);
    if (!mediaType) return `${route} ${status} answered Content-Type "${contentType}", not one documented (${Object.keys(content).join(', ') || 'no body'})`;
    const schema = content[mediaType]!.schema;
    if (!schema) return undefined;
    const validate = this.validatorOf(schema);
    if (validate(body)) return undefined;
    const errors = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    return `${route} ${status} (${mediaType}) does not match its schema: ${errors.join('; ')}`;
  }

  /** Throws an Error naming the route, status and schema error when `exchange` is not as documented. */
  check(exchange: Exchange): void {
    const problem = this.problem(exchange);
    if (problem) throw new Error(`API contract: ${problem}\nbody: ${JSON.stringify(exchange.body)?.slice(0, 500)}`);
  }

  private validatorOf(schema: object): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.validators.set(schema, validate);
    }
    return validate;
  }
}

/** The document as a master with the default configuration builds it (answers do not depend on the bounds). */
export function defaultDocument(): OpenApiDocument {
  const config = readMasterConfig({});
  return buildOpenApiDocument({ bounds: DEFAULT_REQUEST_BOUNDS, batchMaxJobs: DEFAULT_BATCH_MAX_JOBS, maxWaitSeconds: config.MAX_WAIT_SECONDS });
}

let shared: Promise<Contract> | undefined;

/** The one Contract of a test process, loaded on first use (a cache: the document never changes). */
export function contract(): Promise<Contract> {
  return (shared ??= Contract.load(defaultDocument()));
}

/** Reads `response`'s body (JSON when it says so), validates the exchange against the contract, and answers the body. */
export async function checkedBody(method: string, url: string, response: Response): Promise<unknown> {
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  let body: unknown = text;
  if (contentType.startsWith('application/json')) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`API contract: ${method} ${new URL(url).pathname} ${response.status} says JSON but is not: ${text.slice(0, 200)}`);
    }
  }
  (await contract()).check({ method, url, status: response.status, contentType, body });
  return body;
}
