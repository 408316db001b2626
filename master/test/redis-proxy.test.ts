/**
 * A Redis behind a TCP proxy that outlives it (docker-proxy, a sidecar): once Redis is gone, the
 * proxy still accepts connections and never answers. The master must not count such a connection
 * as ready: requests are a 503 at once, not held until the client gives up.
 */
import test from 'ava';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { request, startTestMaster } from './helpers/master.js';

/** Forwards to `target` while `open`; afterwards accepts and says nothing. */
async function startProxy(target: URL) {
  const pairs = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    pairs.add(client);
    client.on('close', () => pairs.delete(client));
    client.on('error', () => client.destroy());
    if (!open) return; // a black hole: the connection is held, nothing is ever written
    const upstream = net.connect(Number(target.port), target.hostname);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (() => {
      const url = new URL(target);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    })(),
    /** Redis goes away behind the proxy: its connections close, new ones are held. */
    cutOff() {
      open = false;
      for (const socket of pairs) socket.destroy();
    },
    /** Redis is back: the held connections close, new ones are forwarded again. */
    restore() {
      open = true;
      for (const socket of pairs) socket.destroy();
    },
    close: () => {
      for (const socket of pairs) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(() => redis?.stop());

test('behind a proxy whose Redis is gone, the master answers 503 at once and stays up', async (t) => {
  t.timeout(30_000);
  const proxy = await startProxy(new URL(redis.url));
  t.teardown(() => proxy.close());
  const master = await startTestMaster(proxy.url);
  t.teardown(() => master.close());
  t.is((await request(`${master.url}/languages`)).status, 200);

  proxy.cutOff();
  // The connections close; the master reconnects to the proxy, which holds them without a word.
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = Date.now();
    const reply = await request(`${master.url}/languages`, { signal: AbortSignal.timeout(10_000) });
    t.is(reply.status, 503);
    t.like(reply.body, { error: 'REDIS_UNAVAILABLE' });
    t.true(Date.now() - started < 1_000, `answered in ${Date.now() - started} ms`);
  }
  t.not(master.deps.redis.status, 'ready', 'a connection that never answered the ready check is not ready');

  // Redis back: the master reconnects and serves again (and its queues can close).
  proxy.restore();
  let status = 0;
  for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = (await request(`${master.url}/languages`)).status;
  }
  t.is(status, 200);
});
