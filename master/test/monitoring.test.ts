/** GET /health, /load, /languages; serial: they read state the others change. */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import test from 'ava';
import getPort from 'get-port';
import type { Redis } from 'ioredis';
import { DEFAULT_LIMITS, executorStatusKey, HEARTBEAT_TTL_S, type ExecutorStatus } from '@sentinel/core';
import { createApp, createMasterQueue, createMasterRedis, startMaster } from '../src/app.js';
import { readMasterConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { loadTestPacks, postJson, request, useMaster } from './helpers/master.js';

const ctx = useMaster(test);

function heartbeat(id: string, languages: string[], mode: 'bwrap' | 'none'): ExecutorStatus {
  const now = new Date().toISOString();
  return {
    id,
    hostname: `host-${id}`,
    pid: 1234,
    languages,
    concurrency: 2,
    sandbox: {
      mode,
      limitsMode: mode === 'bwrap' ? 'cgroup-v1' : 'none',
      enforced: mode === 'bwrap' ? { network: 'bwrap --unshare-net' } : {},
      warnings: mode === 'none' ? ['SENTINEL_SANDBOX=none: jobs are not isolated'] : [],
    },
    startedAt: now,
    updatedAt: now,
  };
}

test.serial('/health with no executors: ok, every queue healthy, a warning per language', async (t) => {
  const reply = await request(`${ctx.master.url}/health`);
  t.is(reply.status, 200);
  const { redis: link, ...rest } = reply.body as { redis: { connected: boolean; latencyMs: number } };
  t.true(link.connected);
  t.true(typeof link.latencyMs === 'number' && link.latencyMs >= 0);
  t.deepEqual(rest, {
    status: 'ok',
    queues: { javascript: { healthy: true, waiting: 0, active: 0 }, python: { healthy: true, waiting: 0, active: 0 } },
    executors: [],
    sandbox: {},
    warnings: [
      'no executor is serving javascript: its jobs wait in bull:javascript:wait until one starts',
      'no executor is serving python: its jobs wait in bull:python:wait until one starts',
    ],
  });
});

test.serial('/health shows executor heartbeats and warns loudly about sandbox mode "none"', async (t) => {
  const unsandboxed = heartbeat('exec-a', ['python'], 'none');
  const sandboxed = heartbeat('exec-b', ['javascript', 'python'], 'bwrap');
  await ctx.db.set(executorStatusKey('exec-a'), JSON.stringify(unsandboxed), 'EX', HEARTBEAT_TTL_S);
  await ctx.db.set(executorStatusKey('exec-b'), JSON.stringify(sandboxed), 'EX', HEARTBEAT_TTL_S);
  await ctx.db.set(executorStatusKey('exec-c'), '{not json', 'EX', HEARTBEAT_TTL_S);
  t.teardown(async () => void (await ctx.db.del(executorStatusKey('exec-a'), executorStatusKey('exec-b'), executorStatusKey('exec-c'))));

  const reply = await request(`${ctx.master.url}/health`);
  t.is(reply.status, 200);
  t.like(reply.body, { status: 'degraded', redis: { connected: true } });
  t.deepEqual(reply.body.executors, [unsandboxed, sandboxed]);
  t.deepEqual(reply.body.sandbox, { 'exec-a': 'none', 'exec-b': 'bwrap' });
  t.deepEqual(reply.body.warnings, [
    'executor heartbeat sentinel:executor:exec-c is not a valid executor status',
    'executor exec-a on host-exec-a runs submitted code WITHOUT A SANDBOX (mode "none"): ' +
      "anything a job does, it does with the executor's own privileges",
    'executor exec-a: SENTINEL_SANDBOX=none: jobs are not isolated',
  ]);
});

test.serial('/health is ok when every language is served by a sandboxed executor', async (t) => {
  await ctx.db.set(executorStatusKey('exec-d'), JSON.stringify(heartbeat('exec-d', ['javascript', 'python'], 'bwrap')), 'EX', 30);
  t.teardown(async () => void (await ctx.db.del(executorStatusKey('exec-d'))));
  const reply = await request(`${ctx.master.url}/health`);
  t.like(reply.body, { status: 'ok', sandbox: { 'exec-d': 'bwrap' }, warnings: [] });
});

test.serial('/load counts change with submissions; /health degrades when jobs wait with no executor', async (t) => {
  const before = await request(`${ctx.master.url}/load`);
  t.is(before.status, 200);
  const empty = { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
  t.deepEqual(before.body, { javascript: empty, python: empty });

  for (const code of ['print(1)', 'print(2)']) t.is((await postJson(`${ctx.master.url}/execute`, { code, language: 'python' })).status, 200);
  t.is((await postJson(`${ctx.master.url}/execute`, { code: 'console.log(1)', language: 'javascript' })).status, 200);

  const after = await request(`${ctx.master.url}/load`);
  t.deepEqual(after.body, { javascript: { ...empty, waiting: 1 }, python: { ...empty, waiting: 2 } });

  const health = await request(`${ctx.master.url}/health`);
  t.like(health.body, { status: 'degraded', queues: { python: { healthy: true, waiting: 2, active: 0 } } });
});

test.serial('/languages lists both packs', async (t) => {
  const reply = await request(`${ctx.master.url}/languages`);
  t.is(reply.status, 200);
  const languages = reply.body.languages as { id: string }[];
  t.deepEqual(languages.map((language) => language.id), ['javascript', 'python']);
  t.deepEqual(languages[1], { id: 'python', displayName: 'Python', version: '3.11', aliases: ['py', 'python3'], compiled: false, compilerOptions: [], limits: { ...DEFAULT_LIMITS }, libraries: [] });
  const javascript = (await loadTestPacks()).find('javascript')!;
  t.deepEqual(languages[0], {
    id: 'javascript',
    displayName: javascript.displayName,
    version: javascript.version,
    aliases: javascript.aliases,
    compiled: false,
    compilerOptions: [],
    limits: { ...DEFAULT_LIMITS, ...javascript.limits },
    libraries: [],
  });
});

test.serial('/languages lists the libraries each pack bundles', async (t) => {
  const config = readMasterConfig({ REDIS_URL: ctx.redis.url, PORT: '0', HOST: '127.0.0.1', SENTINEL_PACKS: 'python,python-scientific' });
  const running = await startMaster(config, { logger: silentLogger });
  t.teardown(() => running.close());
  const reply = await request(`${running.url}/languages`);
  t.is(reply.status, 200);
  const languages = reply.body.languages as { id: string; libraries: { name: string; version?: string }[] }[];
  t.deepEqual(languages.map((language) => language.id), ['python', 'python-scientific']);
  t.deepEqual(languages[0]!.libraries, []);
  t.deepEqual(languages[1]!.libraries.map((library) => library.name), ['numpy', 'scipy', 'pandas', 'sympy']);
  for (const library of languages[1]!.libraries) t.regex(library.version ?? '', /^\d+\.\d+/, library.name);
});

test.serial('/health answers 503 JSON at once when Redis is unreachable', async (t) => {
  const closedUrl = `redis://127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
  const config = readMasterConfig({ REDIS_URL: closedUrl });
  const client = createMasterRedis(closedUrl, silentLogger);
  const queues = createMasterQueue(closedUrl, client, client, silentLogger, 'test-master');
  const app = createApp({ config, registry: await loadTestPacks(), queue: queues, redis: client, logger: silentLogger });
  const server: Server = createServer(app.callback()).listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(async () => {
    server.closeAllConnections();
    server.close();
    await queues.close();
    client.disconnect();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const started = Date.now();
  const reply = await request(`${url}/health`);
  t.true(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
  t.is(reply.status, 503);
  const down = { healthy: false, waiting: null, active: null, error: 'redis is unreachable' };
  t.like(reply.body, {
    status: 'down',
    redis: { connected: false, latencyMs: null },
    queues: { javascript: down, python: down },
    executors: [],
    sandbox: {},
  });
  t.regex((reply.body.warnings as string[])[0]!, /^redis is unreachable: /);

  const languages = await request(`${url}/languages`);
  t.is(languages.status, 503);
  t.deepEqual(languages.body, { error: 'REDIS_UNAVAILABLE', message: 'the job store (Redis) is unavailable; retry later' });
});

test.serial('/health answers 503 within its timeout when Redis accepts but never replies', async (t) => {
  const silent = createNetServer((socket) => socket.on('data', () => {})).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const silentUrl = `redis://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  const client = createMasterRedis(silentUrl, silentLogger);
  const queues = createMasterQueue(silentUrl, client, client, silentLogger, 'test-master');
  const app = createApp({ config: readMasterConfig({ REDIS_URL: silentUrl }), registry: await loadTestPacks(), queue: queues, redis: client, logger: silentLogger });
  const server: Server = createServer(app.callback()).listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(async () => {
    server.closeAllConnections();
    server.close();
    client.disconnect();
    await queues.close();
    silent.close();
  });

  const started = Date.now();
  const reply = await request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`);
  const took = Date.now() - started;
  t.true(took >= 900 && took < 2_000, `took ${took} ms`);
  t.is(reply.status, 503);
  t.like(reply.body, { status: 'down', redis: { connected: false, latencyMs: null, error: 'redis ping did not answer within 1000 ms' } });
});

test.serial('startMaster loads the packs named in SENTINEL_PACKS, serves, and closes', async (t) => {
  const config = readMasterConfig({ REDIS_URL: ctx.redis.url, PORT: '0', HOST: '127.0.0.1', SENTINEL_PACKS: 'python' });
  const running = await startMaster(config, { logger: silentLogger });
  t.teardown(() => running.close());
  t.regex(running.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const reply = await request(`${running.url}/languages`);
  t.deepEqual((reply.body.languages as { id: string }[]).map((language) => language.id), ['python']);
  await running.close();
  t.false(running.server.listening);
});
