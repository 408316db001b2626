/**
 * docker-compose.yml against the Kubernetes templates and the installed packs, without an engine:
 * every installed pack has an executor service (python and c by default, the others behind their
 * profile), the images are the ones docker:build makes, and every service has the pods' security
 * settings. test/containers/ runs the file for real.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { readDeployConfig } from '../../generators/lib/config.js';
import { discoverPacks } from '../../generators/lib/packs.js';
import { root } from './workspace.js';

interface Service {
  image: string;
  user?: string;
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
  privileged?: boolean;
  tmpfs?: string[];
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  networks?: string[];
}

const file = path.join(root, 'docker-compose.yml');
const compose = YAML.parse(readFileSync(file, 'utf8'), { merge: true, maxAliasCount: 1_000 }) as { services: Record<string, Service>; networks: Record<string, { internal?: boolean } | null> };
const config = readDeployConfig(path.join(root, 'k8s-templates'), {});
const DEFAULT_LANGUAGES = ['python', 'c'];

test('one executor service per installed pack, with the image docker:build makes; python and c by default, the others by profile', async (t) => {
  const packs = await discoverPacks(root);
  const executors = Object.keys(compose.services).filter((name) => name.startsWith('executor-'));
  t.deepEqual(executors.sort(), packs.map((pack) => `executor-${pack.id}`).sort());
  for (const pack of packs) {
    const service = compose.services[`executor-${pack.id}`]!;
    t.is(service.image, `\${SENTINEL_REGISTRY:-}sentinel-executor-${pack.id}:\${SENTINEL_TAG:-${config.tag}}`);
    t.deepEqual(service.profiles, DEFAULT_LANGUAGES.includes(pack.id) ? undefined : [pack.id, 'all'], pack.id);
  }
  t.is(compose.services.master!.image, `\${SENTINEL_REGISTRY:-}sentinel-master:\${SENTINEL_TAG:-${config.tag}}`);
  t.is(compose.services.master!.environment!.SENTINEL_PACKS, `\${SENTINEL_LANGUAGES:-${DEFAULT_LANGUAGES.join(',')}}`);
  t.is(compose.services.redis!.image, `\${SENTINEL_REDIS_IMAGE:-${config.redis.image}}`);
});

test("every service has the pods' security settings: non-root, read-only root, no capability, no-new-privileges, never privileged", (t) => {
  for (const [name, service] of Object.entries(compose.services)) {
    t.true(service.read_only, name);
    t.deepEqual(service.cap_drop, ['ALL'], name);
    t.true(service.security_opt?.includes('no-new-privileges:true'), name);
    t.falsy(service.privileged, name);
    t.notRegex(service.user ?? '', /^0?(:|$)/, `${name} runs as a non-root user`);
    t.truthy(service.user, name);
    t.true((service.tmpfs ?? []).some((mount) => mount.startsWith('/tmp:')), `${name} has a /tmp tmpfs`);
  }
  for (const [name, service] of Object.entries(compose.services).filter(([name]) => name !== 'redis')) t.is(service.user, '10001:10001', name);
  const seccomp = 'k8s-templates/seccomp/sentinel-executor.json';
  t.true(existsSync(path.join(root, seccomp)));
  for (const [name, service] of Object.entries(compose.services).filter(([name]) => name.startsWith('executor-'))) {
    t.true(service.security_opt?.includes(`seccomp=./${seccomp}`), name);
    t.true(service.security_opt?.includes('systempaths=unconfined'), name);
    t.true(service.tmpfs?.some((mount) => mount.startsWith('/var/lib/sentinel:') && mount.includes('uid=10001') && mount.includes('exec')), name);
    t.is(service.environment?.SENTINEL_WORK_DIR, '/var/lib/sentinel/jobs', name);
    t.deepEqual(service.networks, ['jobs'], `${name} reaches Redis only`);
  }
  t.true(compose.networks.jobs?.internal, 'the executors network has no route out');
});

test('Redis: append-only file, noeviction under a maxmemory, and a password the operator must set', (t) => {
  const command = compose.services.redis!.command!;
  const option = (name: string) => command[command.indexOf(name) + 1];
  t.is(option('--appendonly'), 'yes');
  t.is(option('--maxmemory-policy'), 'noeviction');
  t.is(option('--maxmemory'), '${SENTINEL_REDIS_MAXMEMORY:-512mb}');
  t.regex(option('--requirepass') ?? '', /^\$\{SENTINEL_REDIS_PASSWORD:\?[^}]+\}$/);
});

const composeV1 = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
(composeV1 ? test : test.skip)(`docker-compose 1.29 accepts the file (Compose Spec schema) and refuses it without a password${composeV1 ? '' : ' (skipped: docker-compose is not installed)'}`, (t) => {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const ok = spawnSync('docker-compose', ['--file', file, 'config', '--quiet'], { encoding: 'utf8', env: { ...env, SENTINEL_REDIS_PASSWORD: 'abc' } });
  t.is(ok.status, 0, ok.stderr);
  const missing = spawnSync('docker-compose', ['--file', file, 'config', '--quiet'], { encoding: 'utf8', env });
  t.not(missing.status, 0);
  t.regex(missing.stderr, /set SENTINEL_REDIS_PASSWORD/);
});
