/** SENTINEL_SANDBOX=none: a plain child process, with its stdin as a regular, unlinked file. */
import test from 'ava';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Unsandboxed } from '../src/sandbox/unsandboxed.js';
import { TEST_LIMITS } from './helpers.js';

test('the program reads its input from a regular file it can reopen, and nothing is left beside the job directory', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sentinel-unsandboxed-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const jobDir = path.join(root, 'job');
  await mkdir(jobDir);
  const outcome = await new Unsandboxed({}).run({
    argv: ['/bin/sh', '-c', 'cat; cat /dev/stdin; test -f /dev/stdin && echo regular'],
    files: jobDir,
    env: { PATH: '/usr/bin:/bin' },
    readOnlyPaths: [],
    stdin: 'line 1\n',
    limits: TEST_LIMITS,
    memoryRlimit: 'address-space',
  });
  t.is(outcome.exitCode, 0, outcome.stderr);
  t.is(outcome.stdout, 'line 1\nline 1\nregular\n');
  t.deepEqual(await readdir(root), ['job'], 'the stdin file was unlinked as soon as it was open');
});
