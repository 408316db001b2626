/**
 * The conformance suite of a language pack: its fixtures run through the executor's own judge and
 * the real sandbox (the same createSandbox the executor starts with, so it fails closed the same
 * way), every verdict checked. Bundled packs run it in CI; a third-party pack author runs it with
 * `npx sentinel-pack-test` (cli.ts).
 */
import os from 'node:os';
import pLimit, { type LimitFunction } from 'p-limit';
import {
  DEFAULT_CHECKER,
  JobRules,
  type CheckerSpec,
  loadFixtures,
  type Fixture,
  type JobPayload,
  type JobResult,
  type ResolvedPack,
  type Verdict,
} from '@sentinel/core';
import { sandboxSettings, type ExecutorConfig } from '../config.js';
import { judge } from '../judge.js';
import { createSandbox } from '../sandbox/select.js';
import type { RunOutcome, RunSpec, Sandbox } from '../sandbox/types.js';
import { Workspaces } from '../workspace.js';
import { nameClashes } from './name-clashes.js';
import { missingTools } from './toolchain.js';

export interface FixtureReport {
  fixture: string;
  expected: Verdict;
  got: Verdict | 'ERROR';
  /** Empty when the fixture got everything its manifest says. */
  problems: string[];
  ms: number;
}

export interface ConformanceReport {
  pack: string;
  ok: boolean;
  /** Programs and paths the pack needs that are not on this machine. */
  missingTools: string[];
  /** Kinds of fixture every pack must have but this one lacks. */
  missingFixtures: string[];
  /** Names (id, aliases, Piston names, Judge0 id) another installed pack claims too. */
  nameClashes: string[];
  fixtures: FixtureReport[];
}

/** Medians of hello world through the sandbox: the compile step and the run, ms. */
export interface PackTiming {
  pack: string;
  compileMs: number | null;
  runMs: number;
  runs: number;
}

export class PackTester {
  private readonly limit: LimitFunction;
  /** The executor's limits for any pack it is given (the packs are not known up front). */
  private readonly rules: JobRules;

  private constructor(
    private readonly config: ExecutorConfig,
    private readonly sandbox: Sandbox,
    private readonly workspaces: Workspaces,
  ) {
    this.limit = pLimit(os.availableParallelism());
    this.rules = JobRules.fromConfig(config, []);
  }

  /** Sets up the sandbox exactly as the executor does (and fails the same way when it cannot). */
  static async create(config: ExecutorConfig): Promise<PackTester> {
    const workspaces = new Workspaces(config.SENTINEL_WORK_DIR);
    await workspaces.init();
    return new PackTester(config, await createSandbox(sandboxSettings(config), workspaces), workspaces);
  }

  /** Ends the sandbox's spares; the tester runs nothing more. */
  async close(): Promise<void> {
    await this.sandbox.close();
    await this.workspaces.close();
  }

  /** Runs the pack's fixtures and checks its names against `installed` (the other packs on this machine). */
  async test(pack: ResolvedPack, installed: readonly ResolvedPack[] = []): Promise<ConformanceReport> {
    const clashes = nameClashes(pack, installed);
    const fixtures = await loadFixtures(pack);
    const missing = await missingTools(pack);
    const reports = missing.length ? [] : await Promise.all([...fixtures.map((fixture) => this.limit(() => this.runFixture(pack, fixture))), this.limit(() => this.checkerLanguage(pack, fixtures))]);
    const missingFixtures = requiredKinds(pack).filter((kind) => !fixtures.some(kind.matches)).map((kind) => kind.name);
    return {
      pack: pack.id,
      ok: missing.length === 0 && missingFixtures.length === 0 && clashes.length === 0 && reports.every((report) => report.problems.length === 0),
      missingTools: missing,
      missingFixtures,
      nameClashes: clashes,
      fixtures: reports,
    };
  }

  /** Runs the pack's "hello" fixture `runs` times and answers the medians of its compile and run. */
  async timing(pack: ResolvedPack, runs: number): Promise<PackTiming> {
    const hello = (await loadFixtures(pack)).find((fixture) => fixture.name === 'hello');
    if (!hello) throw new Error(`${pack.id} has no "hello" fixture to time`);
    const compile: number[] = [];
    const run: number[] = [];
    for (let i = 0; i < runs; i++) {
      const timed = new TimingSandbox(this.sandbox);
      await this.judgeFixture(pack, hello, timed);
      for (const { spec, outcome } of timed.runs) (spec.collectInto !== undefined ? compile : run).push(outcome.wallMs);
    }
    return { pack: pack.id, compileMs: compile.length ? median(compile) : null, runMs: median(run), runs };
  }

  private async runFixture(pack: ResolvedPack, fixture: Fixture): Promise<FixtureReport> {
    const started = performance.now();
    let result: JobResult;
    try {
      result = await this.judgeFixture(pack, fixture, this.sandbox);
    } catch (error) {
      return { fixture: fixture.name, expected: fixture.verdict, got: 'ERROR', problems: [`the executor failed: ${(error as Error).message}`], ms: elapsed(started) };
    }
    return { fixture: fixture.name, expected: fixture.verdict, got: result.verdict, problems: compare(fixture, result), ms: elapsed(started) };
  }

