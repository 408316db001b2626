// @ts-check
/**
 * The container images and the docker commands that build and push them: the master, the
 * executor base, and one executor image per installed pack built FROM the base. Registry prefix and
 * tag come from the deploy config (or SENTINEL_REGISTRY / SENTINEL_TAG), the same ones the
 * manifests use. Commands are argument arrays, run without a shell.
 */
import path from 'node:path';
import { executorImage, imageName } from './model.js';

/** @typedef {import('@sentinel/core').ResolvedPack} ResolvedPack */
/** @typedef {import('./config.js').DeployConfig} DeployConfig */
/** @typedef {{ name: string, image: string, build: string[], push: string[][] }} ImagePlan */

export const BASE_IMAGE = 'sentinel-executor-base';

/**
 * Every image, in build order (the base before the packs built FROM it).
 * @param {{ root: string, config: DeployConfig, packs: readonly ResolvedPack[], docker?: string }} options
 * @returns {ImagePlan[]}
 */
export function imagePlans({ root, config, packs, docker = 'docker' }) {
  // Every pack builds FROM ${REGISTRY}sentinel-executor-base:${BASE_TAG}, the base of this very run:
  // no `:latest` tag, which could let a pack build on a stale base.
  const base = imageName(config, BASE_IMAGE);
  const master = imageName(config, 'sentinel-master');
  return [
    {
      name: 'master',
      image: master,
      build: [docker, 'build', '--file', path.join(root, 'master', 'Dockerfile'), '--tag', master, root],
      push: [[docker, 'push', master]],
    },
    {
      name: 'base',
      image: base,
      build: [docker, 'build', '--file', path.join(root, 'executor', 'Dockerfile'), '--tag', base, root],
      push: [[docker, 'push', base]],
    },
    ...packs.map((pack) => {
      const image = imageName(config, executorImage(pack.id));
      return {
        name: pack.id,
        image,
        build: [docker, 'build', '--file', pack.dockerfilePath, '--build-arg', `REGISTRY=${config.registry}`, '--build-arg', `BASE_TAG=${config.tag}`, '--tag', image, pack.packageDir],
        push: [[docker, 'push', image]],
      };
    }),
  ];
}
