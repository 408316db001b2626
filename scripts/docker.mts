/**
 * npm run docker:build [-- --dry-run] [-- --only master,base,python]
 * npm run docker:push  [-- --dry-run] [-- --only ...]
 *
 * Builds (or pushes) the master image, the executor base image and one executor image per
 * installed language pack, in that order. The registry prefix and tag are those of
 * k8s-templates/deploy.config.json, overridden by SENTINEL_REGISTRY (e.g. "ghcr.io/acme/") and
 * SENTINEL_TAG; `npm run manifests` reads the same, so the images and k8s/ agree. SENTINEL_DOCKER
 * names another client (e.g. podman). A pack installed at the root from a path outside the repository
 * (`npm install /elsewhere/pack.tgz`) is copied into the images' context first
 * (generators/lib/outside-context.js). `--dry-run` prints each command as a JSON argument array
 * and runs nothing. Commands run one at a time, without a shell; the first failure stops the run.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine } from './lib/command-line.mts';
import { readDeployConfig } from '../generators/lib/config.js';
import { imagePlans } from '../generators/lib/images.js';
import { discoverPacks } from '../generators/lib/packs.js';
import { outsideSources, readRootManifest, stageOutsideSources } from '../generators/lib/outside-context.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: npm run docker:build|docker:push [-- --dry-run] [-- --only master,base,<pack id>...]';
const { values, positionals } = commandLine(USAGE, { 'dry-run': { type: 'boolean', default: false }, only: { type: 'string' } }, true);
const action = positionals[0];
if (action !== 'build' && action !== 'push') {
  console.error(USAGE);
  process.exit(2);
}

try {
  const config = readDeployConfig(path.join(root, 'k8s-templates'), process.env);
  const packs = await discoverPacks(root);
  let plans = imagePlans({ root, config, packs, docker: process.env.SENTINEL_DOCKER || 'docker' });
  if (values.only) {
    const wanted = values.only.split(',').map((name) => name.trim());
    const unknown = wanted.filter((name) => !plans.some((plan) => plan.name === name));
    if (unknown.length) throw new Error(`--only: no image ${unknown.join(', ')} (images: ${plans.map((plan) => plan.name).join(', ')})`);
    plans = plans.filter((plan) => wanted.includes(plan.name));
  }
  // Packs installed from a tarball or directory outside the repository: into the images' context.
  const outside = outsideSources(root, readRootManifest(root));
  if (action === 'build' && plans.some((plan) => plan.name === 'master' || plan.name === 'base')) {
    for (const source of outside) console.error(`${values['dry-run'] ? 'would stage' : 'staging'} ${source.name} (${source.spec}) at ${source.image} in the image context`);
    if (!values['dry-run']) stageOutsideSources(root, outside); // emptied when there is none
  }
  const commands = plans.flatMap((plan) => (action === 'build' ? [plan.build] : plan.push));
  for (const command of commands) {
    if (values['dry-run']) {
      console.log(JSON.stringify(command));
      continue;
    }
    console.log(`$ ${command.join(' ')}`);
    const code = await run(command);
    if (code !== 0) throw new Error(`${command.slice(0, 2).join(' ')} exited with ${code}: stopping`);
  }
} catch (error) {
  console.error(`docker:${action}: ${(error as Error).message}`);
  process.exit(1);
}

function run([program, ...args]: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(program!, args, { stdio: 'inherit', shell: false });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
