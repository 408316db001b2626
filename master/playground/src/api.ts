/** The page's client of the Sentinel API, on this origin, with the optional API key. */
import type { ErrorBody, ExecuteRequest, JobView, Language } from './types.js';

/** An error answer of the API, or a request that got no answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class Api {
  /** `key`: the API key field's value now ('' = none). */
  constructor(private readonly key: () => string) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const key = this.key().trim();
    return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
  }

  async languages(): Promise<Language[]> {
    return (await this.json<{ languages: Language[] }>('GET', '/languages')).languages;
  }

  execute(request: ExecuteRequest): Promise<{ id: string; status: string }> {
    return this.json('POST', '/execute', request);
  }

  job(id: string): Promise<JobView> {
    return this.json('GET', `/job/${encodeURIComponent(id)}`);
  }

  /** A raw GET, for the event stream. */
  open(path: string, signal: AbortSignal): Promise<Response> {
    return fetch(path, { headers: this.headers({ Accept: 'text/event-stream' }), signal, cache: 'no-store' });
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: this.headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        body: body === undefined ? null : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError(0, 'NETWORK_ERROR', `${method} ${path} got no answer: ${(error as Error).message}`);
    }
    if (!response.ok) throw await errorOf(response, `${method} ${path}`);
    return (await response.json()) as T;
  }
}

/** The error of a non-2xx answer: its JSON `{error, message, field}`, or its status. */
export async function errorOf(response: Response, what: string): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (typeof body.error === 'string') return new ApiError(response.status, body.error, body.message ?? '', body.field);
  } catch {
    // not JSON: described by its status below
  }
  return new ApiError(response.status, `HTTP_${response.status}`, `${what} answered ${response.status} ${response.statusText}`.trim());
}
