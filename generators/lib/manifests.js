// @ts-check
/**
 * k8s/ as a whole: the deploy config, the installed packs and the templates, rendered. Used by
 * `npm run manifests` to write it and by the tests to check it has not drifted.
 */
import path from 'node:path';
import nodePlop from 'node-plop';
import { readDeployConfig } from './config.js';
import { discoverPacks } from './packs.js';
import { renderAll } from './render.js';

/**
 * @param {{ root: string, env?: NodeJS.ProcessEnv }} options
 *   root: the repository (plopfile.js, k8s-templates/, language-packs/, node_modules/);
 *   env: where SENTINEL_REGISTRY and SENTINEL_TAG may come from (default: none).
 */
export async function renderRepository({ root, env = {} }) {
  const plop = await nodePlop(path.join(root, 'plopfile.js'), { destBasePath: root, force: false });
  const templatesDir = path.join(root, 'k8s-templates');
  const config = readDeployConfig(templatesDir, env);
  const packs = await discoverPacks(root);
  return { config, packs, files: renderAll(plop, { templatesDir, config, packs }) };
}
