/**
 * Spawns one process with argument arrays (never a shell), feeds stdin, captures stdout and stderr
 * up to a cap (killing the process when either passes it) and kills it at a wall-clock deadline.
 */
import { spawn } from 'node:child_process';
import type { RunOutcome } from './types.js';

export interface ProcessSpec {
  file: string;
  args: readonly string[];
  /** The spawned process's environment: exactly this, nothing inherited. */
  env: Readonly<Record<string, string>>;
  cwd?: string;
  uid?: number;
  gid?: number;
  stdin: string;
  wallMs: number;
  outputBytes: number;
}

export function runProcess(spec: ProcessSpec): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(spec.file, spec.args, {
      env: { ...spec.env },
      cwd: spec.cwd,
      uid: spec.uid,
      gid: spec.gid,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so a kill reaches everything it started outside a sandbox too.
      detached: true,
    });
    const stdout = new CappedBuffer(spec.outputBytes);
    const stderr = new CappedBuffer(spec.outputBytes);
    let wallTimeExceeded = false;
    let outputExceeded = false;
    let spawnError: Error | undefined;

    const kill = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already; make sure the leader is too
      }
    };
    const timer = setTimeout(() => {
      wallTimeExceeded = true;
      kill();
    }, spec.wallMs);

    const collect = (buffer: CappedBuffer) => (chunk: Buffer) => {
      if (!buffer.push(chunk) && !outputExceeded) {
        outputExceeded = true;
        kill();
      }
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.stdin.on('error', () => {}); // the program may exit without reading its input
    child.stdin.end(spec.stdin);
    child.once('error', (error) => {
      spawnError = error;
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (spawnError) return reject(spawnError);
      resolve({
        stdout: stdout.text(),
        stderr: stderr.text(),
        exitCode: code,
        signal,
        wallMs: Number(process.hrtime.bigint() - started) / 1e6,
        wallTimeExceeded,
        outputExceeded,
      });
    });
  });
}

/** Keeps at most `cap` bytes; push() answers false once more than that was offered. */
class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private overflowed = false;

  constructor(private readonly cap: number) {}

  push(chunk: Buffer): boolean {
    if (this.overflowed) return false;
    const room = this.cap - this.size;
    if (chunk.length > room) {
      this.chunks.push(chunk.subarray(0, room));
      this.size = this.cap;
      this.overflowed = true;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

