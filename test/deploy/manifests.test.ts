/**
 * k8s/: every object validates against the Kubernetes and KEDA schemas and names no field they do
 * not know; it is exactly what `npm run manifests` renders; the templates rendered with every
 * option of the deploy config validate too; and what the deployment promises holds (scale to zero
 * on waiting + active jobs, drain on scale-down, the sandbox's pod settings, the network policies).
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodePlop from 'node-plop';
import { DEFAULT_COMPILE_LIMITS, DEFAULT_MAXIMUMS, DEFAULT_REQUEST_BOUNDS, type ResolvedPack } from '@sentinel/core';
import { checkDeployConfig, readDeployConfig } from '../../generators/lib/config.js';
import { renderRepository } from '../../generators/lib/manifests.js';
import { renderAll } from '../../generators/lib/render.js';
import { objectsOf, StrictChecker, validateObject, type K8sObject, type Located } from './schemas.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const k8sDir = path.join(root, 'k8s');
const templatesDir = path.join(root, 'k8s-templates');
const strict = new StrictChecker();

const committed = new Map(readdirSync(k8sDir).sort().map((name) => [name, readFileSync(path.join(k8sDir, name), 'utf8')]));
const committedObjects: Located[] = [...committed].filter(([name]) => name.endsWith('.yaml')).flatMap(([name, content]) => objectsOf(`k8s/${name}`, content));
const rendering = renderRepository({ root });

const find = (kind: string, name: string, objects = committedObjects): K8sObject => {
  const found = objects.find(({ object }) => object.kind === kind && object.metadata?.name === name)?.object;
  if (!found) throw new Error(`no ${kind}/${name} in k8s/`);
  return found;
};

test('every object in k8s/ validates against the Kubernetes and KEDA models', async (t) => {
  t.true(committedObjects.length > 10);
  for (const located of committedObjects) await validateObject(located);
  t.pass();
});

test('no object in k8s/ has a field the schemas do not know (strictness check)', (t) => {
  t.deepEqual(strict.check(committedObjects), []);
});

test('k8s/ is exactly what npm run manifests renders', async (t) => {
  const { files, packs } = await rendering;
  t.deepEqual([...committed.keys()].sort(), [...files.keys()].sort(), 'the same files (npm run manifests renders k8s/ anew)');
  for (const [name, content] of files) t.is(committed.get(name), content, `k8s/${name} differs from its rendering: run npm run manifests`);
  for (const pack of packs) t.true(committed.has(`50-executor-${pack.id}.yaml`), `${pack.id} has its manifests`);
});

test('the strictness check catches misspelt fields that the models let through', async (t) => {
  const deployment = structuredClone(find('Deployment', 'sentinel-master'));
  deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
  const scaled = structuredClone(committedObjects.find(({ object }) => object.kind === 'ScaledObject')!.object);
  scaled.spec.advanced.scalingModifers = scaled.spec.advanced.scalingModifiers;
  scaled.spec.advanced.scalingModifiers = { ...scaled.spec.advanced.scalingModifiers, target: 'lots', metricTyp: 'Value' };
  scaled.spec.triggers[0].metadata.listLenght = '2';
  const wrong = [{ file: 'a.yaml', object: deployment }, { file: 'b.yaml', object: scaled }];
  for (const located of wrong) await t.notThrowsAsync(validateObject(located), 'the model alone accepts it');
  const problems = strict.check(wrong);
  t.true(problems.some((p) => p.startsWith('a.yaml Deployment/sentinel-master') && p.includes('readOnlyRootFileSystem')), problems.join('\n'));
  t.true(problems.some((p) => p.startsWith('b.yaml ScaledObject/') && p.includes('scalingModifers')), problems.join('\n'));
  t.true(problems.some((p) => p.includes('"listLenght" is not a parameter')), problems.join('\n'));
  t.true(problems.some((p) => p.includes('scalingModifiers.target "lots" is not valid')), problems.join('\n'));
  t.true(problems.some((p) => p.includes('scalingModifiers "metricTyp" is not a field KEDA knows')), problems.join('\n'));
  const typed = structuredClone(find('Deployment', 'sentinel-master'));
  typed.spec.template.spec.terminationGracePeriodSeconds = '30';
  await t.throwsAsync(validateObject({ file: 'c.yaml', object: typed }), undefined, 'the model catches a wrong type');
  const typeProblems = strict.check([{ file: 'c.yaml', object: typed }]);
  t.true(typeProblems.some((p) => p.startsWith('c.yaml Deployment/sentinel-master') && p.includes('terminationGracePeriodSeconds')), typeProblems.join('\n'));
});

test('the templates rendered with every option of the deploy config validate strictly', async (t) => {
  const { packs } = await rendering;
  const plop = await nodePlop(path.join(root, 'plopfile.js'), { destBasePath: root, force: false });
  const base = JSON.parse(readFileSync(path.join(templatesDir, 'deploy.config.json'), 'utf8'));
  const variants = [
    { ...base, registry: 'registry.example.com/sentinel', tag: '2.0.0', imagePullPolicy: 'Always' },
    {
      ...base,
      namespace: 'judge',
      limits: { maxTestCases: 20, compileWallMs: 10_000, maximums: { wallMs: 10_000, memoryMb: 512 } },
      redis: { ...base.redis, storageClassName: 'fast-ssd' },
      executor: { ...base.executor, runtimeClassName: 'gvisor', appArmorProfile: null, seccompProfile: { type: 'Unconfined' }, cgroup: 'off', packs: { python: { concurrency: 4, maxReplicas: 50 } } },
      keda: { namespace: 'keda-system' },
    },
  ];
  for (const [index, raw] of variants.entries()) {
    const config = checkDeployConfig(raw);
    const files = renderAll(plop, { templatesDir, config, packs });
    const objects = [...files].filter(([name]) => name.endsWith('.yaml')).flatMap(([name, content]) => objectsOf(`variant${index}/${name}`, content));
    for (const located of objects) await validateObject(located);
    t.deepEqual(strict.check(objects), [], `variant ${index}`);
    if (index === 1) {
      const python = find('Deployment', 'sentinel-executor-python', objects);
      t.is(python.spec.template.spec.runtimeClassName, 'gvisor');
      t.is(python.spec.template.spec.securityContext.appArmorProfile, undefined);
      t.is(python.metadata?.namespace, 'judge');
      t.is(find('ScaledObject', 'sentinel-executor-python', objects).spec.maxReplicaCount, 50);
    }
  }
});

test('a bad deploy config is refused, naming the field', (t) => {
  const base = JSON.parse(readFileSync(path.join(templatesDir, 'deploy.config.json'), 'utf8'));
  t.throws(() => checkDeployConfig({ ...base, executor: { ...base.executor, maxReplica: 3 } }), { message: 'deploy config: executor.maxReplica is not a known field (known: concurrency, maxReplicas, activationJobs, pollingInterval, cooldownPeriod, cpuPerSlot, overheadMb, runAsUser, cgroup, runtimeClassName, seccompProfile, appArmorProfile, packs)' });
  t.throws(() => checkDeployConfig({ ...base, master: { ...base.master, replicas: 1 } }), { message: 'deploy config: master.replicas must be an integer >= 2' });
  t.is(readDeployConfig(templatesDir, { SENTINEL_REGISTRY: 'ghcr.io/acme', SENTINEL_TAG: '9' }).registry, 'ghcr.io/acme/');
});

test('each executor scales from zero on waiting + active jobs and drains before it is stopped', async (t) => {
  const { packs } = await rendering;
  t.true(packs.length >= 5);
  const auth = find('TriggerAuthentication', 'sentinel-redis');
  t.deepEqual(auth.spec.secretTargetRef, [{ parameter: 'password', name: 'sentinel-redis', key: 'password' }]);
  for (const pack of packs) {
    const name = `sentinel-executor-${pack.id}`;
    const scaled = find('ScaledObject', name).spec;
    t.is(scaled.scaleTargetRef.name, name);
    t.is(scaled.minReplicaCount, 0);
    t.true(scaled.maxReplicaCount >= 1);
    t.true(scaled.cooldownPeriod > 0);
    const lists = Object.fromEntries(scaled.triggers.map((trigger: any) => [trigger.name, trigger.metadata.listName]));
    t.deepEqual(lists, { wait: `bull:${pack.id}:wait`, active: `bull:${pack.id}:active` });
    t.is(scaled.advanced.scalingModifiers.formula, 'wait + active', 'KEDA takes the max of triggers: the formula adds them');
    for (const trigger of scaled.triggers) t.is(trigger.authenticationRef.name, 'sentinel-redis');

    const deployment = find('Deployment', name).spec;
    t.is(deployment.replicas, undefined, 'KEDA owns the replica count');
    const pod = deployment.template.spec;
    t.true(pod.terminationGracePeriodSeconds * 1000 >= longestJobMs(pack), `${pack.id}: grace ${pod.terminationGracePeriodSeconds} s`);
    const container = pod.containers[0];
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    t.is(env.SENTINEL_LANGUAGES, pack.id);
    t.deepEqual(env.REDIS_PASSWORD, { secretKeyRef: { name: 'sentinel-redis', key: 'password' } });
    const concurrency = Number(env.SENTINEL_CONCURRENCY);
    const memoryMi = Number(String(container.resources.limits.memory).replace(/Mi$/, ''));
    t.is(container.resources.requests.memory, container.resources.limits.memory);
    t.true(memoryMi >= concurrency * packMemoryMb(pack) + 128, `${pack.id}: ${memoryMi} MiB for ${concurrency} x ${packMemoryMb(pack)} MiB`);
    t.is(scaled.advanced.scalingModifiers.target, String(concurrency));
  }
});

test('executor pods are unprivileged and set up for the sandbox', async (t) => {
  const { packs } = await rendering;
  for (const pack of packs) {
    const pod = find('Deployment', `sentinel-executor-${pack.id}`).spec.template.spec;
    t.is(pod.hostUsers, false);
    t.is(pod.automountServiceAccountToken, false);
    t.is(pod.securityContext.runAsNonRoot, true);
    t.true(pod.securityContext.runAsUser > 0);
    t.is(pod.securityContext.seccompProfile.type, 'Localhost');
    t.is(pod.securityContext.seccompProfile.localhostProfile, 'sentinel/sentinel-executor.json');
    t.deepEqual(pod.securityContext.appArmorProfile, { type: 'Localhost', localhostProfile: 'sentinel-executor' });
    const security = pod.containers[0].securityContext;
    t.like(security, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, procMount: 'Unmasked', capabilities: { drop: ['ALL'] } });
    t.is(security.privileged, undefined);
    const mounts = pod.containers[0].volumeMounts.map((m: any) => m.mountPath).sort();
    t.deepEqual(mounts, ['/tmp', '/var/lib/sentinel']);
    t.true(pod.volumes.every((v: any) => v.emptyDir !== undefined));
  }
});

test('Prometheus scrapes the master and every executor: annotations name the port that serves /metrics', async (t) => {
  const { packs } = await rendering;
  const scraped = (name: string) => find('Deployment', name).spec.template;
  const master = scraped('sentinel-master');
  t.deepEqual(master.metadata.annotations, { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8910', 'prometheus.io/path': '/metrics' });
  t.true(master.spec.containers[0].ports.some((p: any) => p.containerPort === 8910));
  for (const pack of packs) {
    const executor = scraped(`sentinel-executor-${pack.id}`);
    t.deepEqual(executor.metadata.annotations, { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9101', 'prometheus.io/path': '/metrics' });
    const container = executor.spec.containers[0];
    t.deepEqual(container.ports, [{ name: 'metrics', containerPort: 9101, protocol: 'TCP' }]);
    t.is(container.env.find((e: any) => e.name === 'SENTINEL_METRICS_PORT')?.value, '9101');
  }
});

test('the seccomp profile the executors name allows what bubblewrap needs and refuses the rest', (t) => {
  const profile = JSON.parse(readFileSync(path.join(templatesDir, 'seccomp', 'sentinel-executor.json'), 'utf8'));
  t.is(profile.defaultAction, 'SCMP_ACT_ALLOW');
  t.deepEqual(profile.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_AARCH64']);
  const refused = new Set<string>(profile.syscalls.flatMap((rule: { names: string[]; action: string }) => (rule.action === 'SCMP_ACT_ALLOW' ? [] : rule.names)));
  for (const needed of ['clone', 'clone3', 'unshare', 'setns', 'mount', 'umount2', 'pivot_root', 'chroot', 'sethostname', 'seccomp', 'prctl']) t.false(refused.has(needed), needed);
  for (const denied of ['ptrace', 'bpf', 'kexec_load', 'init_module', 'perf_event_open', 'userfaultfd', 'keyctl', 'open_by_handle_at', 'io_uring_setup']) t.true(refused.has(denied), denied);
  for (const rule of profile.syscalls) t.true(['SCMP_ACT_ERRNO'].includes(rule.action) && Number.isInteger(rule.errnoRet));
});

test('network policies: default deny; executors reach only Redis and DNS, and only their metrics port is reached', async (t) => {
  const { packs } = await rendering;
  const deny = find('NetworkPolicy', 'sentinel-default-deny').spec;
  t.deepEqual(deny, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  for (const pack of packs) {
    const policy = find('NetworkPolicy', `sentinel-executor-${pack.id}`).spec;
    t.deepEqual(policy.podSelector.matchLabels, { 'app.kubernetes.io/name': 'sentinel-executor', 'sentinel/language': pack.id });
    t.deepEqual(policy.ingress, [{ ports: [{ protocol: 'TCP', port: 9101 }] }], 'only the metrics port');
    t.is(policy.egress.length, 2);
    t.deepEqual(policy.egress[0].to, [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'sentinel-redis' } } }]);
    t.deepEqual(policy.egress[1].ports.map((p: any) => p.port), [53, 53]);
  }
  const redis = find('NetworkPolicy', 'sentinel-redis').spec;
  t.deepEqual(redis.egress, []);
  t.is(redis.ingress[0].from.length, 3, 'master, executors, KEDA');
  const master = find('NetworkPolicy', 'sentinel-master').spec;
  t.deepEqual(master.ingress, [{ ports: [{ protocol: 'TCP', port: 8910 }] }]);
  // Webhook callbacks: public addresses only (private, loopback and link-local ranges excepted).
  const [v4, v6] = master.egress[2].to.map((to: any) => to.ipBlock);
  t.like(v4, { cidr: '0.0.0.0/0' });
  for (const range of ['10.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16']) t.true(v4.except.includes(range), range);
  t.like(v6, { cidr: '::/0' });
  for (const range of ['::1/128', 'fc00::/7', 'fe80::/10']) t.true(v6.except.includes(range), range);
});

test('static objects: namespace, Redis with its append-only file, master, Service on 8910, PDB, HPA, no Secret', (t) => {
  t.is(find('Namespace', 'sentinel').kind, 'Namespace');
  t.false(committedObjects.some(({ object }) => object.kind === 'Secret'), 'the Secret is created by hand (docs/deploy.md)');
  const redis = find('StatefulSet', 'sentinel-redis').spec;
  const args: string[] = redis.template.spec.containers[0].args;
  t.is(args[args.indexOf('--appendonly') + 1], 'yes');
  t.is(args[args.indexOf('--requirepass') + 1], '$(REDIS_PASSWORD)');
  t.is(args[args.indexOf('--maxmemory-policy') + 1], 'noeviction');
  t.is(args[args.indexOf('--maxmemory') + 1], '409mb', '80% of 512Mi');
  t.is(redis.volumeClaimTemplates[0].metadata.name, 'data');
  const master = find('Deployment', 'sentinel-master').spec;
  t.true(master.replicas >= 2);
  const container = master.template.spec.containers[0];
  t.is(container.readinessProbe.httpGet.path, '/health');
  t.is(container.livenessProbe.httpGet.path, '/health');
  t.like(container.securityContext, { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  t.true(master.template.spec.securityContext.runAsNonRoot);
  const service = find('Service', 'sentinel-master-service').spec;
  t.is(service.type, 'LoadBalancer');
  t.deepEqual(service.ports.map((p: any) => p.port), [8910]);
  t.is(find('PodDisruptionBudget', 'sentinel-master').spec.minAvailable, 1);
  const hpa = find('HorizontalPodAutoscaler', 'sentinel-master').spec;
  t.is(hpa.minReplicas, master.replicas);
});

/** The longest a job may run, computed here from core's defaults (not from the renderer's code). */
function longestJobMs(pack: ResolvedPack): number {
  const runWall = Math.min(pack.limits.wallMs ?? 5_000, DEFAULT_MAXIMUMS.wallMs);
  const compileWall = pack.compile ? Math.min(pack.compileLimits.wallMs ?? DEFAULT_COMPILE_LIMITS.wallMs, DEFAULT_MAXIMUMS.wallMs) : 0;
  return compileWall + DEFAULT_REQUEST_BOUNDS.maxTestCases * runWall;
}

/** The most one compile or run of the pack may use, MiB. */
function packMemoryMb(pack: ResolvedPack): number {
  const run = Math.min(pack.limits.memoryMb ?? 256, DEFAULT_MAXIMUMS.memoryMb);
  const compile = pack.compile ? Math.min(pack.compileLimits.memoryMb ?? DEFAULT_COMPILE_LIMITS.memoryMb, DEFAULT_MAXIMUMS.memoryMb) : 0;
  return Math.max(run, compile);
}
