/**
 * The master's API as a client sees it through the stack's published port: submit and wait in one
 * call (POST /execute?wait), poll GET /job/:id as the README's first example does, read /health.
 */
export interface JobView {
  id: string;
  status: string;
  verdict?: string;
  passed?: number;
  total?: number;
  error?: string;
  output?: string;
  exitCode?: number | null;
  signal?: string | null;
  limitExceeded?: string | null;
  score?: number;
  maxScore?: number;
  checkerCompile?: { success: boolean; output: string };
  testCases?: Array<{ verdict: string; passed: boolean; actualOutput?: string; limitExceeded?: string | null }>;
}

/** Submits and waits (MAX_WAIT_SECONDS is 30: longer jobs are waited for again with GET ?wait). */
export async function submit(base: string, request: object, timeoutMs = 120_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  const response = await fetch(`${base}/execute?wait=30`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(60_000),
  });
  let body = (await response.json()) as JobView;
  if (response.status !== 200) throw new Error(`POST /execute: ${response.status} ${JSON.stringify(body)}`);
  // A failed job answers GET ?wait at once: it is an end too.
  while (body.status !== 'completed' && body.status !== 'failed' && Date.now() < deadline) {
    body = (await getJson<JobView>(base, `/job/${body.id}?wait=30`)).body;
  }
  if (body.status === 'failed') throw new Error(`job ${body.id} failed: ${JSON.stringify(body)}`);
  if (body.status !== 'completed') throw new Error(`job ${body.id} is ${body.status} after ${timeoutMs} ms: ${JSON.stringify(body)}`);
  return body;
}

export async function getJson<T>(base: string, route: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${route}`, { signal: AbortSignal.timeout(60_000) });
  return { status: response.status, body: (await response.json()) as T };
}

/** Polls until `check` returns a value (not undefined), or throws after `timeoutMs` with the last reason. */
export async function eventually<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last: ${(last as Error).message})` : ''}`);
}

export interface Health {
  status: string;
  executors: Array<{ id: string; languages: string[]; sandbox: { mode: string; limitsMode?: string } }>;
}
