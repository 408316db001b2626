/**
 * One stack for a whole test file: a private Redis, a master and an executor, started before its
 * tests and stopped after them; `run` submits a job and waits for its result in one round trip.
 */
import type { TestFn } from 'ava';
import { startRedis, type TestRedis } from './redis.js';
import { postJson, startStack } from './services.js';

/** How long `run` waits for a job, s (jobs that compile a solution and a checker take a few). */
const WAIT_SECONDS = 120;

export interface SharedStack {
  url(): string;
  /** POST /execute?wait= with `body`; throws unless the answer is a 200. */
  run(body: Record<string, unknown>): Promise<any>;
}

export function sharedStack(test: TestFn, env: Record<string, string> = {}): SharedStack {
  let redis: TestRedis | undefined;
  let url: string | undefined;
  const cleanups: Array<() => unknown> = [];
  test.before(async () => {
    redis = await startRedis();
    ({ url } = await startStack({ teardown: (fn) => void cleanups.push(fn) }, redis.url, { MAX_WAIT_SECONDS: String(WAIT_SECONDS), ...env }));
  });
  test.after.always(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await redis?.stop();
  });
  const base = () => {
    if (!url) throw new Error('the stack did not start (see the before hook)');
    return url;
  };
  return {
    url: base,
    async run(body) {
      const reply = await postJson(`${base()}/execute?wait=${WAIT_SECONDS}`, body);
      if (reply.status !== 200) throw new Error(`POST /execute answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      return reply.body;
    },
  };
}
