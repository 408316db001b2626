/** Every script answers --help with its usage (exit 0), and an unknown option with a usage error (exit 2), never a stack trace. */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SCRIPTS = ['scripts/manage.mts', 'scripts/manifests.mts', 'scripts/docker.mts', 'scripts/soak.mts', 'scripts/pack-timings.mts', 'bench/run.mts', 'bench/sandbox.mts'];
const run = (script: string, ...args: string[]) => spawnSync(process.execPath, ['--import=tsx', path.join(root, script), ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

for (const script of SCRIPTS) {
  test(`${script} --help prints its usage; an unknown option is a usage error`, (t) => {
    const help = run(script, '--help');
    t.is(help.status, 0, help.stderr);
    t.regex(help.stdout, /^usage: npm run /);
    const wrong = run(script, '--no-such-option');
    t.is(wrong.status, 2, wrong.stderr);
    t.regex(wrong.stderr, /^Unknown option '--no-such-option'.*\nusage: npm run /s);
    t.notRegex(wrong.stderr, /\n\s+at /, 'no stack trace');
  });
}
