/** The error middleware on a bare Koa app: every error becomes JSON, unexpected ones a logged 500. */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import Koa from 'koa';
import { errorHandler, HttpError } from '../src/http-errors.js';
import type { Logger } from '../src/logger.js';
// These answers come from a bare app of the error handler, not the master: off the contract.
import { requestOffContract as request } from './helpers/master.js';

async function serve(t: { teardown(fn: () => void): void }, handler: Koa.Middleware) {
  const logged: string[] = [];
  const logger: Logger = { info: () => {}, warn: () => {}, error: (message) => void logged.push(message) };
  const app = new Koa();
  app.use(errorHandler(logger));
  app.use(handler);
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logged };
}

test('an HttpError is written as it is, with its headers and extra members', async (t) => {
  const { url } = await serve(t, () => {
    throw new HttpError('CONFLICT', 'already there', { field: 'id', headers: { 'X-Why': 'because' }, extra: { other: 1 } });
  });
  const reply = await request(url);
  t.is(reply.status, 409);
  t.is(reply.headers.get('x-why'), 'because');
  t.deepEqual(reply.body, { error: 'CONFLICT', message: 'already there', field: 'id', other: 1 });
});

test('ctx.throw with a 4xx keeps its status and message', async (t) => {
  const { url, logged } = await serve(t, (ctx) => ctx.throw(403, 'not yours'));
  const reply = await request(url);
  t.is(reply.status, 403);
  t.deepEqual(reply.body, { error: 'FORBIDDEN', message: 'not yours' });
  t.deepEqual(logged, []);
});

test('an unexpected error is a 500 with a generic message, and is logged', async (t) => {
  const { url, logged } = await serve(t, () => {
    throw new Error('secret internals');
  });
  const reply = await request(url);
  t.is(reply.status, 500);
  t.deepEqual(reply.body, { error: 'INTERNAL_ERROR', message: 'internal error' });
  t.deepEqual(logged, ['GET / failed']);
});

test('a SyntaxError of our own is a 500, not blamed on the request body', async (t) => {
  const { url } = await serve(t, () => {
    JSON.parse('{');
  });
  const reply = await request(url);
  t.is(reply.status, 500);
  t.is(reply.body.error, 'INTERNAL_ERROR');
});

test('a ctx.throw 5xx does not leak its message', async (t) => {
  const { url } = await serve(t, (ctx) => ctx.throw(502, 'upstream password is hunter2'));
  const reply = await request(url);
  t.is(reply.status, 502);
  t.deepEqual(reply.body, { error: 'HTTP_502', message: 'internal error' });
});
