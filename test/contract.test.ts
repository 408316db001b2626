/**
 * The OpenAPI document: valid OpenAPI 3.1, generated from the request schemas the master
 * validates with, describing every route the master's router has, served at /openapi.json and
 * rendered at /docs from local files only. Every answer the e2e and master tests receive through
 * their helpers is validated against it (test/helpers/contract.ts).
 */
import type Router from '@koa/router';
import SwaggerParser from '@apidevtools/swagger-parser';
import test from 'ava';
import { DEFAULT_REQUEST_BOUNDS, JobRules } from '@sentinel/core';
import { createApp } from '../master/src/app.js';
import { buildOpenApiDocument } from '../master/src/openapi/document.js';
import { DOCS_ASSETS } from '../master/src/routes/docs.js';
import { Contract, defaultDocument } from './helpers/contract.js';
import { startRedis, startRestartableRedis, type TestRedis } from './helpers/redis.js';
import { request, startTestMaster, type TestMaster } from '../master/test/helpers/master.js';

/**
 * Routes the document describes that other parts of issue 16 add to the router. Once a route is
 * registered, remove it here: the test below fails while it is in both.
 */
/** Documented routes answered by middleware ahead of the router (metrics, the playground's files), with what each answers. */
const SERVED_BY_MIDDLEWARE = new Map([
  ['GET /metrics', { path: '/metrics', type: /^text\/plain/ }],
  ['GET /', { path: '/', type: /^text\/html/ }],
  ['GET /playground/{path}', { path: undefined, type: undefined }],
]);

let redis: TestRedis;
let master: TestMaster;
test.before(async () => {
  redis = await startRedis();
  master = await startTestMaster(redis.url, { MAX_TEST_CASES: '7', RATE_LIMIT_MAX: '2' });
});
test.after.always(async () => {
  await master?.close();
  await redis?.stop();
});

test('the document is valid OpenAPI 3.1 (swagger-parser)', async (t) => {
  const document = defaultDocument();
  t.is(document.openapi, '3.1.0');
  await t.notThrowsAsync(SwaggerParser.validate(structuredClone(document) as never));
});

test('request schemas are converted from the joi schemas, with the configured bounds', (t) => {
  const bounds = { ...DEFAULT_REQUEST_BOUNDS, maxTestCases: 3, maxFiles: 2 };
  const { components } = buildOpenApiDocument({ bounds, batchMaxJobs: 5, maxWaitSeconds: 9 });
  const execute = components.schemas!.ExecuteRequest as { properties: Record<string, { maxItems?: number }>; required: string[]; additionalProperties: boolean };
  t.is(execute.properties.testCases!.maxItems, 3);
  t.is(execute.properties.files!.maxItems, 2);
  t.deepEqual(execute.required, ['code', 'language']);
  t.false(execute.additionalProperties);
  t.like(components.schemas!.BatchRequest, { properties: { jobs: { minItems: 1, maxItems: 5 } } });
});

test('GET /openapi.json serves the document built from the master\'s configuration', async (t) => {
  const served = (await (await fetch(`${master.url}/openapi.json`)).json()) as { components: { schemas: Record<string, any> } };
  const { config, registry } = master.deps;
  const rules = JobRules.fromConfig(config, registry);
  t.deepEqual(served, JSON.parse(JSON.stringify(buildOpenApiDocument({ bounds: rules.bounds, batchMaxJobs: config.BATCH_MAX_JOBS, maxWaitSeconds: config.MAX_WAIT_SECONDS }))));
  t.is(served.components.schemas.ExecuteRequest.properties.testCases.maxItems, 7);
});

/** `GET /job/{id}` for each route of the routers mounted on `app` (@koa/router marks its middleware with `.router`). */
function routerRoutes(middleware: unknown[]): string[] {
  const routers = middleware.map((fn) => (fn as { router?: Router }).router).filter((router): router is Router => router !== undefined);
  return routers.flatMap((router) =>
    router.stack.flatMap((layer) =>
      layer.methods
        .filter((method) => method !== 'HEAD')
        .map((method) => `${method} ${String(layer.path).replace(/:(\w+)[*+?]?/g, '{$1}').replace(/\(\.\*\)/g, '{path}')}`),
    ),
  );
}

test('every route of the router is in the document, and every documented route is on the router', (t) => {
  const app = createApp(master.deps);
  const registered = new Set(routerRoutes(app.middleware));
  const document = defaultDocument();
  const documented = new Set(Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)));
  t.true(registered.size >= 8);
  t.deepEqual([...registered].filter((route) => !documented.has(route)), [], 'routes missing from the OpenAPI document');
  t.deepEqual([...documented].filter((route) => !registered.has(route) && !SERVED_BY_MIDDLEWARE.has(route)), [], 'documented routes nothing serves');
  t.deepEqual([...SERVED_BY_MIDDLEWARE.keys()].filter((route) => registered.has(route) || !documented.has(route)), []);
});

