/**
 * A private redis-server for local mode: loopback only, a free port, state in <dataDir>/redis with
 * the append-only file on (fsync every second), so a restart of local mode loses no queued job.
 * Its memory is bounded (maxmemory, noeviction): past the bound Redis refuses writes rather than
 * taking the machine's memory or dropping jobs, and the master refuses new jobs before that.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import getPort from 'get-port';

export class LocalRedis {
  private child: ChildProcess | undefined;
  url = '';

  constructor(
    private readonly dataDir: string,
    private readonly binary: string,
    private readonly maxMemoryMb: number,
  ) {}

  private get dir(): string {
    return path.join(this.dataDir, 'redis');
  }

  private get pidFile(): string {
    return path.join(this.dir, 'redis.pid');
  }

  async start(): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.stopLeftover();
    const port = await getPort({ host: '127.0.0.1' });
    const child = spawn(
      this.binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', this.dir, '--pidfile', this.pidFile,
        '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--protected-mode', 'yes',
        '--maxmemory', `${this.maxMemoryMb}mb`, '--maxmemory-policy', 'noeviction'],
      // Own process group: Ctrl-C reaches the supervisor, which stops Redis last.
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const fail = (error: Error) => reject(new Error(`${error.message}\n${log}`.trim()));
      child.once('error', (error) => fail(new Error(`cannot start ${this.binary}: ${error.message} (run npm run setup, or set REDIS_URL)`)));
      const onExit = (code: number | null) => fail(new Error(`redis-server exited with code ${code}`));
      child.once('exit', onExit); // removed by reference below: removeAllListeners would drop Node's own
      child.stdout?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('Ready to accept connections')) {
          child.off('exit', onExit);
          resolve();
        }
      });
    });
    child.stdout?.resume();
    this.url = `redis://127.0.0.1:${port}`;
    return this.url;
  }

  /** SIGTERM: Redis flushes the append-only file and exits. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  /** A redis-server left running by a local mode that was killed with SIGKILL. */
  private async stopLeftover(): Promise<void> {
    const pid = Number((await readFile(this.pidFile, 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(pid) || pid <= 1) return;
    const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
    if (!comm.startsWith('redis-server')) return;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await rm(this.pidFile, { force: true });
  }
}
