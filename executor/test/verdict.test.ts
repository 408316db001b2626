import test from 'ava';
import type { CheckerSpec, ExceededLimit, Verdict } from '@sentinel/core';
import type { RunOutcome } from '../src/sandbox/types.js';
import { runVerdict, succeeded, type Expectation } from '../src/verdict.js';

/** A run that exited 0 within its limits and printed `stdout`. */
function outcome(fields: Partial<RunOutcome> & { stdoutBytes?: Buffer } = {}): RunOutcome {
  const stdoutBytes = fields.stdoutBytes ?? Buffer.from(fields.stdout ?? '3\n');
  return {
    stdout: stdoutBytes.toString('utf8'),
    stderr: '',
    exitCode: 0,
    signal: null,
    wallMs: 5,
    cpuMs: 1,
    memoryKb: 1024,
    exceeded: null,
    stdoutTruncated: false,
    stderrTruncated: false,
    ...fields,
    stdoutBytes,
  };
}

const LINES: CheckerSpec = { type: 'lines' };
const THREE: Expectation = { checker: LINES, expected: '3' };

test('a run that exits 0 with the expected output is ACCEPTED, with other output WRONG_ANSWER', (t) => {
  t.is(runVerdict(outcome({ stdout: '3\n' }), THREE), 'ACCEPTED');
  t.is(runVerdict(outcome({ stdout: '4\n' }), THREE), 'WRONG_ANSWER');
});

test("the job's checker compares the output", (t) => {
  const spaced = outcome({ stdout: '1  2\n' });
  t.is(runVerdict(spaced, { checker: LINES, expected: '1 2' }), 'WRONG_ANSWER');
  t.is(runVerdict(spaced, { checker: { type: 'tokens' }, expected: '1 2' }), 'ACCEPTED');
  t.is(runVerdict(outcome({ stdout: '0.1000001' }), { checker: { type: 'float', absolute: 1e-6, relative: 0 }, expected: '0.1' }), 'ACCEPTED');
});

test('output that is not UTF-8 matches nothing', (t) => {
  t.is(runVerdict(outcome({ stdoutBytes: Buffer.from([0x33, 0xff]) }), { checker: LINES, expected: '3\ufffd' }), 'WRONG_ANSWER');
});

test('without an expectation (a job without tests) a run that ends well is ACCEPTED whatever it printed', (t) => {
  t.is(runVerdict(outcome({ stdout: 'anything' })), 'ACCEPTED');
  t.is(runVerdict(outcome({ exitCode: 1 })), 'RUNTIME_ERROR');
  t.is(runVerdict(outcome({ exceeded: 'wall', exitCode: null, signal: 'SIGKILL' })), 'TIME_LIMIT');
});

test('a non-zero exit or a signal is RUNTIME_ERROR, even with the expected output', (t) => {
  t.is(runVerdict(outcome({ exitCode: 1 }), THREE), 'RUNTIME_ERROR');
  t.is(runVerdict(outcome({ exitCode: null, signal: 'SIGSEGV' }), THREE), 'RUNTIME_ERROR');
  t.is(runVerdict(outcome({ exitCode: null, signal: 'SIGSYS' }), THREE), 'RUNTIME_ERROR');
});

test('each limit has its verdict, and a limit decides before the exit status and the output', (t) => {
  const expected: Record<ExceededLimit, Verdict> = {
    wall: 'TIME_LIMIT',
    cpu: 'TIME_LIMIT',
    memory: 'MEMORY_LIMIT',
    output: 'OUTPUT_LIMIT',
    disk: 'OUTPUT_LIMIT',
    processes: 'RUNTIME_ERROR',
  };
  for (const [limit, verdict] of Object.entries(expected) as [ExceededLimit, Verdict][]) {
    t.is(runVerdict(outcome({ exceeded: limit }), THREE), verdict, limit);
    t.is(runVerdict(outcome({ exceeded: limit, exitCode: null, signal: 'SIGKILL' }), THREE), verdict, `${limit}, killed`);
  }
});

test('succeeded: exit 0 within every limit', (t) => {
  t.true(succeeded(outcome()));
  t.false(succeeded(outcome({ exitCode: 2 })));
  t.false(succeeded(outcome({ exitCode: null, signal: 'SIGKILL' })));
  t.false(succeeded(outcome({ exceeded: 'output' })));
});
