/**
 * The sandbox's own failures are typed (SandboxFailedError, a SentinelError) and say whether a
 * retry can help; what the program does stays an outcome. Through the real sandbox where a
 * failure can be caused from outside.
 */
import test from 'ava';
import os from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { SentinelError } from '@sentinel/core';
import { SANDBOX_ID } from '../src/config.js';
import { BwrapSandbox } from '../src/sandbox/bwrap.js';
import { rethrowTyped, SandboxFailedError } from '../src/sandbox/errors.js';
import { Unsandboxed } from '../src/sandbox/unsandboxed.js';
import type { RunSpec } from '../src/sandbox/types.js';
import { createRealSandbox, MiB, TEST_LIMITS } from './helpers.js';

const UID = SANDBOX_ID + 23; // this file's own sandbox uids
const spec = (files: string, argv: readonly string[]): RunSpec => ({ argv, files, env: { PATH: '/usr/bin:/bin' }, readOnlyPaths: [], stdin: '', limits: TEST_LIMITS, memoryRlimit: 'address-space' });

async function rejection(t: import('ava').ExecutionContext, promise: Promise<unknown>): Promise<SandboxFailedError> {
  return (await t.throwsAsync(promise, { instanceOf: SandboxFailedError }))!;
}

test.serial('bwrap that cannot be started: a retryable start failure', async (t) => {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'sentinel-test-errors-'));
  const sandbox = new BwrapSandbox({ bwrapPath: '/no/such/bwrap', tmpBytes: MiB, jobDirBytes: MiB, openFiles: 16, signalsPending: 64, messageQueueBytes: 8192, cpus: 1, scratchDir: scratch, spares: 0 });
  t.teardown(async () => {
    await sandbox.close();
    await rm(scratch, { recursive: true, force: true });
  });
  const error = await rejection(t, sandbox.run(spec(scratch, ['/usr/bin/true'])));
  t.like(error, { code: 'SANDBOX_FAILED', reason: 'start', retryable: true, message: 'sentinel-spawner: cannot execute /no/such/bwrap: No such file or directory' });
});

test.serial('through the real sandbox: a refused run spec is not retryable, a closed sandbox is; the program itself is never an error', async (t) => {
  const real = await createRealSandbox({ uid: UID, cgroupName: 'sentinel-test-errors' });
  t.teardown(() => real.remove());
  const { files } = await real.workspaces.create();

  const refused = await rejection(t, real.sandbox.run(spec(files, ['/bin/echo', 'a\0b'])));
  t.like(refused, { reason: 'spec', retryable: false });
  t.regex(refused.message, /contains NUL/);

  const crashed = await real.sandbox.run(spec(files, ['/bin/sh', '-c', 'kill -SEGV $$']));
  t.is(crashed.signal, 'SIGSEGV', 'still an outcome after the refused spec');

  await real.sandbox.close();
  t.like(await rejection(t, real.sandbox.run(spec(files, ['/usr/bin/true']))), { reason: 'closed', retryable: true });
});

test('unsandboxed: an empty argv is not retryable, a program that cannot start is', async (t) => {
  const sandbox = new Unsandboxed({});
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-test-errors-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  t.like(await rejection(t, sandbox.run(spec(dir, []))), { reason: 'spec', retryable: false, message: 'empty argv' });
  t.like(await rejection(t, sandbox.run(spec(dir, ['/no/such/program']))), { reason: 'start', retryable: true });
});

test('an untyped fault from the host becomes a retryable SandboxFailedError; a typed one passes as it is', (t) => {
  const disk = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  const host = t.throws(() => rethrowTyped(disk), { instanceOf: SandboxFailedError });
  t.like(host, { code: 'SANDBOX_FAILED', reason: 'host', retryable: true, message: disk.message, cause: disk });
  const typed = new SandboxFailedError('protocol', 'bwrap has no pipe at descriptor 9');
  t.is(t.throws(() => rethrowTyped(typed)), typed);
  t.false(typed.retryable);
  t.true(typed instanceof SentinelError);
});
