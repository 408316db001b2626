/**
 * The playground's static files (routes/playground.ts): types, caching, methods, and no path out
 * of the built directory. A directory of stand-in files, a secret beside it; the SSE parser the
 * page reads /job/:id/events with.
 */
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import test from 'ava';
import Koa from 'koa';
import { SseParser } from '../playground/src/sse.js';
import { errorHandler } from '../src/http-errors.js';
import { silentLogger } from '../src/logger.js';
import { playgroundFile, servePlayground } from '../src/routes/playground.js';
import { startRedis } from '../../test/helpers/redis.js';
import { startTestMaster } from './helpers/master.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bytes: Buffer;
}

/** A request with its path sent byte for byte (fetch would normalize `..`). */
function raw(port: number, urlPath: string, method = 'GET', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: urlPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

let root: string;
let server: Server;
let port: number;

test.before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'sentinel-playground-'));
  const dir = path.join(root, 'playground');
  await mkdir(path.join(dir, 'sub'), { recursive: true });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>p</title>');
  await writeFile(path.join(dir, 'app-ABCD1234.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'app-ABCD1234.js.gz'), gzipSync('console.log(1)'));
  await writeFile(path.join(dir, 'style-ABCD1234.css'), 'body{}');
  await writeFile(path.join(dir, '.hidden.js'), 'hidden');
  await writeFile(path.join(dir, 'notes.txt'), 'not an asset type');
  await writeFile(path.join(dir, 'sub', 'inner.js'), 'inner');
  await writeFile(path.join(root, 'secret.js'), 'SECRET');
  const app = new Koa();
  app.use(errorHandler(silentLogger));
  app.use(servePlayground(dir));
  app.use((ctx) => (ctx.body = { next: true }));
  server = createServer(app.callback()).listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

test.after.always(async () => {
  server?.close();
  await rm(root, { recursive: true, force: true });
});

test('/ is index.html: HTML, revalidated each time, with the page policy', async (t) => {
  const answer = await raw(port, '/');
  t.is(answer.status, 200);
  t.is(answer.body, '<!doctype html><title>p</title>');
  t.is(answer.headers['content-type'], 'text/html; charset=utf-8');
  t.is(answer.headers['cache-control'], 'no-cache');
  t.is(answer.headers['x-content-type-options'], 'nosniff');
  t.regex(String(answer.headers['content-security-policy']), /default-src 'none'; script-src 'self'.*connect-src 'self'/);
  const again = await raw(port, '/', 'GET', { 'If-None-Match': String(answer.headers.etag) });
  t.is(again.status, 304);
  t.is(again.body, '');
});

test('hashed assets: their type, cached for good; HEAD has no body', async (t) => {
  const js = await raw(port, '/playground/app-ABCD1234.js');
  t.like(js, { status: 200, body: 'console.log(1)' });
  t.is(js.headers['content-type'], 'text/javascript; charset=utf-8');
  t.is(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  const css = await raw(port, '/playground/style-ABCD1234.css', 'HEAD');
  t.like(css, { status: 200, body: '' });
  t.is(css.headers['content-type'], 'text/css; charset=utf-8');
  t.is(css.headers['content-length'], '6');
});

test('a gzip copy goes to a client that accepts gzip, the file itself to the others', async (t) => {
  const gzipped = await raw(port, '/playground/app-ABCD1234.js', 'GET', { 'Accept-Encoding': 'br, gzip' });
  t.is(gzipped.headers['content-encoding'], 'gzip');
  t.is(gzipped.headers.vary, 'Accept-Encoding');
  t.is(gzipped.headers['content-type'], 'text/javascript; charset=utf-8');
  t.is(gunzipSync(gzipped.bytes).toString(), 'console.log(1)');
  const plain = await raw(port, '/playground/app-ABCD1234.js', 'GET', { 'Accept-Encoding': 'identity' });
  t.is(plain.headers['content-encoding'], undefined);
  t.is(plain.body, 'console.log(1)');
  t.not(plain.headers.etag, gzipped.headers.etag);
  // The copy itself is no asset.
  t.is((await raw(port, '/playground/app-ABCD1234.js.gz')).status, 404);
});

test('other methods: 405 with Allow', async (t) => {
  const answer = await raw(port, '/', 'POST');
  t.is(answer.status, 405);
  t.is(answer.headers.allow, 'GET, HEAD');
  t.like(JSON.parse(answer.body), { error: 'METHOD_NOT_ALLOWED' });
});

test('no path leaves the built directory, and only its flat asset files are served', async (t) => {
  const attempts = [
    '/playground/../secret.js',
    '/playground/..%2fsecret.js',
    '/playground/%2e%2e/secret.js',
    '/playground/%2e%2e%2fsecret.js',
    '/playground/..\\secret.js',
    '/playground/....//secret.js',
    '/playground//etc/passwd',
    '/playground/sub/inner.js',
    '/playground/.hidden.js',
    '/playground/notes.txt',
    '/playground/missing-ABCD1234.js',
    '/playground/',
    '/playground/index.html%00.js',
  ];
  for (const attempt of attempts) {
    const answer = await raw(port, attempt);
    t.is(answer.status, 404, attempt);
    t.like(JSON.parse(answer.body), { error: 'NOT_FOUND' }, attempt);
    t.false(answer.body.includes('SECRET'), attempt);
  }
});

test('other paths go on to the next middleware', async (t) => {
  t.is(playgroundFile('/languages'), undefined);
  t.is(playgroundFile('/playgroundx/a.js'), undefined);
  t.is(playgroundFile('/'), 'index.html');
  const answer = await raw(port, '/languages');
  t.deepEqual(JSON.parse(answer.body), { next: true });
});

test('a master whose playground is not built says how to build it', async (t) => {
  const app = new Koa();
  app.use(errorHandler(silentLogger));
  app.use(servePlayground(path.join(root, 'absent')));
  const absent = createServer(app.callback()).listen(0, '127.0.0.1');
  await once(absent, 'listening');
  t.teardown(() => absent.close());
  const answer = await raw((absent.address() as AddressInfo).port, '/');
  t.is(answer.status, 404);
  t.regex(JSON.parse(answer.body).message, /the playground is not built .*: run npm run build/);
});

test('the page reads server-sent events split anywhere, with comments and CRLF', (t) => {
  const stream = ': ping\n\nevent: progress\ndata: {"progress":50}\n\r\nevent: result\r\ndata: {"a":\r\ndata: 1}\r\n\r\n';
  for (let size = 1; size <= stream.length; size++) {
    const parser = new SseParser();
    const events = [];
    for (let at = 0; at < stream.length; at += size) events.push(...parser.push(stream.slice(at, at + size)));
    t.deepEqual(events, [
      { event: 'progress', data: '{"progress":50}' },
      { event: 'result', data: '{"a":\n1}' },
    ], `chunks of ${size}`);
  }
});

test('the master serves the built page past the rate limit, and while its Redis is down', async (t) => {
  const redis = await startRedis();
  const master = await startTestMaster(redis.url, { RATE_LIMIT_MAX: '1' });
  t.teardown(async () => {
    await master.close();
    await redis.stop();
  });
  const port = Number(new URL(master.url).port);
  for (let i = 0; i < 3; i++) {
    const page = await raw(port, '/');
    t.is(page.status, 200, 'the page is built by npm run build (master/scripts/build-playground.mjs)');
    t.is(page.headers['x-ratelimit-limit'], undefined);
    const script = /src="(\/playground\/app-[A-Z0-9]{8}\.js)"/.exec(page.body)?.[1];
    t.truthy(script, page.body);
    t.is((await raw(port, script!, 'HEAD')).status, 200);
  }
  t.like(await raw(port, '/load'), { status: 200 });
  t.like(await raw(port, '/load'), { status: 429 });

  master.deps.redis.disconnect();
  t.like(await raw(port, '/languages'), { status: 503 });
  t.like(await raw(port, '/'), { status: 200 });
});
