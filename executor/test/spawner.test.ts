/**
 * The spawner (executor/native/sentinel-spawner.c through executor/src/sandbox/spawner.ts), with
 * /bin/sh as its program instead of bwrap: what a child gets (its stdin file, its pipes and nothing
 * else, the credentials, an empty environment, a session of its own), how its end is reported,
 * and that children die with the spawner, which is started again by the next spawn.
 */
import test, { type ExecutionContext } from 'ava';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Writable } from 'node:stream';
import { BUNDLED_SPAWNER } from '../src/sandbox/native.js';
import { Spawner, type SpawnedProcess } from '../src/sandbox/spawner.js';
import { openStdinFile } from '../src/sandbox/stdin-file.js';
import { ownerFor, processEnds } from './helpers.js';

const UID = 61_000 + 17; // this file's own uid, when run as root

/** A spawner whose children run `sh -c SCRIPT` with descriptors 1-3: stdout, stderr, and a pipe they read. */
function shellSpawner(t: ExecutionContext, script: string, extra: Partial<{ uids: { first: number; count: number }; gid: number }> = {}): Spawner {
  const spawner = new Spawner({ spawnerPath: BUNDLED_SPAWNER, program: '/bin/sh', args: ['-c', script], directions: 'wwr', ...extra });
  t.teardown(() => spawner.close());
  return spawner;
}

/** Spawns with `stdin` as the child's stdin file, as `uid` when given. */
async function start(t: ExecutionContext, spawner: Spawner, stdin = '', uid?: number): Promise<SpawnedProcess> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-spawner-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const { writer, reader } = await openStdinFile(path.join(dir, 'stdin'));
  await writer.writeFile(stdin);
  await writer.close();
  try {
    return await spawner.spawn(reader.fd, uid);
  } finally {
    await reader.close();
  }
}

async function finished(child: SpawnedProcess): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
  return { code, signal, stdout, stderr };
}

test('the child reads its stdin file and its own pipe, and writes stdout and stderr', async (t) => {
  const spawner = shellSpawner(t, 'cat; read line <&3; echo "fd3: $line"; echo oops >&2; exit 3');
  const child = await start(t, spawner, 'from the file\n');
  (child.stdio[3] as Writable).end('from the pipe\n');
  const ended = await finished(child);
  t.deepEqual(ended, { code: 3, signal: null, stdout: 'from the file\nfd3: from the pipe\n', stderr: 'oops\n' });
});

test('a pipe the executor closes reads as its end in the child (the spawner keeps no copy)', async (t) => {
  const spawner = shellSpawner(t, 'n=$(wc -c <&3); echo "$n bytes"');
  const child = await start(t, spawner);
  (child.stdio[3] as Writable).end('12345');
  t.is((await finished(child)).stdout.trim(), '5 bytes');
});

test('the child has descriptors 0-3 only, an empty environment, and a session of its own', async (t) => {
  const spawner = shellSpawner(t, 'ls /proc/self/fd; echo "env: $(env | grep -v "^PWD=\\|^SHLVL=\\|^_=" | wc -l)"; echo "sid: $(cut -d" " -f6 /proc/self/stat) pid: $$"');
  const child = await start(t, spawner);
  (child.stdio[3] as Writable).end();
  const { stdout, code } = await finished(child);
  t.is(code, 0);
  const fds = stdout.split('\n').filter((line) => /^\d+$/.test(line));
  t.deepEqual(fds, ['0', '1', '2', '3', '4'], 'the stdin file, three pipes, and the directory ls itself reads');
  t.regex(stdout, /env: 0\n/);
  const [, sid, pid] = /sid: (\d+) pid: (\d+)/.exec(stdout)!;
  t.is(sid, pid);
});

test('as root it runs each child as the uid its spawn names (one of its range) and the gid, with no supplementary groups', async (t) => {
  const ids = ownerFor(UID);
  if (!ids) return t.pass('not root: the spawner keeps its own credentials, as the executor does');
  const spawner = shellSpawner(t, 'echo "$(id -u) $(id -g) [$(id -G)]"', { uids: { first: UID, count: 3 }, gid: UID });
  const [first, third, byDefault] = await Promise.all([start(t, spawner, '', UID), start(t, spawner, '', UID + 2), start(t, spawner)]);
  for (const child of [first, third, byDefault]) (child!.stdio[3] as Writable).end();
  t.is((await finished(first!)).stdout, `${UID} ${UID} [${UID}]\n`);
  t.is((await finished(third!)).stdout, `${UID + 2} ${UID} [${UID}]\n`);
  t.is((await finished(byDefault!)).stdout, `${UID} ${UID} [${UID}]\n`, 'the first of the range when the spawn names none');
  await t.throwsAsync(start(t, spawner, '', UID + 3), { message: `sentinel-spawner: uid ${UID + 3} is not one of ${UID}-${UID + 2}` });
  await t.throwsAsync(start(t, shellSpawner(t, 'true'), '', UID), { message: 'sentinel-spawner: no uids to pick from' });
});

