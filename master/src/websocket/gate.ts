/**
 * The checks every request passes (the Redis gate, the API key, the rate limit), run on a
 * WebSocket upgrade before it switches protocols: the same Koa middleware as for HTTP, on a
 * context made for the upgrade request. A refusal is an HTTP answer (401, 429, 503 ...) with the
 * same JSON body an HTTP route would give.
 */
import { ServerResponse, type IncomingMessage } from 'node:http';
import type Koa from 'koa';
import type { Context, Middleware } from 'koa';

export type GateAnswer = { passed: true; ctx: Context } | { passed: false; status: number; headers: Record<string, string>; body: string };

export type UpgradeGate = (request: IncomingMessage) => Promise<GateAnswer>;

/** `middleware` runs in order, as app.use would run it; its first should answer errors (errorHandler). */
export function upgradeGate(app: Koa, middleware: readonly Middleware[]): UpgradeGate {
  return async (request) => {
    // Nothing is written to this response: the upgrade's answer goes on the socket.
    const ctx = app.createContext(request, new ServerResponse(request));
    let passed = false;
    const last: Middleware = async (context) => {
      passed = true;
      context.status = 101; // a body-less answer the error handler leaves alone
    };
    await run([...middleware, last], ctx);
    if (passed) return { passed, ctx };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(ctx.response.headers)) if (value !== undefined) headers[name] = String(value);
    return { passed, status: ctx.status, headers, body: typeof ctx.body === 'string' ? ctx.body : JSON.stringify(ctx.body ?? {}) };
  };
}

/** Koa's composition of `middleware` for one context. */
function run(middleware: readonly Middleware[], ctx: Context): Promise<void> {
  const dispatch = async (index: number): Promise<void> => {
    const step = middleware[index];
    if (step) await step(ctx as never, () => dispatch(index + 1));
  };
  return dispatch(0);
}
