/** Interactive runs in the real sandbox: stdin a pipe fed while the program runs, output passed on as written. */
import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunStreams } from '../src/sandbox/types.js';
import { realSandbox, TEST_LIMITS } from './helpers.js';

const env = { PATH: '/usr/bin:/bin' };

/** An input the test feeds line by line, answering each output chunk it waits for. */
function conversation() {
  const queue: string[] = [];
  let wake = () => {};
  let ended = false;
  const output: { stream: string; text: string }[] = [];
  let heard = () => {};
  const abort = new AbortController();
  const streams: RunStreams = {
    input: (async function* () {
      for (;;) {
        const next = queue.shift();
        if (next !== undefined) yield next;
        else if (ended) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    })(),
    onOutput: (stream, chunk) => {
      output.push({ stream, text: chunk.toString('utf8') });
      heard();
    },
    signal: abort.signal,
  };
  return {
    streams,
    abort,
    output,
    send(text: string) {
      queue.push(text);
      wake();
    },
    end() {
      ended = true;
      wake();
    },
    async expect(text: string) {
      while (!output.map((chunk) => chunk.text).join('').includes(text)) await new Promise<void>((resolve) => (heard = resolve));
    },
  };
}

const ANSWER_TWO = 'for i in range(2):\n    line = input()\n    print("got", line, flush=True)\nimport sys\nprint("rest", repr(sys.stdin.read()), flush=True)';

test('a program reads lines from a pipe and answers each before the next is sent', async (t) => {
  const { sandbox, workspaces } = await realSandbox(t);
  const workspace = await workspaces.create();
  const talk = conversation();
  const run = sandbox.run({ argv: ['/usr/bin/python3', '-c', ANSWER_TWO], files: workspace.files, env, readOnlyPaths: [], stdin: '', streams: talk.streams, limits: TEST_LIMITS, memoryRlimit: 'address-space' });
  talk.send('one\n');
  await talk.expect('got one');
  t.false(talk.output.map((chunk) => chunk.text).join('').includes('got two'));
  talk.send('two\n');
  await talk.expect('got two');
  talk.end();
  const outcome = await run;
  t.is(outcome.exitCode, 0, outcome.stderr);
  t.is(outcome.stdout, "got one\ngot two\nrest ''\n");
  t.is(talk.output.map((chunk) => chunk.text).join(''), outcome.stdout);
});

test('aborting with a limit stops the run and names the limit; a plain abort kills it', async (t) => {
  const { sandbox, workspaces } = await realSandbox(t);
  const workspace = await workspaces.create();
  for (const reason of ['idle', 'client'] as const) {
    const talk = conversation();
    const run = sandbox.run({ argv: ['/usr/bin/python3', '-c', 'input()'], files: workspace.files, env, readOnlyPaths: [], stdin: '', streams: talk.streams, limits: TEST_LIMITS, memoryRlimit: 'address-space' });
    await sleep(300);
    talk.abort.abort(reason);
    const outcome = await run;
    t.is(outcome.exceeded, reason === 'idle' ? 'idle' : null);
    t.is(outcome.signal, 'SIGKILL');
  }
});

test('the wall clock still holds while the program waits for input', async (t) => {
  const { sandbox, workspaces } = await realSandbox(t);
  const workspace = await workspaces.create();
  const talk = conversation();
  const outcome = await sandbox.run({ argv: ['/usr/bin/python3', '-c', 'input()'], files: workspace.files, env, readOnlyPaths: [], stdin: '', streams: talk.streams, limits: { ...TEST_LIMITS, wallMs: 500 }, memoryRlimit: 'address-space' });
  t.is(outcome.exceeded, 'wall');
});