  /**
   * Whether the pack can serve as a checker language: its hello fixture, judged by itself as a
   * checker program (given input.txt, output.txt and answer.txt), compiles once, runs in the
   * checker's sandbox, exits 0 and so accepts, and what it prints is the test's checkerMessage.
   */
  private async checkerLanguage(pack: ResolvedPack, fixtures: readonly Fixture[]): Promise<FixtureReport> {
    const started = performance.now();
    const report = (got: FixtureReport['got'], problems: string[]): FixtureReport => ({ fixture: CHECKER_LANGUAGE_CHECK, expected: 'ACCEPTED', got, problems, ms: elapsed(started) });
    const hello = fixtures.find((fixture) => fixture.name === 'hello' && fixture.output !== undefined);
    if (!hello) return report('ERROR', ['no "hello" fixture to run as a checker']);
    const judged: Fixture = { ...hello, stdin: undefined, testCases: [{ input: '', expected: hello.output! }] };
    let result: JobResult;
    try {
      result = await this.judgeFixture(pack, judged, this.sandbox, { type: 'program', language: pack.id, code: hello.code, files: [] });
    } catch (error) {
      return report('ERROR', [`the executor failed: ${(error as Error).message}`]);
    }
    const test = result.testCases[0];
    const message = test && 'checkerMessage' in test ? test.checkerMessage : undefined;
    const problems: string[] = [];
    if (result.verdict !== 'ACCEPTED') problems.push(`as a checker: verdict ${result.verdict}, expected ACCEPTED${message || result.error ? `: ${(message || result.error).slice(0, 300)}` : ''}`);
    else if (message !== hello.output!.trim()) problems.push(`as a checker: checkerMessage ${JSON.stringify(message?.slice(0, 200))}, expected ${JSON.stringify(hello.output!.trim())}`);
    return report(result.verdict, problems);
  }

  private judgeFixture(pack: ResolvedPack, fixture: Fixture, sandbox: Sandbox, checker: CheckerSpec = { ...DEFAULT_CHECKER }): Promise<JobResult> {
    const payload: JobPayload = {
      id: crypto.randomUUID(),
      language: pack.id,
      code: fixture.code,
      testCases: fixture.testCases,
      stdin: fixture.stdin ?? '',
      args: [],
      files: [],
      compilerOptions: [],
      limits: fixture.limits ?? {},
      checker,
      stopOnFirstFailure: false,
      submittedAt: new Date().toISOString(),
    };
    return judge(payload, pack, {
      sandbox,
      workspaces: this.workspaces,
      runLimits: this.rules.runLimits(pack, fixture.limits),
      compileLimits: this.rules.compileLimits(pack),
      // The pack is its own checker language here.
      rules: JobRules.fromConfig(this.config, [pack]),
      resultOutputBytes: this.config.SENTINEL_RESULT_OUTPUT_KB * 1024,
    });
  }
}

/** The report line of the checker-language check. */
export const CHECKER_LANGUAGE_CHECK = 'as a checker';

/** What a fixture's manifest entry says against what the job got. */
function compare(fixture: Fixture, result: JobResult): string[] {
  const problems: string[] = [];
  const detail = result.error || result.testCases.map((test) => ('stderr' in test ? test.stderr : '')).join('').trim();
  if (result.verdict !== fixture.verdict) problems.push(`verdict ${result.verdict}, expected ${fixture.verdict}${detail ? `: ${detail.slice(0, 300)}` : ''}`);
  if (fixture.passed) {
    const passed = result.testCases.map((test) => test.passed);
    if (JSON.stringify(passed) !== JSON.stringify(fixture.passed)) problems.push(`passed ${JSON.stringify(passed)}, expected ${JSON.stringify(fixture.passed)}`);
  }
  if (fixture.output !== undefined && result.output !== fixture.output) problems.push(`output ${JSON.stringify(result.output.slice(0, 200))}, expected ${JSON.stringify(fixture.output)}`);
  return problems;
}

interface FixtureKind {
  name: string;
  matches: (fixture: Fixture) => boolean;
}

/** The fixtures every pack must have (a compiled one also a compile error). */
function requiredKinds(pack: ResolvedPack): FixtureKind[] {
  const kinds: FixtureKind[] = [
    { name: 'hello (ACCEPTED, output, no input)', matches: (f) => f.name === 'hello' && f.verdict === 'ACCEPTED' && f.output !== undefined },
    { name: 'echo (ACCEPTED, output from stdin)', matches: (f) => f.verdict === 'ACCEPTED' && !!f.stdin && f.output !== undefined },
    { name: 'test cases (ACCEPTED, two or more passing)', matches: (f) => f.verdict === 'ACCEPTED' && f.testCases.length >= 2 },
    { name: 'WRONG_ANSWER', matches: (f) => f.verdict === 'WRONG_ANSWER' },
    { name: 'RUNTIME_ERROR', matches: (f) => f.verdict === 'RUNTIME_ERROR' },
    { name: 'TIME_LIMIT', matches: (f) => f.verdict === 'TIME_LIMIT' },
  ];
  if (pack.compile) kinds.push({ name: 'COMPILATION_ERROR', matches: (f) => f.verdict === 'COMPILATION_ERROR' });
  return kinds;
}

/** Passes runs through to a sandbox and keeps what each took. */
class TimingSandbox implements Sandbox {
  readonly runs: Array<{ spec: RunSpec; outcome: RunOutcome }> = [];

  constructor(private readonly inner: Sandbox) {}

  get info() {
    return this.inner.info;
  }

  async run(spec: RunSpec): Promise<RunOutcome> {
    const outcome = await this.inner.run(spec);
    this.runs.push({ spec, outcome });
    return outcome;
  }

  /** The inner sandbox is the tester's, which closes it. */
  async close(): Promise<void> {}
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
