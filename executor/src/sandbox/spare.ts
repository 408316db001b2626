/**
 * Spare sandboxes: bwrap started before its run is known, so what a sandbox costs before its
 * program can start is paid while the previous run goes (or while the executor is idle), not on
 * the way to the result.
 *
 * This module owns the spare protocol: start (startSpare), then, for the run, prepare (the input)
 * and launch (sentinel-init's run and bwrap's options, answering the sandbox's pid 1), and dispose.
 * A spare is bwrap with the options every run shares (spareArgs), blocked reading the rest of its
 * options from ARGS_FD, its own run cgroup already joined (the first move of a process into a v1
 * hierarchy waits for an RCU grace period, 6-16 ms on the machines measured), and an empty,
 * unlinked stdin file. The run writes its input into that file, sets the cgroup's limits, sends
 * sentinel-init the program and bwrap the rest of its options; bwrap then builds the sandbox, and
 * everything it starts is born inside the cgroup. A spare is used once.
 */
import { once } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { describe } from '@sentinel/core';
import { ARGS_FD, INFO_FD, REPORT_FD, SECCOMP_FD, SPEC_FD } from './bwrap-args.js';
import type { Cgroups, RunCgroup } from './cgroup/types.js';
import { SandboxFailedError } from './errors.js';
import { BUNDLED_SPAWNER } from './native.js';
import { killGroup, sigkill } from './process.js';
import { Spawner, type SpawnedProcess } from './spawner.js';
import { openStdinFile } from './stdin-file.js';
import { openStdinPipe } from './stdin-pipe.js';

/**
 * Every spare starts through the spawner (spawner.ts), whose children get SIGKILL as their
 * parent-death signal and which dies with the executor: should the executor die, a waiting spare
 * dies too. Otherwise its ARGS_FD would read as empty and bwrap would go on to build a sandbox it
 * cannot finish (the first write to INFO_FD kills it with SIGPIPE, leaving its child blocked
 * forever, waiting for its uid map). Descriptors close a moment before that signal lands, so
 * spareArgs also makes bwrap refuse to go on with empty options.
 *
 * The pipes of a spare, by bwrap's descriptor from 1 (the spawner's DIRECTIONS): stdout, stderr,
 * INFO_FD and REPORT_FD the sandbox writes; ARGS_FD, SECCOMP_FD and SPEC_FD it reads. Descriptor 0
 * is the stdin file.
 */
export const SPARE_PIPES = 'wwrwrrw';

export interface SpareOptions {
  /** Starts bwrap with spareArgs, as the sandbox uid (see createSpareSpawner). */
  spawner: Spawner;
  /** The host uid of this sandbox alone (when the executor is root), and how to give it back. */
  uid?: { take(): Promise<number>; release(uid: number): void };
  seccompFilter?: Buffer;
  cgroups?: Cgroups;
  /** A directory only the executor can list, for the stdin files (each unlinked once open). */
  scratchDir: string;
  /** The program's stdin: a regular file filled before the run (default), or a FIFO fed during it (interactive). */
  stdin?: 'file' | 'pipe';
}

/** The spawner of one sandbox's spares: bwrap with the options every run shares, as one of `uids`. */
export function createSpareSpawner(options: { bwrapPath: string; argv: readonly string[]; uids?: { first: number; count: number }; gid?: number }): Spawner {
  return new Spawner({ spawnerPath: BUNDLED_SPAWNER, program: options.bwrapPath, args: options.argv, directions: SPARE_PIPES, uids: options.uids, gid: options.gid });
}

export class Spare {
  /** The sandbox's pid 1 (host pid), once bwrap has reported it. */
  init: number | undefined;

  constructor(
    readonly child: SpawnedProcess,
    readonly cgroup: RunCgroup | undefined,
    private readonly input: FileHandle | Writable,
    /** Gives the sandbox's uid back once nothing of it runs any more. */
    private readonly releaseUid: () => void = () => {},
  ) {}

  /** Where bwrap reads the run's own options. */
  get args(): Writable {
    return stream(this.child, ARGS_FD) as Writable;
  }

  /** Where bwrap reports the sandbox's pid 1. */
  get info(): Readable {
    return stream(this.child, INFO_FD) as Readable;
  }

  /** Where sentinel-init reads the program's rlimits and argv. */
  get spec(): Writable {
    return stream(this.child, SPEC_FD) as Writable;
  }

  /** Where sentinel-init writes its report (and a compile's files). */
  get report(): Readable {
    return stream(this.child, REPORT_FD) as Readable;
  }

  /** bwrap ended before its run (killed from outside, or it could not start). */
  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /**
   * Fills the program's stdin (a file it shares with the spare's other descriptor). Once, before
   * the run. False when the spare turns out to have ended while it waited (killed from outside):
   * its end may have been reported before anyone listened for it, so the run takes another.
   */
  async prepare(stdin: string): Promise<boolean> {
    if (!(this.input instanceof Writable)) {
      await this.input.writeFile(stdin);
      await this.input.close();
    }
    return !this.exited;
  }

  /** The write end of the program's stdin, for a spare started with a FIFO (interactive runs). */
  get stdinPipe(): Writable | undefined {
    return this.input instanceof Writable ? this.input : undefined;
  }

