// @ts-check
/**
 * The deploy configuration: k8s-templates/deploy.config.json, read and checked once, with the
 * image registry and tag overridable from the environment (SENTINEL_REGISTRY, SENTINEL_TAG) so a
 * build for another registry never needs an edit. Shared by the manifests, the generator and the
 * image scripts; a bad value is a DeployConfigError naming the field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {{ type: 'Localhost', localhostProfile: string } | { type: 'RuntimeDefault' | 'Unconfined' }} Profile
 * @typedef {{ concurrency?: number, maxReplicas?: number, cpuPerSlot?: string, overheadMb?: number }} PackOverride
 * @typedef {{
 *   namespace: string,
 *   clusterDomain: string,
 *   registry: string,
 *   tag: string,
 *   imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never',
 *   limits: { maxTestCases: number, compileWallMs: number, maximums: Partial<Record<string, number>> },
 *   redis: { image: string, storage: string, storageClassName: string | null, memory: string },
 *   master: { replicas: number, maxReplicas: number, cpuTargetPercent: number, cpu: string, memory: string, memoryLimit: string },
 *   executor: {
 *     concurrency: number, maxReplicas: number, activationJobs: number, pollingInterval: number,
 *     cooldownPeriod: number, cpuPerSlot: string, overheadMb: number, runAsUser: number,
 *     cgroup: 'auto' | 'v1' | 'v2' | 'off', runtimeClassName: string | null,
 *     seccompProfile: Profile, appArmorProfile: Profile | null, packs: Record<string, PackOverride>,
 *   },
 *   keda: { namespace: string },
 *   ingress: {
 *     enabled: boolean, host: string, className: string | null, tlsSecretName: string,
 *     certManagerClusterIssuer: string | null, annotations: Record<string, string>,
 *   },
 * }} DeployConfig
 */

export class DeployConfigError extends Error {
  /** @param {string} field @param {string} problem */
  constructor(field, problem) {
    super(`deploy config: ${field} ${problem}`);
    this.name = 'DeployConfigError';
    this.code = 'DEPLOY_CONFIG_INVALID';
    this.field = field;
  }
}

export const CONFIG_FILE = 'deploy.config.json';

const LIMIT_NAMES = ['wallMs', 'cpuMs', 'memoryMb', 'processes', 'outputKb', 'fileSizeKb'];
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const quantity = /^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const image = /^[a-z0-9][a-z0-9._\-/:@]*$/i;

/**
 * Reads `<templatesDir>/deploy.config.json` and applies SENTINEL_REGISTRY / SENTINEL_TAG from `env`.
 * @param {string} templatesDir @param {NodeJS.ProcessEnv} [env]
 */
export function readDeployConfig(templatesDir, env = process.env) {
  const file = path.join(templatesDir, CONFIG_FILE);
  /** @type {Record<string, unknown>} */
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  if (env.SENTINEL_REGISTRY !== undefined) raw.registry = env.SENTINEL_REGISTRY;
  if (env.SENTINEL_TAG !== undefined && env.SENTINEL_TAG !== '') raw.tag = env.SENTINEL_TAG;
  return checkDeployConfig(raw);
}

/**
 * Checks every field (unknown ones too: a misspelt key must not be silently ignored) and returns
 * the config with the registry normalized to end in "/" (or be empty).
 * @param {Record<string, unknown>} raw
 * @returns {DeployConfig}
 */
