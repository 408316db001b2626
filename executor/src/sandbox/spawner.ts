/**
 * Starts processes through sentinel-spawner (executor/native/sentinel-spawner.c), a small process
 * that forks for the executor: a fork copies the forking process's page tables, and the executor
 * is a Node process of 80 MB or more, so each spawn from it cost about 1.5 ms of CPU and held its
 * event loop until the child had exec'd. The spawner answers each request with the child's pid
 * and its own descriptors of the child's pipes; the executor opens them as /proc/<spawner>/fd/<n>
 * (its own descriptors to the same pipes), then lets the spawner close its copies.
 *
 * Every child runs one fixed program (bwrap, with the options every spare shares), as the uid and
 * gid given, in a session of its own, with an empty environment, and dies with the spawner, which
 * dies with the executor. A spawner that dies is started again by the next spawn.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { constants as fsConstants, openSync } from 'node:fs';
import net from 'node:net';
import { constants as osConstants } from 'node:os';
import { createInterface } from 'node:readline';
import { Writable, type Readable } from 'node:stream';
import { describe } from '@sentinel/core';
import { SandboxFailedError } from './errors.js';
import { sigkill } from './process.js';

export interface SpawnerOptions {
  /** sentinel-spawner itself. */
  spawnerPath: string;
  /** The one program every child runs (absolute), and its arguments. */
  program: string;
  args: readonly string[];
  /** One letter per child descriptor from 1 up: "w" a pipe the child writes, "r" one it reads. */
  directions: string;
  /** The uids children may be given (each spawn names one); undefined keeps the executor's own. */
  uids?: { first: number; count: number };
  gid?: number;
}

/**
 * A child of the spawner, shaped like the parts of a ChildProcess the sandbox uses: stdio (the
 * stdin file's slot is null), pid, exitCode/signalCode, kill(), and 'exit' then 'close' events.
 */
export class SpawnedProcess extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly stdin = null;

  constructor(
    readonly pid: number,
    readonly stdio: ReadonlyArray<Readable | Writable | null>,
    /** The pipes the child writes: 'close' waits until each is read to its end. */
    private readonly readers: readonly Readable[],
  ) {
    super();
  }

  get stdout(): Readable {
    return this.stdio[1] as Readable;
  }

  get stderr(): Readable {
    return this.stdio[2] as Readable;
  }

  /** Signals the child; false when it has ended (as ChildProcess#kill answers) or is gone. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    if (this.exitCode !== null || this.signalCode !== null) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** The spawner saw it end: 'exit' now, 'close' once what it wrote has been read to the end. */
  ended(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exitCode !== null || this.signalCode !== null) return;
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
    const open = this.readers.filter((stream) => !stream.closed);
    void Promise.all(open.map((stream) => once(stream, 'close').catch(() => {}))).then(() => this.emit('close', code, signal));
  }
}

interface Pending {
  resolve: (child: SpawnedProcess) => void;
  reject: (error: SandboxFailedError) => void;
}

/** One sentinel-spawner process at a time; spawn() starts another when it has died. */
export class Spawner {
  private process: ChildProcess | undefined;
  private pending: Pending[] = [];
  private readonly children = new Map<number, SpawnedProcess>();
  private closed = false;

  constructor(private readonly options: SpawnerOptions) {}

