/**
 * A job's stored result has a total bound (SENTINEL_RESULT_MAX_KB, in bytes of the JSON that Bull
 * keeps in Redis for the whole retention and GET /job answers whole). A result within it is stored
 * as it is. Past it, the texts (each visible test's echoed input and expected, its output and
 * stderr and checker message; the job's output, error and compile outputs) are cut to one common length, the longest
 * first ("water-filling"): each test's share shrinks as the number of tests grows, short texts are
 * never cut for the sake of long ones, and every cut is flagged (inputTruncated,
 * expectedTruncated, outputTruncated, stderrTruncated).
 */
import type { JobResult, TestCaseResult, VisibleTestCaseResult } from '@sentinel/core';
import { jsonPrefix, jsonTextBytes } from './json-text.js';

/**
 * The most a test result without its texts can take as JSON: every field at its longest, a
 * 128-character name of control characters (6 bytes each escaped) included. Checked by a test.
 */
export const TEST_FRAME_BYTES = 3_072;
/** The same for the job's own fields around its tests. */
export const JOB_FRAME_BYTES = 1_024;

/**
 * The smallest bound that leaves the texts of a job with `maxTestCases` tests at least as much
 * room as their frames take: below it a large job's texts would be cut to almost nothing.
 */
export function minimumResultBytes(maxTestCases: number): number {
  return 2 * (JOB_FRAME_BYTES + maxTestCases * TEST_FRAME_BYTES);
}

/** One text of the result: its value, and how to put a text back in its place (flagged when cut). */
interface Slot {
  text: string;
  bytes: number;
  put(text: string, cut: boolean): void;
}

/** `result` itself when its JSON fits in `maxBytes`; otherwise a copy with its texts cut to fit. */
export function boundResult(result: JobResult, maxBytes: number): JobResult {
  // A copy with every flag a cut may set already there, so that setting one never adds a byte.
  const bounded: JobResult = {
    ...result,
    ...(result.compile ? { compile: { ...result.compile } } : {}),
    ...(result.checkerCompile ? { checkerCompile: { ...result.checkerCompile } } : {}),
    testCases: result.testCases.map((test) => (isVisible(test) ? { ...test, inputTruncated: test.inputTruncated ?? false, expectedTruncated: test.expectedTruncated ?? false } : { ...test })),
  };
  const slots = slotsOf(bounded);
  // Measured in parts, never as one string: a result far past the bound may not fit in one.
  for (const slot of slots) slot.put('', false);
  const frame = Buffer.byteLength(JSON.stringify(bounded));
  const level = waterLevel(
    slots.map((slot) => slot.bytes),
    Math.max(0, maxBytes - frame),
  );
  if (level === Number.MAX_SAFE_INTEGER) return result;
  for (const slot of slots) {
    if (slot.bytes > level) slot.put(jsonPrefix(slot.text, level), true);
    else slot.put(slot.text, false);
  }
  return bounded;
}

/**
 * One test's result cut to `maxBytes` of JSON the same way (what a progress event carries: a
 * test's output may be as large as the whole stored result).
 */
export function boundTest(test: TestCaseResult, maxBytes: number): TestCaseResult {
  const alone: JobResult = { output: '', error: '', executionTime: 0, verdict: test.verdict, passed: 0, total: 1, score: 0, maxScore: 0, testCases: [test] };
  return boundResult(alone, maxBytes).testCases[0]!;
}

/**
 * The largest length L such that the sizes, each cut to at most L, sum to at most `room`
 * (sizes at or under L stay whole).
 */
export function waterLevel(sizes: readonly number[], room: number): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let left = room;
  for (const [index, size] of sorted.entries()) {
    const share = Math.floor(left / (sorted.length - index));
    if (size > share) return share;
    left -= size;
  }
  return Number.MAX_SAFE_INTEGER; // everything fits whole
}

function slotsOf(result: JobResult): Slot[] {
  const slots: Slot[] = [];
  const add = (text: string, put: (text: string, cut: boolean) => void) => slots.push({ text, bytes: jsonTextBytes(text), put });
  // A job without tests: its output and error are its single run's stdout and stderr.
  const singleRun = result.outputTruncated !== undefined;
  add(result.output, (text, cut) => {
    result.output = text;
    if (singleRun && cut) result.outputTruncated = true;
  });
  add(result.error, (text, cut) => {
    result.error = text;
    if (singleRun && cut) result.stderrTruncated = true;
  });
  const compile = result.compile;
  if (compile) add(compile.output, (text) => (compile.output = text));
  const checkerCompile = result.checkerCompile;
  if (checkerCompile) add(checkerCompile.output, (text) => (checkerCompile.output = text));
  for (const test of result.testCases) if (isVisible(test)) addTestSlots(test, add);
  return slots;
}

/** A visible test's texts, each with the flag a cut sets. */
const TEST_TEXTS = [
  ['input', 'inputTruncated'],
  ['expected', 'expectedTruncated'],
  ['actualOutput', 'outputTruncated'],
  ['stderr', 'stderrTruncated'],
] as const;

function addTestSlots(test: VisibleTestCaseResult, add: (text: string, put: (text: string, cut: boolean) => void) => void): void {
  for (const [field, flag] of TEST_TEXTS) {
    add(test[field], (text, cut) => {
      test[field] = text;
      if (cut) test[flag] = true;
    });
  }
  // Already capped (program-verdict.ts), and cut with the rest when the whole result is too big.
  if (test.checkerMessage !== undefined) add(test.checkerMessage, (text) => (test.checkerMessage = text));
}

function isVisible(test: TestCaseResult): test is VisibleTestCaseResult {
  return test.hidden !== true;
}
