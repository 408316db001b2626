/**
 * GET /openapi.json, and GET /docs: Swagger UI from the swagger-ui-dist package in node_modules
 * (offline: no CDN), pointed at /openapi.json by an initializer of our own.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Router from '@koa/router';

/** Files of the docs page under /docs/, by name -> their media type. */
export const DOCS_ASSETS: ReadonlyMap<string, string> = new Map([
  ['swagger-ui.css', 'text/css'],
  ['swagger-ui-bundle.js', 'application/javascript'],
  ['favicon-32x32.png', 'image/png'],
  ['favicon-16x16.png', 'image/png'],
  ['init.js', 'application/javascript'],
]);

/** Every path this module serves: never rate limited, and served while Redis is down. */
export const DOCS_PATHS: readonly string[] = ['/openapi.json', '/docs', ...[...DOCS_ASSETS.keys()].map((name) => `/docs/${name}`)];

const INDEX_HTML = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Sentinel API reference</title>
    <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="/docs/init.js" charset="UTF-8"></script>
  </body>
</html>
`;

/** Our initializer (the dist's own points at the petstore); a file, so no inline script is needed. */
const INIT_JS = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
  });
};
`;

interface SwaggerUiDist {
  getAbsoluteFSPath(): string;
}

export function registerDocs(router: Router, document: object): void {
  const distDir = (createRequire(import.meta.url)('swagger-ui-dist') as SwaggerUiDist).getAbsoluteFSPath();
  const documentJson = JSON.stringify(document);

  router.get('/openapi.json', (ctx) => {
    ctx.type = 'json';
    ctx.body = documentJson;
  });

  router.get('/docs', (ctx) => {
    ctx.type = 'html';
    ctx.body = INDEX_HTML;
  });

  router.get('/docs/:asset', (ctx) => {
    const name = ctx.params.asset ?? '';
    const type = DOCS_ASSETS.get(name);
    if (!type) return; // the error handler answers 404 NOT_FOUND
    ctx.type = type;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = name === 'init.js' ? INIT_JS : createReadStream(path.join(distDir, name));
  });
}