test('a child killed by a signal is reported with the signal name; kill() reaches it', async (t) => {
  const spawner = shellSpawner(t, 'echo ready; exec sleep 30');
  const child = await start(t, spawner);
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  t.is(line.toString(), 'ready\n');
  const exited = once(child, 'exit');
  t.true(child.kill('SIGTERM'));
  t.deepEqual(await exited, [null, 'SIGTERM']);
  t.is(child.signalCode, 'SIGTERM');
  t.is(child.exitCode, null);
});

test('a program that cannot be executed fails the spawn, saying why; the spawner goes on', async (t) => {
  const spawner = new Spawner({ spawnerPath: BUNDLED_SPAWNER, program: '/no/such/program', args: [], directions: 'wwr' });
  t.teardown(() => spawner.close());
  await t.throwsAsync(start(t, spawner), { message: 'sentinel-spawner: cannot execute /no/such/program: No such file or directory' });
  await t.throwsAsync(start(t, spawner), { message: /cannot execute/ });
});

test('a spawn answers once the program runs: its pid is already the program', async (t) => {
  const spawner = new Spawner({ spawnerPath: BUNDLED_SPAWNER, program: '/bin/sleep', args: ['30'], directions: 'wwr' });
  t.teardown(() => spawner.close());
  const child = await start(t, spawner);
  t.is(await readFile(`/proc/${child.pid}/cmdline`, 'utf8'), '/bin/sleep\x0030\x00');
});

test('when the spawner dies, its children die and end as SIGKILL; the next spawn starts a new spawner', async (t) => {
  const spawner = shellSpawner(t, 'echo $$; exec sleep 30');
  const child = await start(t, spawner);
  const pid = Number(((await once(child.stdout, 'data')) as [Buffer])[0].toString());
  const spawnerPid = Number((await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[1]);
  const exited = once(child, 'exit');
  process.kill(spawnerPid, 'SIGKILL');
  t.deepEqual(await exited, [null, 'SIGKILL']);
  t.true(await processEnds(pid, 2_000), 'the child outlived its spawner');

  const next = await start(t, spawner);
  const nextPid = Number(((await once(next.stdout, 'data')) as [Buffer])[0].toString());
  const nextSpawner = Number((await readFile(`/proc/${nextPid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[1]);
  t.not(nextSpawner, spawnerPid);
  next.kill('SIGKILL');
});

test('close ends the spawner and its children; later spawns are refused', async (t) => {
  const spawner = shellSpawner(t, 'exec sleep 30');
  const child = await start(t, spawner);
  const exited = once(child, 'exit');
  await spawner.close();
  t.deepEqual(await exited, [null, 'SIGKILL']);
  await t.throwsAsync(spawner.spawn(0), { message: 'the spawner is closed' });
});

test('bad usage of sentinel-spawner itself is refused with 125', (t) => {
  const run = (...args: string[]) => spawnSync(BUNDLED_SPAWNER, args, { encoding: 'utf8', input: '' });
  const pid = String(process.pid);
  const cases = [[], [pid, '-', '-', 'wwr'], ['1', '-', '-', 'w', '/bin/true'], [pid, '0', '-', 'w', '/bin/true'], [pid, '-', '-', 'wx', '/bin/true'], [pid, '-', '-', 'w', 'true'], [pid, '9-5', '5', 'w', '/bin/true']];
  for (const args of cases) {
    const ran = run(...args);
    t.is(ran.status, 125, JSON.stringify(args));
    t.regex(ran.stderr, /^sentinel-spawner: /);
  }
  const stray = spawnSync(BUNDLED_SPAWNER, [pid, '-', '-', 'w', '/bin/true'], { encoding: 'utf8', input: 'launch the missiles\n' });
  t.is(stray.status, 125);
  t.is(stray.stderr, 'sentinel-spawner: unknown request: launch the missiles\n');
});
