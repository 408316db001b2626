/**
 * The root docker-compose.yml brought up as a test stack: its own project name (so runs never
 * share containers, networks or volumes), a random Redis password, the master published on a free
 * loopback port, and the default executors (python, c).
 *
 * docker-compose 1.29 cannot express an unmasked /proc (the engine refuses `systempaths=unconfined`,
 * which only the docker CLI and compose v2 turn into empty MaskedPaths/ReadonlyPaths). With 1.29 the
 * stack's Redis and master come from compose and each executor service is started with `docker run`
 * from the service as `docker-compose config` resolves it, option for option. With compose v2
 * everything comes from compose.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import getPort from 'get-port';
import YAML from 'yaml';
import { DOCKER, must, root, run } from './engine.js';

export const EXECUTORS = ['executor-python', 'executor-c'] as const;

export interface Stack {
  project: string;
  url: string;
  /** Ids of every container of the stack (the executors too), for the host checks. */
  containerIds(): Promise<string[]>;
  /** The container id of a service. */
  container(service: string): Promise<string>;
  /** The address of a service's container on one of the stack's networks. */
  address(service: string, network: string): Promise<string>;
  logs(): Promise<string>;
  down(): Promise<void>;
}

interface ComposeService {
  image: string;
  user?: string;
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
  tmpfs?: string[];
  environment?: Record<string, string | number | null>;
  mem_limit?: string | number;
  cpus?: number | string;
  pids_limit?: number;
  networks?: Record<string, unknown> | string[];
}

/** Builds what the stack runs: the master, the executor base and the python and c executors. */
export async function buildImages(): Promise<void> {
  await must([process.execPath, '--import=tsx', path.join(root, 'scripts', 'docker.mts'), 'build', '--only', 'master,base,python,c'], {
    timeoutMs: 30 * 60_000,
    env: { ...process.env, SENTINEL_DOCKER: DOCKER },
  });
}

export async function startStack(compose: readonly string[]): Promise<Stack> {
  const project = `sentinel-test-${randomBytes(4).toString('hex')}`;
  const port = await getPort({ host: '127.0.0.1' });
  const env = {
    ...process.env,
    COMPOSE_PROJECT_NAME: project,
    SENTINEL_REDIS_PASSWORD: randomBytes(16).toString('hex'),
    SENTINEL_REDIS_USER: await redisDataOwner(),
    SENTINEL_BIND: '127.0.0.1',
    SENTINEL_PORT: String(port),
    SENTINEL_LANGUAGES: 'python,c',
  };
  const composeCmd = (...args: string[]) => [...compose, '--project-name', project, '--file', path.join(root, 'docker-compose.yml'), ...args];
  const byLabel = async (service?: string) => {
    const filters = ['--filter', `label=com.docker.compose.project=${project}`, ...(service ? ['--filter', `label=com.docker.compose.service=${service}`] : [])];
    return (await must([DOCKER, 'ps', '--all', '--quiet', '--no-trunc', ...filters])).split('\n').filter(Boolean);
  };
  const stack: Stack = {
    project,
    url: `http://127.0.0.1:${port}`,
    containerIds: () => byLabel(),
    container: async (service) => {
      const [id] = await byLabel(service);
      if (!id) throw new Error(`no container for ${service} in ${project}`);
      return id;
    },
    address: async (service, network) => {
      const format = `{{(index .NetworkSettings.Networks "${project}_${network}").IPAddress}}`;
      return (await must([DOCKER, 'inspect', '--format', format, await stack.container(service)])).trim();
    },
    logs: async () => {
      const ids = await byLabel();
      const parts = await Promise.all(ids.map(async (id) => {
        const name = (await run([DOCKER, 'inspect', '--format', '{{.Name}}', id])).stdout.trim();
        const logs = await run([DOCKER, 'logs', '--tail', '60', id]);
        return `--- ${name}\n${logs.stdout}${logs.stderr}`;
      }));
      return parts.join('\n');
    },
    down: async () => {
      // The executors `docker run` made are not compose's to remove: first every container of the
      // project, then compose removes its networks and the Redis volume.
      const ids = await byLabel();
      if (ids.length) await run([DOCKER, 'rm', '--force', '--volumes', ...ids], { timeoutMs: 120_000 });
      await run(composeCmd('down', '--volumes', '--remove-orphans', '--timeout', '10'), { env, timeoutMs: 180_000 });
    },
  };
  try {
    const v1 = compose.length === 1;
    await must(composeCmd('up', '--detach', ...(v1 ? ['redis', 'master'] : [])), { env, timeoutMs: 180_000 });
    if (v1) {
      const config = YAML.parse(await must(composeCmd('config'), { env }), { merge: true, maxAliasCount: 1_000 }) as { services: Record<string, ComposeService> };
      for (const service of EXECUTORS) await must(dockerRunOf(project, service, config.services[service]!), { timeoutMs: 120_000 });
    }
  } catch (error) {
    await stack.down();
    throw error;
  }
  return stack;
}

/** `docker run` with every option compose would give the service (1.29 cannot give systempaths). */
export function dockerRunOf(project: string, service: string, spec: ComposeService): string[] {
  const args = [DOCKER, 'run', '--detach', '--name', `${project}-${service}`];
  args.push('--label', `com.docker.compose.project=${project}`, '--label', `com.docker.compose.service=${service}`);
  if (spec.user) args.push('--user', spec.user);
  if (spec.read_only) args.push('--read-only');
  for (const cap of spec.cap_drop ?? []) args.push('--cap-drop', cap);
  for (const opt of spec.security_opt ?? []) {
    // 1.29 prints a seccomp profile as `seccomp:<path relative to the project>`.
    const seccomp = /^seccomp[:=](.+)$/.exec(opt);
    args.push('--security-opt', seccomp ? `seccomp=${path.resolve(root, seccomp[1]!)}` : opt);
  }
  for (const mount of spec.tmpfs ?? []) args.push('--tmpfs', mount);
  for (const [name, value] of Object.entries(spec.environment ?? {})) args.push('--env', `${name}=${value ?? ''}`);
  if (spec.mem_limit !== undefined) args.push('--memory', String(spec.mem_limit));
  if (spec.cpus !== undefined) args.push('--cpus', String(spec.cpus));
  if (spec.pids_limit !== undefined) args.push('--pids-limit', String(spec.pids_limit));
  const networks = Array.isArray(spec.networks) ? spec.networks : Object.keys(spec.networks ?? {});
  if (networks.length !== 1) throw new Error(`${service}: expected one network, got ${networks.join(', ')}`);
  args.push('--network', `${project}_${networks[0]}`);
  args.push(spec.image);
  return args;
}

/** uid:gid owning /data in the Redis image (999:1000 in the official one; the stand-in differs). */
async function redisDataOwner(): Promise<string> {
  const image = process.env.SENTINEL_REDIS_IMAGE || 'redis:7.2-alpine';
  return (await must([DOCKER, 'run', '--rm', '--entrypoint', 'stat', image, '-c', '%u:%g', '/data'])).trim();
}
