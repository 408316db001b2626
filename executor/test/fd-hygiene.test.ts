import test from 'ava';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const module = fileURLToPath(new URL('../src/fd-hygiene.ts', import.meta.url));

test('descriptors inherited without close-on-exec are closed; Node’s own are kept', async (t) => {
  // bash leaves fd 40 open without close-on-exec, as a careless parent would; Node itself marks
  // only its first few descriptors close-on-exec at start, so 40 reaches the executor as it is.
  const script = `
    import { closeInheritedFds } from ${JSON.stringify(module)};
    import { readdirSync } from 'node:fs';
    const closed = closeInheritedFds();
    console.log(JSON.stringify({ closed, again: closeInheritedFds(), open: readdirSync('/proc/self/fd').map(Number).includes(40) }));
  `;
  const child = spawn('/usr/bin/bash', ['-c', 'exec 40</dev/null; exec "$@"', 'bash', process.execPath, '--import=tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  await new Promise((resolve) => child.once('close', resolve));
  const result = JSON.parse(out) as { closed: number[]; again: number[]; open: boolean };
  t.true(result.closed.includes(40));
  t.deepEqual(result.again, []);
  t.false(result.open);
});
