/**
 * A child process kept alive the way Kubernetes keeps a pod: restarted when it exits on its own,
 * with a growing back-off, and stopped with SIGTERM, then SIGKILL after a grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface SupervisedOptions {
  name: string;
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** How long SIGTERM may take before SIGKILL. */
  graceMs: number;
  log: (line: string) => void;
  /** Hears the child's IPC messages. */
  onMessage?: (message: unknown) => void;
  /** Runs when the child exits, before any restart (stop() waits for it). */
  onExit?: () => Promise<void>;
}

const MAX_BACKOFF_MS = 10_000;
/** A child that ran this long is healthy again: its next restart is immediate. */
const HEALTHY_AFTER_MS = 30_000;
const FIRST_BACKOFF_MS = 500;

export class Supervised {
  private child: ChildProcess | undefined;
  private stopping = false;
  /** Exits in a row without a healthy run: the first restarts at once, the next ones back off. */
  private quickExits = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private exitHandled: Promise<void> = Promise.resolve();
  restarts = 0;

  constructor(private readonly options: SupervisedOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { name, file, args, env, log } = this.options;
    const startedAt = Date.now();
    // stdin 'ipc': the child stops when this supervisor goes away, even by SIGKILL.
    const child = spawn(file, args, { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true });
    this.child = child;
    child.once('error', (error) => log(`${name}: cannot start: ${error.message}`));
    const { onMessage, onExit } = this.options;
    if (onMessage) child.on('message', onMessage);
    child.once('exit', (code, signal) => {
      if (onExit) this.exitHandled = onExit().catch((error: unknown) => log(`${name}: after its exit: ${(error as Error)?.message ?? String(error)}`));
      if (this.stopping) return;
      if (Date.now() - startedAt > HEALTHY_AFTER_MS) this.quickExits = 0;
      const backoffMs = this.quickExits === 0 ? 0 : Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.quickExits - 1));
      this.quickExits += 1;
      this.restarts += 1;
      log(`${name} exited (${signal ?? `code ${code}`}); restarting in ${backoffMs} ms`);
      this.restartTimer = setTimeout(() => this.start(), backoffMs);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.options.log(`${this.options.name} did not stop in ${this.options.graceMs} ms; killing it`);
      child.kill('SIGKILL');
    }, this.options.graceMs);
    await exited;
    clearTimeout(timer);
    await this.exitHandled;
  }
}
