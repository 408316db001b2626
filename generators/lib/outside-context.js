// @ts-check
/**
 * Packages the repository installs from a path outside itself, and how the image builds get them.
 * `npm install /elsewhere/sentinel-lang-x-0.1.0.tgz` at the root writes
 * `"sentinel-lang-x": "file:../elsewhere/sentinel-lang-x-0.1.0.tgz"` into package.json and
 * package-lock.json. The master and executor-base images build from the repository root (their
 * context) and run `npm ci` in /app, where that path is /elsewhere/...: outside the context, so
 * npm failed with ENOENT. `npm run docker:build` copies each such file or directory into
 * STAGE_DIR, at the path it has relative to /app, and both Dockerfiles copy STAGE_DIR to / before
 * `npm ci`; the manifests keep their specs, so the lockfile's integrity still holds.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Inside the repository (so inside the image context); ignored by git. */
export const STAGE_DIR = '.sentinel-image-context';
/** The directory the Dockerfiles run `npm ci` in. */
export const IMAGE_APP_DIR = '/app';

/** @typedef {{ name: string, spec: string, host: string, image: string }} OutsideSource */

/**
 * The root manifest's `file:` dependencies that resolve outside `root`: where each is on the host
 * and where `npm ci` looks for it in the image.
 * @param {string} root
 * @param {{ dependencies?: Record<string, string>, devDependencies?: Record<string, string>, optionalDependencies?: Record<string, string> }} manifest
 * @returns {OutsideSource[]}
 */
export function outsideSources(root, manifest) {
  /** @type {OutsideSource[]} */
  const sources = [];
  for (const deps of [manifest.dependencies, manifest.optionalDependencies, manifest.devDependencies]) {
    for (const [name, spec] of Object.entries(deps ?? {})) {
      if (!spec.startsWith('file:')) continue;
      const relative = spec.slice('file:'.length);
      const host = path.resolve(root, relative);
      const inside = path.relative(root, host);
      if (inside && !inside.startsWith('..') && !path.isAbsolute(inside)) continue;
      sources.push({ name, spec, host, image: path.posix.resolve(IMAGE_APP_DIR, relative.split(path.sep).join('/')) });
    }
  }
  return sources;
}

/**
 * Copies each outside source into `root`/STAGE_DIR at its image path (emptied first: nothing of a
 * previous run stays). A directory is copied without its node_modules. Throws naming a missing one.
 * @param {string} root
 * @param {readonly OutsideSource[]} sources
 */
export function stageOutsideSources(root, sources) {
  const stage = path.join(root, STAGE_DIR);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const source of sources) {
    if (!existsSync(source.host)) {
      throw new Error(`${source.name} is installed from ${source.spec}, but ${source.host} is not there: put it back, or npm install the pack again`);
    }
    const target = path.join(stage, source.image);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(source.host, target, { recursive: true, filter: (from) => path.basename(from) !== 'node_modules' });
  }
  return stage;
}

/** The root package.json of `root`. @param {string} root */
export function readRootManifest(root) {
  return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
}
