/**
 * Webhooks end to end: a private Redis, the built master(s) and executor, and a real receiver (a
 * node:http server on 127.0.0.1, reachable because these stacks set WEBHOOK_ALLOW_PRIVATE=true).
 */
import test, { type ExecutionContext } from 'ava';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import getPort from 'get-port';
import { isPublicAddress } from '../master/src/webhooks/address-policy.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { masterEntry, postJson, startService, startStack, waitFor, waitForJob } from './helpers/services.js';

const SECRET = 'whsec-e2e-0123456789abcdef';
const JOB = { code: 'print(int(input()) * 2)', language: 'python', testCases: [{ input: '21', expected: '42' }] };

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(async () => {
  await redis?.stop();
});

interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A receiver on 127.0.0.1 answering each request with the next status of `statuses` (then 200). */
async function startReceiver(t: ExecutionContext, statuses: number[] = []) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ at: Date.now(), headers: request.headers, body: Buffer.concat(chunks) });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, received };
}

/** What a receiver does (README "Webhooks"): recompute the HMAC over "t.body", compare in constant time, refuse old t. */
function verify(header: string | undefined, body: Buffer): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const [, t, v1] = match;
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', SECRET).update(`${t}.`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(v1!, 'hex'));
}

const webhookEnv = { WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_BACKOFF_MS: '400', WEBHOOK_MAX_ATTEMPTS: '4' };

test.serial('the callback arrives once, from one of two masters, with the GET /job/:id body, signed', async (t) => {
  const receiver = await startReceiver(t);
  const { url, env } = await startStack(t, redis.url, webhookEnv);
  // A second master on the same Redis hears the same job end: the delivery is still one.
  const secondPort = await getPort();
  startService(t, masterEntry, { ...env, PORT: String(secondPort) });
  await waitFor('the second master', async () => ((await fetch(`http://127.0.0.1:${secondPort}/health`)).ok ? true : undefined));

  const submitted = await postJson(`${url}/execute`, { ...JOB, callbackUrl: `http://127.0.0.1:${receiver.port}/hooks/sentinel?x=1` });
  t.is(submitted.status, 200);
  const id = submitted.body.id as string;
  await waitForJob(url, id);
  await waitFor('the callback', async () => (receiver.received.length > 0 ? true : undefined));
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // time for a duplicate to show
  t.is(receiver.received.length, 1);

  const [delivery] = receiver.received;
  const getBody = Buffer.from(await (await fetch(`${url}/job/${id}`)).arrayBuffer());
  t.is(delivery!.body.toString(), getBody.toString(), 'the exact GET /job/:id body');
  t.like(JSON.parse(delivery!.body.toString()), { id, status: 'completed', verdict: 'ACCEPTED', passed: 1, total: 1 });
  t.is(delivery!.headers['content-type'], 'application/json');
  t.is(delivery!.headers['sentinel-job-id'], id);
  t.true(verify(delivery!.headers['sentinel-signature'] as string, delivery!.body));
  t.false(verify(delivery!.headers['sentinel-signature'] as string, Buffer.from(delivery!.body.toString().replace('ACCEPTED', 'ACCEPTEd'))));
});

test.serial('a receiver answering 500 twice then 200 gets three attempts with growing gaps; the job itself is not delayed', async (t) => {
  const receiver = await startReceiver(t, [500, 500]);
  const { url } = await startStack(t, redis.url, webhookEnv);
  const submitted = await postJson(`${url}/execute`, { ...JOB, callbackUrl: `http://127.0.0.1:${receiver.port}/` });
  t.is(submitted.status, 200);
  const id = submitted.body.id as string;
  const done = await waitForJob(url, id);
  const completedSeen = Date.now();
  t.is(done.status, 'completed');
  await waitFor('three attempts', async () => (receiver.received.length >= 3 ? true : undefined), 30_000);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  t.is(receiver.received.length, 3, 'no attempt after the 200');

  const [first, second, third] = receiver.received.map((r) => r.at) as [number, number, number];
  // Bull's exponential backoff with WEBHOOK_BACKOFF_MS=400: about 400 ms, then 1200 ms.
  t.true(second - first >= 350, `first gap ${second - first} ms`);
  t.true(third - second >= 1_100, `second gap ${third - second} ms`);
  t.true(third - second > second - first, 'the gaps grow');
  // The job's end was stored before the second attempt even began: deliveries never hold it.
  t.true(Date.parse(done.timestamp) <= first, 'the job finished before its first delivery');
  t.true(completedSeen < third);
  for (const attempt of receiver.received) {
    t.is(attempt.headers['sentinel-job-id'], id);
    t.true(verify(attempt.headers['sentinel-signature'] as string, attempt.body));
    t.is(attempt.body.toString(), receiver.received[0]!.body.toString());
  }
});

test.serial('a callback host whose name resolves to a non-public address is accepted at submit but refused at delivery, never retried', async (t) => {
  // This host's own name: Debian and Ubuntu map it to 127.0.1.1 (/etc/hosts), a container to its
  // private address; either is refused. Not a literal, so only the delivery can judge it.
  const name = os.hostname();
  const addresses = await lookup(name, { all: true }).catch(() => []);
  t.true(addresses.length > 0 && addresses.every(({ address }) => !isPublicAddress(address)),
    `this test needs the machine's name (${name}) to resolve to non-public addresses, as a Debian or Ubuntu install sets it; it resolves to ${addresses.map((a) => a.address).join(', ') || 'nothing'}`);
  const receiver = await startReceiver(t);
  const { url, master } = await startStack(t, redis.url, { ...webhookEnv, WEBHOOK_ALLOW_PRIVATE: 'false' });
  const submitted = await postJson(`${url}/execute`, { ...JOB, callbackUrl: `http://${name}:${receiver.port}/` });
  t.is(submitted.status, 200);
  const id = submitted.body.id as string;
  await waitForJob(url, id);
  const line = await waitFor('the refusal in the log', async () => master.output().split('\n').find((l) => l.includes(`webhook for job ${id}`)));
  const { msg } = JSON.parse(line) as { msg: string };
  t.regex(msg, new RegExp(`given up after attempt 1 of 4: callback host ${name} resolves to \\S+, not a public address$`));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  t.is(receiver.received.length, 0);
});
