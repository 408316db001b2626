/**
 * The soak (scripts/soak.mts) in short, as CI runs it: 150 jobs through local mode with the
 * executor killed twice; no job may be lost.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import test from 'ava';
import { repoRoot } from '../helpers/services.js';

test('soak, short: 150 jobs through local mode, executor killed twice, none lost', async (t) => {
  const child = spawn(process.execPath, ['--import=tsx', path.join(repoRoot, 'scripts/soak.mts'), '--jobs', '150'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => void child.kill('SIGTERM'));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = output.split('\n').find((text) => text.startsWith('RESULT '));
  t.truthy(line, output);
  const result = JSON.parse(line!.slice('RESULT '.length));
  t.log(output.split('\n').filter((text) => text.startsWith('soak: ') && !/accepted, \d+ finished/.test(text)).join('\n'));
  t.like(result, { submitted: 150, completed: 150, failed: 0, lost: 0, unexpected: 0, kills: 2 });
  t.true(result.elapsedMs < 45_000, `took ${result.elapsedMs} ms`);
  t.is(code, 0);
});
