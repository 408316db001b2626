/**
 * sentinel-launch (executor/native/sentinel-launch.c): what starts every spare sandbox. The program
 * it executes dies when its parent dies, and it refuses to run one whose parent is already gone.
 */
import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { BUNDLED_LAUNCH } from '../src/sandbox/native.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A shell starts `command` in the background, prints its pid and exits: the command's parent dies. */
async function orphanedPid(command: string): Promise<number> {
  const shell = spawn('/bin/sh', ['-c', `${command} >/dev/null & echo $!; sleep 0.2`], { stdio: ['ignore', 'pipe', 'inherit'], env: { LAUNCH: BUNDLED_LAUNCH } });
  let output = '';
  shell.stdout.on('data', (chunk) => (output += chunk));
  await new Promise((resolve) => shell.once('close', resolve));
  return Number(output.trim());
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !alive(pid);
}

test('the program it executes is killed when its parent dies (and, as a control, a plain one is not)', async (t) => {
  const launched = await orphanedPid('"$LAUNCH" $$ /bin/sleep 30');
  t.true(launched > 0);
  t.true(await goneWithin(launched, 2_000), 'the launched sleep outlived its parent');

  const plain = await orphanedPid('/bin/sleep 30');
  t.teardown(() => void (alive(plain) && process.kill(plain, 'SIGKILL')));
  t.false(await goneWithin(plain, 500), 'a plain sleep should outlive its parent');
});

test('it executes the program in its place with the arguments word for word', (t) => {
  const ran = spawnSync(BUNDLED_LAUNCH, [String(process.pid), '/usr/bin/printf', '%s|', 'a b', '$(x)', ''], { encoding: 'utf8' });
  t.is(ran.status, 0, ran.stderr);
  t.is(ran.stdout, 'a b|$(x)||');
});

test('a parent that is not its parent (gone already) is refused with 125', (t) => {
  const ran = spawnSync(BUNDLED_LAUNCH, ['1', '/bin/true'], { encoding: 'utf8' });
  t.is(ran.status, 125);
  t.is(ran.stderr, 'sentinel-launch: the parent is gone: 1\n');
});

test('bad usage is 125; a program that cannot be executed is 127 or 126', (t) => {
  const run = (...args: string[]) => spawnSync(BUNDLED_LAUNCH, args, { encoding: 'utf8' });
  for (const args of [[], [String(process.pid)], ['x', '/bin/true'], ['-5', '/bin/true'], [String(process.pid), 'true']]) {
    const ran = run(...args);
    t.is(ran.status, 125, JSON.stringify(args));
    t.regex(ran.stderr, /^sentinel-launch: /);
  }
  t.is(run(String(process.pid), '/no/such/program').status, 127);
  t.is(run(String(process.pid), '/etc/hostname').status, 126);
});
