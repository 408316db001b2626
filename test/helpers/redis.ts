/**
 * A real, private Redis for a test file: a container through testcontainers when a container
 * engine answers, otherwise a `redis-server` child on a free port with no persistence. Never a
 * mock, never a fixed shared port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  return (await tryContainer()) ?? (await spawnRedisServer());
}

async function tryContainer(): Promise<TestRedis | undefined> {
  if (process.env.SENTINEL_TEST_NO_CONTAINERS === '1') return undefined;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch {
    return undefined; // no container engine here: fall back to a local redis-server
  }
  const { RedisContainer } = await import('@testcontainers/redis');
  const container = await new RedisContainer('redis:7-alpine').start();
  return { url: container.getConnectionUrl(), stop: async () => void (await container.stop()) };
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
