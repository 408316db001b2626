/**
 * A real, private Redis for a test file, never a mock, never a fixed shared port. Which one is
 * chosen by SENTINEL_TEST_REDIS (README, Development):
 *   auto (default)  a container when a container engine answers and REDIS_IMAGE is present or can
 *                   be pulled; otherwise a private `redis-server` child. Never fails for want of a
 *                   registry or an engine.
 *   container       a container, or the test fails saying why (no engine, no image).
 *   server          a private `redis-server` child on a free port, no persistence.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/** The image deployments run (k8s-templates/deploy.config.json, docker-compose.yml). */
export const REDIS_IMAGE = 'redis:7.2-alpine';
const MODES = ['auto', 'container', 'server'] as const;
type RedisMode = (typeof MODES)[number];

export function testRedisMode(env: NodeJS.ProcessEnv = process.env): RedisMode {
  const mode = env.SENTINEL_TEST_REDIS || 'auto';
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new Error(`SENTINEL_TEST_REDIS must be one of ${MODES.join(', ')}, not ${JSON.stringify(mode)}`);
  }
  return mode as RedisMode;
}

export async function startRedis(): Promise<TestRedis> {
  const mode = testRedisMode();
  if (mode === 'server') return spawnRedisServer();
  const container = await tryContainer(mode === 'container');
  return container ?? (await spawnRedisServer());
}

/** A Redis container, or undefined (auto mode) when no engine answers or the image cannot be had. */
async function tryContainer(required: boolean): Promise<TestRedis | undefined> {
  // testcontainers first starts its "ryuk" reaper, an image that may not be pullable here either;
  // the container is removed by stop() instead. An explicit setting is kept.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const { GenericContainer, ImageName, Wait, getContainerRuntimeClient } = await import('testcontainers');
  const unavailable = (why: string) => {
    if (required) throw new Error(`SENTINEL_TEST_REDIS=container: ${why}`);
    return undefined;
  };
  let client: Awaited<ReturnType<typeof getContainerRuntimeClient>>;
  try {
    client = await getContainerRuntimeClient();
  } catch (error) {
    return unavailable(`no container engine answers (${(error as Error).message})`);
  }
  const image = ImageName.fromString(REDIS_IMAGE);
  if (!(await client.image.exists(image))) {
    try {
      await client.image.pull(image);
    } catch (error) {
      return unavailable(`${REDIS_IMAGE} is not present and cannot be pulled (${(error as Error).message})`);
    }
  }
  // The published port is reachable from other hosts: a random password guards it. Protected mode
  // (on in Debian's redis-server) would refuse the docker proxy's non-loopback address.
  const password = randomBytes(16).toString('hex');
  const container = await new GenericContainer(REDIS_IMAGE)
    .withCommand(['redis-server', '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--requirepass', password])
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
    .withStartupTimeout(60_000)
    .start();
  return {
    url: `redis://:${password}@${container.getHost()}:${container.getMappedPort(6379)}`,
    stop: async () => void (await container.stop({ remove: true })),
  };
}

async function spawnRedisServer(): Promise<TestRedis> {
  const port = await getPort({ host: '127.0.0.1' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-test-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForReady(child);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not become ready in 10 s:\n${log}`)), 10_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', (error) => fail(new Error(`cannot start redis-server (is it installed? npm run setup): ${error.message}`)));
    // Remove only our own listener: removeAllListeners('exit') would also drop Node's internal one.
    const onExit = (code: number | null) => fail(new Error(`redis-server exited with ${code}:\n${log}`));
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    });
  });
}

/**
 * A redis-server that a test can crash and start again on the same port and data directory, with
 * the append-only file on (fsync every second), as local mode runs it (local/src/redis-server.ts).
 */
export interface RestartableRedis {
  url: string;
  port: number;
  /** pid of the running redis-server, undefined while it is down. */
  readonly pid: number | undefined;
  /** Stops it with `signal` (SIGKILL: a crash) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops it and removes its data directory. */
  stop(): Promise<void>;
}

export async function startRestartableRedis(): Promise<RestartableRedis> {
  const port = await getPort({ host: '127.0.0.1' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-test-aof-redis-'));
  let child: ChildProcess | undefined;
  const launch = async () => {
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await waitForReady(started);
    started.stdout?.resume();
    child = started;
  };
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid;
    },
    kill,
    restart: launch,
    stop: async () => {
      await kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