export function checkDeployConfig(raw) {
  const c = /** @type {DeployConfig} */ (/** @type {unknown} */ (raw));
  keys(raw, '', ['$comment', 'namespace', 'clusterDomain', 'registry', 'tag', 'imagePullPolicy', 'limits', 'redis', 'master', 'executor', 'keda', 'ingress']);
  match(c.namespace, 'namespace', dnsLabel);
  match(c.clusterDomain, 'clusterDomain', /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
  if (typeof c.registry !== 'string' || !/^([a-z0-9][a-z0-9.\-:/_]*)?$/i.test(c.registry)) throw new DeployConfigError('registry', 'must be empty or a registry prefix such as "ghcr.io/acme/"');
  match(c.tag, 'tag', /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/);
  oneOf(c.imagePullPolicy, 'imagePullPolicy', ['Always', 'IfNotPresent', 'Never']);

  keys(c.limits, 'limits', ['maxTestCases', 'compileWallMs', 'maximums']);
  int(c.limits.maxTestCases, 'limits.maxTestCases', 0);
  int(c.limits.compileWallMs, 'limits.compileWallMs', 1);
  keys(c.limits.maximums, 'limits.maximums', LIMIT_NAMES);
  for (const [name, value] of Object.entries(c.limits.maximums)) int(value, `limits.maximums.${name}`, 1);

  keys(c.redis, 'redis', ['image', 'storage', 'storageClassName', 'memory']);
  match(c.redis.image, 'redis.image', image);
  match(c.redis.storage, 'redis.storage', quantity);
  if (c.redis.storageClassName !== null) match(c.redis.storageClassName, 'redis.storageClassName', /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  match(c.redis.memory, 'redis.memory', quantity);

  keys(c.master, 'master', ['replicas', 'maxReplicas', 'cpuTargetPercent', 'cpu', 'memory', 'memoryLimit']);
  int(c.master.replicas, 'master.replicas', 2);
  int(c.master.maxReplicas, 'master.maxReplicas', c.master.replicas);
  int(c.master.cpuTargetPercent, 'master.cpuTargetPercent', 1);
  for (const field of /** @type {const} */ (['cpu', 'memory', 'memoryLimit'])) match(c.master[field], `master.${field}`, quantity);

  const e = c.executor;
  keys(e, 'executor', ['concurrency', 'maxReplicas', 'activationJobs', 'pollingInterval', 'cooldownPeriod', 'cpuPerSlot', 'overheadMb', 'runAsUser', 'cgroup', 'runtimeClassName', 'seccompProfile', 'appArmorProfile', 'packs']);
  int(e.concurrency, 'executor.concurrency', 1);
  int(e.maxReplicas, 'executor.maxReplicas', 1);
  int(e.activationJobs, 'executor.activationJobs', 0);
  int(e.pollingInterval, 'executor.pollingInterval', 1);
  int(e.cooldownPeriod, 'executor.cooldownPeriod', 0);
  match(e.cpuPerSlot, 'executor.cpuPerSlot', quantity);
  int(e.overheadMb, 'executor.overheadMb', 64);
  int(e.runAsUser, 'executor.runAsUser', 1);
  oneOf(e.cgroup, 'executor.cgroup', ['auto', 'v1', 'v2', 'off']);
  if (e.runtimeClassName !== null) match(e.runtimeClassName, 'executor.runtimeClassName', /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  profile(e.seccompProfile, 'executor.seccompProfile');
  if (e.appArmorProfile !== null) profile(e.appArmorProfile, 'executor.appArmorProfile');
  keys(e.packs, 'executor.packs', Object.keys(e.packs));
  for (const [id, override] of Object.entries(e.packs)) {
    keys(override, `executor.packs.${id}`, ['concurrency', 'maxReplicas', 'cpuPerSlot', 'overheadMb']);
    if (override.concurrency !== undefined) int(override.concurrency, `executor.packs.${id}.concurrency`, 1);
    if (override.maxReplicas !== undefined) int(override.maxReplicas, `executor.packs.${id}.maxReplicas`, 1);
    if (override.cpuPerSlot !== undefined) match(override.cpuPerSlot, `executor.packs.${id}.cpuPerSlot`, quantity);
    if (override.overheadMb !== undefined) int(override.overheadMb, `executor.packs.${id}.overheadMb`, 64);
  }

  keys(c.keda, 'keda', ['namespace']);
  match(c.keda.namespace, 'keda.namespace', dnsLabel);

  const i = c.ingress;
  keys(i, 'ingress', ['enabled', 'host', 'className', 'tlsSecretName', 'certManagerClusterIssuer', 'annotations']);
  if (typeof i.enabled !== 'boolean') throw new DeployConfigError('ingress.enabled', 'must be true or false');
  // A TLS certificate names a host: no wildcard-less empty host, no IP address.
  match(i.host, 'ingress.host', /^(?=.{1,253}$)(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\.[a-z]([-a-z0-9]*[a-z0-9])?$/);
  if (i.className !== null) match(i.className, 'ingress.className', /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  match(i.tlsSecretName, 'ingress.tlsSecretName', /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  if (i.certManagerClusterIssuer !== null) match(i.certManagerClusterIssuer, 'ingress.certManagerClusterIssuer', /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  keys(i.annotations, 'ingress.annotations', Object.keys(i.annotations));
  for (const [name, value] of Object.entries(i.annotations)) {
    match(name, `ingress.annotations key ${JSON.stringify(name)}`, /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/);
    if (typeof value !== 'string') throw new DeployConfigError(`ingress.annotations.${name}`, 'must be a string');
  }

  return { ...c, registry: c.registry === '' || c.registry.endsWith('/') ? c.registry : `${c.registry}/` };
}

/** @param {unknown} value @param {string} field @param {readonly string[]} allowed */
function keys(value, field, allowed) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DeployConfigError(field || '(root)', 'must be an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new DeployConfigError(field ? `${field}.${key}` : key, `is not a known field (known: ${allowed.join(', ')})`);
  }
}

/** @param {unknown} value @param {string} field @param {number} min */
function int(value, field, min) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new DeployConfigError(field, `must be an integer >= ${min}`);
}

/** @param {unknown} value @param {string} field @param {RegExp} pattern */
function match(value, field, pattern) {
  if (typeof value !== 'string' || !pattern.test(value)) throw new DeployConfigError(field, `must match ${pattern}`);
}

/** @param {unknown} value @param {string} field @param {readonly string[]} values */
function oneOf(value, field, values) {
  if (typeof value !== 'string' || !values.includes(value)) throw new DeployConfigError(field, `must be one of ${values.join(', ')}`);
}

/** @param {Profile} value @param {string} field */
function profile(value, field) {
  keys(value, field, ['type', 'localhostProfile']);
  oneOf(value.type, `${field}.type`, ['Localhost', 'RuntimeDefault', 'Unconfined']);
  if (value.type === 'Localhost') match(value.localhostProfile, `${field}.localhostProfile`, /^[A-Za-z0-9_.\-/]+$/);
  else if ('localhostProfile' in value) throw new DeployConfigError(`${field}.localhostProfile`, 'is only allowed with type Localhost');
}
