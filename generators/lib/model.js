// @ts-check
/**
 * What the templates are given: every number computed here, from the pack, core's limit rules and
 * the deploy config, so the templates only place values. The executor pod's memory covers its
 * concurrent jobs at their limits plus the executor itself; its termination grace period covers
 * the longest job it may be running when Kubernetes stops it, so scale-down drains.
 */
import {
  DEFAULT_COMPILE_LIMITS,
  DEFAULT_MAXIMUMS,
  queueKeys,
  resolveLimits,
} from '@sentinel/core';

/** @typedef {import('@sentinel/core').ResolvedPack} ResolvedPack */
/** @typedef {import('@sentinel/core').Limits} Limits */
/** @typedef {import('./config.js').DeployConfig} DeployConfig */

/** Executor start-up per test run (sandbox, cgroup, process) allowed for in the grace period, ms. */
export const RUN_OVERHEAD_MS = 250;
/** Added to the longest job for Bull and Redis to be closed cleanly, seconds. */
export const DRAIN_MARGIN_SECONDS = 30;
/** Where the executor's job directories live: an emptyDir, the root file system being read-only. */
export const WORK_VOLUME_PATH = '/var/lib/sentinel';

/** The operator maximums the deployment runs with: core's defaults, overridden by the config. @param {DeployConfig} config */
export function maximums(config) {
  return /** @type {Limits} */ ({ ...DEFAULT_MAXIMUMS, ...config.limits.maximums });
}

/** Limits of one test run and of the compile step of `pack` under the config's maximums. @param {ResolvedPack} pack @param {DeployConfig} config */
export function packLimits(pack, config) {
  const max = maximums(config);
  const run = resolveLimits({ maximums: max, pack: pack.limits });
  const compileDefaults = { ...DEFAULT_COMPILE_LIMITS, wallMs: config.limits.compileWallMs };
  const compile = pack.compile ? resolveLimits({ maximums: max, defaults: compileDefaults, pack: pack.compileLimits }) : undefined;
  return { run, compile };
}

/**
 * The longest a job of `pack` may take: its compile at the compile wall-clock limit, then every
 * allowed test case at the run wall-clock limit (a request may only lower them), each with the
 * sandbox's start-up.
 * @param {ResolvedPack} pack @param {DeployConfig} config
 */
export function longestJobMs(pack, config) {
  const { run, compile } = packLimits(pack, config);
  return (compile?.wallMs ?? 0) + config.limits.maxTestCases * (run.wallMs + RUN_OVERHEAD_MS);
}

/** Image of a pack's executor, of the executor base, or of the master. @param {DeployConfig} config @param {string} name */
export function imageName(config, name) {
  return `${config.registry}${name}:${config.tag}`;
}

export const executorImage = (/** @type {string} */ id) => `sentinel-executor-${id}`;

/** Labels every object of one component carries. @param {string} component @param {Record<string, string>} [extra] */
function labels(component, extra = {}) {
  return { 'app.kubernetes.io/name': `sentinel-${component}`, 'app.kubernetes.io/component': component, 'app.kubernetes.io/part-of': 'sentinel', ...extra };
}

/** Values of the templates every deployment has (namespace, Redis, master, policies). @param {DeployConfig} config */
export function globalModel(config) {
  const max = maximums(config);
  return {
    config,
    namespace: config.namespace,
    masterImage: imageName(config, 'sentinel-master'),
    // KEDA's operator runs in its own namespace: it needs the full name.
    redisHost: `sentinel-redis.${config.namespace}.svc.${config.clusterDomain}`,
    labels: { master: labels('master'), redis: labels('redis') },
    // Redis refuses writes at 80% of its container's memory instead of being killed at 100%.
    redisMaxMemory: `${Math.floor(quantityBytes(config.redis.memory) * 0.8 / 1024 / 1024)}mb`,
    // The optional Ingress (k8s-templates/optional/35-ingress.yaml.hbs): cert-manager's annotation
    // when it issues the certificate, after the operator's own annotations.
    ingressHosts: [config.ingress.host],
    ingressAnnotations: ingressAnnotations(config),
    // Read by the master and by every executor: requests above them are refused by the first and
    // capped by the second, and the grace periods below are computed from the same numbers.
    sharedEnv: {
      SENTINEL_MAX_WALL_MS: String(max.wallMs),
      SENTINEL_MAX_CPU_MS: String(max.cpuMs),
      SENTINEL_MAX_MEMORY_MB: String(max.memoryMb),
      SENTINEL_MAX_PROCESSES: String(max.processes),
      SENTINEL_MAX_OUTPUT_KB: String(max.outputKb),
      SENTINEL_MAX_FILE_KB: String(max.fileSizeKb),
      MAX_TEST_CASES: String(config.limits.maxTestCases),
      SENTINEL_COMPILE_WALL_MS: String(config.limits.compileWallMs),
    },
  };
}

/** @param {DeployConfig} config @returns {Record<string, string> | null} */
function ingressAnnotations(config) {
  const { annotations, certManagerClusterIssuer } = config.ingress;
  const all = { ...annotations, ...(certManagerClusterIssuer ? { 'cert-manager.io/cluster-issuer': certManagerClusterIssuer } : {}) };
  return Object.keys(all).length ? all : null;
}

/** Values of one pack's executor Deployment, ScaledObject and NetworkPolicy. @param {ResolvedPack} pack @param {DeployConfig} config */
export function packModel(pack, config) {
  const override = config.executor.packs[pack.id] ?? {};
  const concurrency = override.concurrency ?? config.executor.concurrency;
  const overheadMb = override.overheadMb ?? config.executor.overheadMb;
  const { run, compile } = packLimits(pack, config);
  const slotMb = Math.max(run.memoryMb, compile?.memoryMb ?? 0);
  const memoryMb = concurrency * slotMb + overheadMb;
  const keys = queueKeys(pack.id);
  return {
    id: pack.id,
    packageName: pack.packageName,
    name: `sentinel-executor-${pack.id}`,
    image: imageName(config, executorImage(pack.id)),
    labels: labels('executor', { 'sentinel/language': pack.id }),
    selector: { 'app.kubernetes.io/name': 'sentinel-executor', 'sentinel/language': pack.id },
    concurrency,
    maxReplicas: override.maxReplicas ?? config.executor.maxReplicas,
    slotMb,
    memory: `${memoryMb}Mi`,
    cpu: cpuTimes(override.cpuPerSlot ?? config.executor.cpuPerSlot, concurrency),
    longestJobSeconds: Math.ceil(longestJobMs(pack, config) / 1000),
    terminationGracePeriodSeconds: Math.ceil(longestJobMs(pack, config) / 1000) + DRAIN_MARGIN_SECONDS,
    workDir: `${WORK_VOLUME_PATH}/jobs`,
    workVolumeSize: `${concurrency * 96 + 64}Mi`,
    waitList: keys.wait,
    activeList: keys.active,
    runLimits: run,
    compileLimits: compile ?? null,
  };
}

/** A memory quantity ("512Mi", "1Gi", "1G", "1000000") in bytes. @param {string} quantity */
function quantityBytes(quantity) {
  const units = /** @type {Record<string, number>} */ ({ '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 });
  const match = /^([0-9]+(?:\.[0-9]+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!match) throw new Error(`deploy config: redis.memory ${quantity} is not a memory quantity`);
  return Number(match[1]) * (units[match[2] ?? ''] ?? 1);
}

/** `quantity` (cores or millicores) times `n`, in millicores. @param {string} quantity @param {number} n */
function cpuTimes(quantity, n) {
  const millis = quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
  return `${Math.ceil(millis * n)}m`;
}