test('the documented routes that middleware serves answer', async (t) => {
  for (const [route, { path, type }] of SERVED_BY_MIDDLEWARE) {
    if (path === undefined) continue; // the playground's assets: one is named by the page, checked below
    const answer = await fetch(`${master.url}${path}`);
    t.is(answer.status, 200, route);
    t.regex(answer.headers.get('content-type') ?? '', type!, route);
  }
  const page = await (await fetch(`${master.url}/`)).text();
  const asset = /(?:src|href)="(\/playground\/[^"]+)"/.exec(page)?.[1];
  t.truthy(asset, 'the page names its assets under /playground/');
  t.is((await fetch(`${master.url}${asset!}`)).status, 200);
});

test('/docs loads Swagger UI from local files only, pointed at /openapi.json', async (t) => {
  const page = await fetch(`${master.url}/docs`);
  t.is(page.status, 200);
  t.regex(page.headers.get('content-type') ?? '', /^text\/html/);
  const html = await page.text();
  t.notRegex(html, /https?:\/\//, 'no URL to another host');
  const local = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
  t.deepEqual(local.sort(), [...DOCS_ASSETS.keys()].map((name) => `/docs/${name}`).sort());
  for (const path of local) {
    const asset = await fetch(`${master.url}${path}`);
    t.is(asset.status, 200, path);
    t.is(asset.headers.get('content-type')?.split(';')[0], DOCS_ASSETS.get(path.slice('/docs/'.length)), path);
    t.true((await asset.arrayBuffer()).byteLength > 100, path);
  }
  t.regex(await (await fetch(`${master.url}/docs/init.js`)).text(), /url: '\/openapi\.json'/);
  t.is((await fetch(`${master.url}/docs/index.html`)).status, 404);
});

test.serial('/docs and /openapi.json are never rate limited (RATE_LIMIT_MAX=2)', async (t) => {
  for (let round = 0; round < 4; round++) {
    for (const path of ['/openapi.json', '/docs', '/docs/init.js']) {
      const reply = await fetch(`${master.url}${path}`);
      t.is(reply.status, 200, path);
      t.is(reply.headers.get('x-ratelimit-remaining'), null, path);
      await reply.arrayBuffer();
    }
  }
});

test('the contract names the route, status and schema error of an answer that is not as documented', async (t) => {
  const contract = await Contract.load(defaultDocument());
  const exchange = { method: 'GET', url: 'http://x/languages', status: 200, contentType: 'application/json; charset=utf-8', body: { languages: [] } };
  t.is(contract.problem(exchange), undefined);
  t.is(contract.problem({ ...exchange, url: 'http://x/nope' }), 'GET /nope is not in the OpenAPI document (answered 200)');
  t.is(contract.problem({ ...exchange, method: 'POST' }), 'POST /languages is not in the OpenAPI document (answered 200)');
  t.regex(contract.problem({ ...exchange, status: 418 })!, /^GET \/languages answered 418, a status the document does not give for it/);
  t.regex(contract.problem({ ...exchange, contentType: 'text/html' })!, /^GET \/languages 200 answered Content-Type "text\/html", not one documented \(application\/json\)/);
  t.regex(contract.problem({ ...exchange, body: { languages: [{ id: 1 }] } })!, /^GET \/languages 200 \(application\/json\) does not match its schema: \/languages\/0/);
  t.is(contract.templateOf('/job/0b6c2f0e-3f6a-4d7e-9a39-2f8d0f6b8f11/events'), '/job/{id}/events');
  t.is(contract.templateOf('/jobs'), '/jobs');
});

test.serial('/docs and /openapi.json are served while Redis is down', async (t) => {
  // A redis-server child, whatever SENTINEL_TEST_REDIS says: this is about the master with its
  // Redis gone, not how a container goes (master/test/redis-proxy.test.ts covers a proxy left open).
  const own = await startRestartableRedis();
  const down = await startTestMaster(own.url);
  t.teardown(() => down.close());
  await own.stop();
  // The redis gate answers 503 once it sees the connection lost.
  const status = async () => (await request(`${down.url}/languages`)).status;
  for (let tries = 0; tries < 100 && (await status()) !== 503; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
  const refused = await fetch(`${down.url}/languages`);
  t.is(refused.status, 503);
  await refused.arrayBuffer();
  for (const path of ['/openapi.json', '/docs', '/docs/swagger-ui.css']) {
    const reply = await fetch(`${down.url}${path}`);
    t.is(reply.status, 200, path);
    t.true((await reply.text()).length > 100, path);
  }
});
