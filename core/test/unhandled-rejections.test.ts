/**
 * crashOnUnhandledRejections, in a child Node process of its own (it installs a process-wide
 * handler): while stopping, a rejection raised inside Bull or ioredis is logged and ignored;
 * anything else, or anything before the stop, still crashes the process.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const redisModule = fileURLToPath(new URL('../dist/redis.js', import.meta.url));

/** Runs a script that installs the policy, then rejects with an error whose stack is `stack`. */
function reject(stopping: boolean, stack: string) {
  const script = `
    const { crashOnUnhandledRejections } = await import(${JSON.stringify(redisModule)});
    crashOnUnhandledRejections(() => ${stopping}, (line) => console.log(line));
    const error = new Error('Connection is closed.');
    error.stack = ${JSON.stringify(stack)};
    Promise.reject(error);
    setTimeout(() => console.log('still running'), 50);
  `;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

const fromIoredis = 'Error: Connection is closed.\n    at close (/app/node_modules/ioredis/built/redis/event_handler.js:214:25)';
const fromOurs = 'Error: Connection is closed.\n    at store (/app/master/dist/job-store.js:10:5)';

test('while stopping, a rejection from inside ioredis or Bull is logged and the process goes on', (t) => {
  const ran = reject(true, fromIoredis);
  t.is(ran.status, 0, ran.stderr);
  t.regex(ran.stdout, /ignored while stopping: Connection is closed\. \(from Bull or ioredis/);
  t.regex(ran.stdout, /still running/);
});

test('a rejection of our own code crashes the process, stopping or not', (t) => {
  const ran = reject(true, fromOurs);
  t.is(ran.status, 1);
  t.notRegex(ran.stdout, /still running/);
});

test('before the stop, even a rejection from ioredis crashes the process', (t) => {
  const ran = reject(false, fromIoredis);
  t.is(ran.status, 1);
  t.regex(ran.stderr, /Connection is closed/);
});