  /** Starts the program with `stdinFd` (an executor descriptor, read-only) as its stdin, as `uid` (one of options.uids). */
  spawn(stdinFd: number, uid?: number): Promise<SpawnedProcess> {
    if (this.closed) return Promise.reject(new SandboxFailedError('closed', 'the spawner is closed'));
    const spawner = this.running();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      spawner.stdin!.write(`spawn /proc/${process.pid}/fd/${stdinFd}${uid === undefined ? '' : ` ${uid}`}\n`);
    });
  }

  /** Ends the spawner; its children die with it. */
  async close(): Promise<void> {
    this.closed = true;
    const spawner = this.process;
    if (!spawner || spawner.exitCode !== null || spawner.signalCode !== null) return;
    const exited = once(spawner, 'exit');
    spawner.stdin!.end();
    await exited;
  }

  private running(): ChildProcess {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) return this.process;
    const { spawnerPath, uids, gid, directions, program, args } = this.options;
    const ids = uids === undefined ? ['-', '-'] : [`${uids.first}-${uids.first + uids.count - 1}`, String(gid ?? uids.first)];
    const spawner = spawn(spawnerPath, [String(process.pid), ...ids, directions, program, ...args], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: {},
      detached: true, // out of the executor's process group: a Ctrl-C meant for it must not end the runs it drains
    });
    spawner.on('error', (error) => this.lost(spawner, error.message)); // it could not start: no 'exit' follows
    spawner.stdin!.on('error', () => {}); // it died: 'exit' follows
    const lines = createInterface({ input: spawner.stdout! });
    lines.on('line', (line) => this.received(spawner, line.split(' ')));
    spawner.once('exit', (code, signal) => this.lost(spawner, `it ended (${code ?? signal})`));
    this.process = spawner;
    return spawner;
  }

  /** One line from the spawner: an answer to the oldest request, or a child's end. */
  private received(spawner: ChildProcess, words: string[]): void {
    if (words[0] === 'exit') {
      const child = this.children.get(Number(words[1]));
      if (!child) return; // one whose answer failed (its pipes could not be opened)
      this.children.delete(child.pid);
      const value = Number(words[3]);
      if (words[2] === 'signal') child.ended(null, signalName(value));
      else child.ended(value, null);
      return;
    }
    const waiting = this.pending.shift();
    if (!waiting) return;
    if (words[0] !== 'spawned') return waiting.reject(new SandboxFailedError('start', `sentinel-spawner: ${words.slice(1).join(' ')}`));
    // Taken over here, in the same turn as the answer: the child's 'exit' line may come next.
    const [pid, ...ends] = words.slice(1).map(Number);
    const writes = (index: number) => this.options.directions[index] === 'w';
    const stdio: Array<Readable | Writable> = [];
    try {
      for (const [index, end] of ends.entries()) stdio.push(adopt(spawner, end, writes(index)));
      const child = new SpawnedProcess(pid!, [null, ...stdio], stdio.filter((_stream, index) => writes(index)) as Readable[]);
      this.children.set(pid!, child);
      waiting.resolve(child);
    } catch (error) {
      for (const stream of stdio) stream.destroy();
      sigkill(pid!);
      waiting.reject(new SandboxFailedError('start', `cannot take over the child's pipes: ${describe(error)}`, { cause: error }));
    } finally {
      spawner.stdin!.write(`release ${pid}\n`);
    }
  }

  /** The spawner died: its children die of their parent-death signal. */
  private lost(spawner: ChildProcess, why: string): void {
    if (this.process !== spawner) return;
    this.process = undefined;
    for (const waiting of this.pending.splice(0)) waiting.reject(new SandboxFailedError('start', `sentinel-spawner: ${why}`));
    for (const child of this.children.values()) child.ended(null, 'SIGKILL');
    this.children.clear();
  }
}

/** The executor's own descriptor of one of the spawner's pipe ends, as a stream. */
function adopt(spawner: ChildProcess, end: number, childWrites: boolean): Readable | Writable {
  const path = `/proc/${spawner.pid}/fd/${end}`;
  if (childWrites) return new net.Socket({ fd: openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK), readable: true, writable: false });
  try {
    return new net.Socket({ fd: openSync(path, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK), readable: false, writable: true });
  } catch (error) {
    // ENXIO: the child is gone already (nobody reads the pipe). What is written goes nowhere; its exit follows.
    if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
    return new Writable({ write: (_chunk, _encoding, done) => done() });
  }
}

function signalName(value: number): NodeJS.Signals {
  const found = Object.entries(osConstants.signals).find(([, number]) => number === value);
  return (found?.[0] ?? 'SIGKILL') as NodeJS.Signals;
}