  /**
   * Sends sentinel-init its run and bwrap the rest of its options (NUL-separated, see
   * bwrap-args.ts); answers the sandbox's pid 1 (a host pid) once bwrap reports it, or undefined
   * when bwrap stopped first.
   */
  async launch(initSpec: Buffer, runArgs: Buffer): Promise<number | undefined> {
    this.spec.end(initSpec);
    this.args.end(runArgs);
    return (this.init = await readSandboxPid(this.info));
  }

  /** Kills the run: the sandbox's pid 1 first (see RunCgroup.killAll), or bwrap before there is one. */
  async kill(): Promise<void> {
    if (this.cgroup) return this.cgroup.killAll(this.init);
    if (!this.exited && (this.init === undefined || !sigkill(this.init))) killGroup(this.child);
  }

  /** Ends whatever is left of the spare, removes its cgroup and closes its descriptors. */
  async dispose(): Promise<void> {
    try {
      await this.kill();
      if (!this.exited) await once(this.child, 'exit');
      await this.cgroup?.remove();
      this.releaseUid(); // bwrap has ended, and with its pid 1 every process of the sandbox
    } finally {
      for (const stream of this.child.stdio) stream?.destroy();
      if (this.input instanceof Writable) this.input.destroy();
      else await this.input.close().catch(() => {});
    }
  }
}

/** The pipe to the child at descriptor `fd`. */
function stream(child: SpawnedProcess, fd: number): Readable | Writable {
  const found = child.stdio[fd];
  if (!found) throw new SandboxFailedError('protocol', `bwrap has no pipe at descriptor ${fd}`);
  return found;
}

/** Starts one spare and waits until it is inside its cgroup. */
export async function startSpare(options: SpareOptions): Promise<Spare> {
  const uid = await options.uid?.take();
  const releaseUid = () => uid !== undefined && options.uid?.release(uid);
  const { writer, reader } = await (options.stdin === 'pipe' ? openStdinPipe : openStdinFile)(path.join(options.scratchDir, 'stdin'));
  const closeWriter = () => (writer instanceof Writable ? writer.destroy() : writer.close());
  let cgroup: RunCgroup | undefined;
  try {
    cgroup = await options.cgroups?.create();
  } catch (error) {
    await Promise.all([closeWriter(), reader.close()]);
    releaseUid();
    throw new SandboxFailedError('cgroup', `cannot create the sandbox's cgroup: ${describe(error)}`, { cause: error });
  }
  let child: SpawnedProcess;
  try {
    child = await options.spawner.spawn(reader.fd, uid); // the spawner opens its own copy of the stdin file
  } catch (error) {
    await Promise.all([closeWriter(), reader.close(), cgroup?.remove()]);
    releaseUid();
    throw error;
  }
  await reader.close();
  const spare = new Spare(child, cgroup, writer, releaseUid);
  for (const extra of child.stdio.slice(ARGS_FD)) extra?.on('error', () => {}); // bwrap may be gone (it says why on stderr)
  (stream(child, SECCOMP_FD) as Writable).end(options.seccompFilter ?? Buffer.alloc(0));
  try {
    await cgroup?.adopt(child.pid);
  } catch (error) {
    await spare.dispose().catch(() => {});
    throw new SandboxFailedError('cgroup', `cannot move the sandbox into its cgroup: ${describe(error)}`, { cause: error });
  }
  return spare;
}

/**
 * Keeps up to `size` spares waiting. take() answers a waiting one, or starts one when none is
 * left; fill() (called by the sandbox once its run has started) starts their replacements.
 */
export class SparePool {
  private readonly waiting: Promise<Spare>[] = [];
  private closed = false;

  constructor(
    private readonly start: () => Promise<Spare>,
    readonly size: number,
  ) {}

  async take(): Promise<Spare> {
    if (this.closed) throw new SandboxFailedError('closed', 'the sandbox is closed');
    const spare = await (this.waiting.shift() ?? this.start());
    if (!spare.exited) return spare;
    await spare.dispose().catch(() => {}); // killed while it waited: start another
    return this.start();
  }

  fill(): void {
    while (!this.closed && this.waiting.length < this.size) {
      const started = this.start();
      started.catch(() => {}); // the run that takes it sees the error
      this.waiting.push(started);
    }
  }

  /** The waiting spares' bwrap pids and cgroup names (tests check the host against them). */
  async idle(): Promise<{ pid: number; cgroup?: string }[]> {
    const settled = await Promise.allSettled(this.waiting);
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [{ pid: result.value.child.pid!, cgroup: result.value.cgroup?.name }] : []));
  }

  /** Ends every waiting spare; take() refuses from now on. */
  async close(): Promise<void> {
    this.closed = true;
    const waiting = this.waiting.splice(0);
    await Promise.all(waiting.map((started) => started.then((spare) => spare.dispose(), () => {})));
  }
}

/** The sandbox's pid 1 (host pid), from bwrap's --info-fd JSON; undefined when bwrap failed first. */
function readSandboxPid(info: Readable): Promise<number | undefined> {
  // A spare that died while it waited may have hit the end of this pipe already (sockets read ahead).
  if (info.closed) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
      if (match) finish(Number(match[1]));
    };
    const finish = (pid: number | undefined) => {
      info.off('data', onData);
      info.off('close', onClose);
      resolve(pid);
    };
    const onClose = () => finish(undefined);
    info.on('data', onData);
    info.once('close', onClose);
  });
}
