/**
 * GET / and /playground/*: the playground's static files, bundled by `npm run build`
 * (master/scripts/build-playground.mjs) into master/dist/playground/. Mounted ahead of the Redis
 * gate and the rate limit: a page and its assets need neither Redis nor a quota.
 *
 * Only a file the build wrote is served: the requested name must be one flat file name of the
 * built directory's listing, so no path (`..`, `/`, `%2f`, `\`) can reach outside it.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';
import { HttpError } from '../http-errors.js';

/** Where the build writes the playground: master/dist/playground, from dist/ and from src/ alike. */
export const PLAYGROUND_DIR = fileURLToPath(new URL('../../dist/playground/', import.meta.url));

const ASSET_PREFIX = '/playground/';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** One flat file name: no separator, no leading dot, nothing percent-encoded. */
const FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** esbuild's `[name]-[hash]` names: their content never changes, so they are cached for good. */
const HASHED_NAME = /-[A-Z0-9]{8}\.[a-z]+$/;

/**
 * The page may load only its own bundle and talk only to this origin; CodeMirror writes its
 * styles at run time, hence inline styles.
 */
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The file a path asks for (`/` is index.html), or undefined when the path is not the playground's. */
export function playgroundFile(urlPath: string): string | undefined {
  if (urlPath === '/') return 'index.html';
  return urlPath.startsWith(ASSET_PREFIX) ? urlPath.slice(ASSET_PREFIX.length) : undefined;
}

export function servePlayground(dir: string = PLAYGROUND_DIR): Middleware {
  return async (ctx, next) => {
    const name = playgroundFile(ctx.path);
    if (name === undefined) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      throw new HttpError('METHOD_NOT_ALLOWED', `${ctx.method} is not allowed on ${ctx.path}: GET or HEAD`, { headers: { Allow: 'GET, HEAD' } });
    }
    const type = CONTENT_TYPES[path.extname(name)];
    if (!FILE_NAME.test(name) || type === undefined) throw notFound(ctx.path);
    const built = await readdir(dir).catch(() => undefined);
    if (built === undefined) throw new HttpError('NOT_FOUND', `the playground is not built (${dir} is missing): run npm run build`);
    if (!built.includes(name)) throw notFound(ctx.path);

    // The build writes a gzip copy beside each script and style sheet: sent to whoever accepts it.
    const gzipped = built.includes(`${name}.gz`);
    if (gzipped) ctx.vary('Accept-Encoding');
    const compressed = gzipped && ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
    const file = path.join(dir, compressed ? `${name}.gz` : name);
    const stats = await stat(file);
    if (compressed) ctx.set('Content-Encoding', 'gzip');
    ctx.set('Cache-Control', HASHED_NAME.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (name === 'index.html') ctx.set('Content-Security-Policy', PAGE_POLICY);
    ctx.etag = `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
    ctx.lastModified = stats.mtime;
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.type = type;
    ctx.body = await readFile(file);
  };
}

function notFound(urlPath: string): HttpError {
  return new HttpError('NOT_FOUND', `no playground file at ${urlPath}`);
}
