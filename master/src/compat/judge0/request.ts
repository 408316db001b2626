/**
 * A Judge0 submission (POST /submissions body) into a Sentinel ExecuteRequest, checked by the job
 * rules. Units: Judge0's time limits are seconds, its memory and file sizes KB. A field Sentinel
 * cannot honour is refused (422 naming it) when asked for, or accepted and ignored where Judge0's
 * own default is what Sentinel does anyway (docs/compat-judge0.md).
 */
import { RequestError, type AcceptedRequest, type ExecuteRequest, type JobRules, type Limits, type ResolvedPack } from '@sentinel/core';
import { decodeText } from './encoding.js';
import { Judge0Error } from './errors.js';
import { judge0Language, type Judge0Language } from './languages.js';

/** Judge0's documented maxima (app/helpers/config.rb defaults): never above, whatever the language allows. */
const JUDGE0_MAXIMA = { cpu_time_limit: 15, cpu_extra_time: 5, wall_time_limit: 20, memory_limit: 512_000, stack_limit: 128_000, max_processes_and_or_threads: 120, max_file_size: 4096, number_of_runs: 20 };
/** Judge0's defaults of the limits Sentinel does not use (echoed back as Judge0 would). */
const JUDGE0_DEFAULTS = { cpu_extra_time: 1, stack_limit: 64_000 };
/** Judge0's length bound of compiler_options and command_line_arguments. */
const MAX_ARGUMENT_CHARS = 512;

/** What GET echoes of the request: its own fields, with the limits that applied, in Judge0's units. */
export interface StoredSubmission {
  source_code: string;
  language_id: number;
  language: Judge0Language;
  stdin: string | null;
  expected_output: string | null;
  number_of_runs: number;
  cpu_time_limit: number;
  cpu_extra_time: number;
  wall_time_limit: number;
  memory_limit: number;
  stack_limit: number;
  max_processes_and_or_threads: number;
  enable_per_process_and_thread_time_limit: boolean;
  enable_per_process_and_thread_memory_limit: boolean;
  max_file_size: number;
  compiler_options: string | null;
  command_line_arguments: string | null;
  redirect_stderr_to_stdout: boolean;
  callback_url: string | null;
  additional_files: null;
  enable_network: boolean;
}

export interface Translated {
  accepted: AcceptedRequest;
  stored: StoredSubmission;
}

type Errors = Record<string, string[]>;

/** Reads one submission's fields, collecting each field's errors as Judge0 does (all at once). */
class FieldReader {
  readonly errors: Errors = {};
  constructor(private readonly body: Record<string, unknown>) {}

  fail(field: string, message: string): undefined {
    (this.errors[field] ??= []).push(message);
    return undefined;
  }

  present(field: string): boolean {
    const value = this.body[field];
    return value !== undefined && value !== null && value !== '';
  }

  text(field: string, base64 = false): string | undefined {
    if (!this.present(field)) return undefined;
    const value = this.body[field];
    if (typeof value !== 'string') return this.fail(field, 'must be a string');
    if (!base64) return value;
    return decodeText(value) ?? this.fail(field, 'is not valid UTF-8 once base64-decoded');
  }

  number(field: string, min: number, max: number, integer = false): number | undefined {
    if (!this.present(field)) return undefined;
    const raw = this.body[field];
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isFinite(value)) return this.fail(field, 'is not a number');
    if (integer && !Number.isInteger(value)) return this.fail(field, 'must be an integer');
    if (value < min) return this.fail(field, `must be greater than or equal to ${min}`);
    if (value > max) return this.fail(field, `must be less than or equal to ${max}`);
    return value;
  }

  flag(field: string): boolean | undefined {
    if (!this.present(field)) return undefined;
    const value = this.body[field];
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    return this.fail(field, 'must be true or false');
  }
}

/** Seconds -> ms, at least 1 (Sentinel has no zero limit). */
const ms = (seconds: number) => Math.max(1, Math.round(seconds * 1000));

/** A 422 when any field has errors. */
function throwErrors(errors: Errors): void {
  if (Object.keys(errors).length) throw new Judge0Error(422, errors);
}

export function translate(body: unknown, rules: JobRules, base64: boolean): Translated {
  const fields = new FieldReader(typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {});
  const code = fields.text('source_code', base64);
  if (code === undefined && !fields.errors.source_code) fields.fail('source_code', "can't be blank");
  const languageId = fields.number('language_id', -Infinity, Infinity, true);
  let pack: ResolvedPack | undefined;
  if (languageId === undefined) {
    if (!fields.errors.language_id) fields.fail('language_id', "can't be blank");
  } else {
    pack = rules.packs.findJudge0(languageId);
    if (!pack) fields.fail('language_id', `language with id ${languageId} doesn't exist`);
  }
  const stdin = fields.text('stdin', base64);
  const expected = fields.text('expected_output', base64);
  const compilerOptions = fields.text('compiler_options');
  const commandLine = fields.text('command_line_arguments');
  for (const [field, value] of [['compiler_options', compilerOptions], ['command_line_arguments', commandLine]] as const) {
    if (value !== undefined && value.length > MAX_ARGUMENT_CHARS) fields.fail(field, `is too long (maximum is ${MAX_ARGUMENT_CHARS} characters)`);
  }
  const callbackUrl = fields.text('callback_url');
  const runs = fields.number('number_of_runs', 1, JUDGE0_MAXIMA.number_of_runs, true);
  if (runs !== undefined && runs > 1) fields.fail('number_of_runs', 'must be 1: Sentinel runs a submission once');
  if (fields.flag('enable_network') === true) fields.fail('enable_network', 'must be false: Sentinel sandboxes have no network');
  if (fields.flag('redirect_stderr_to_stdout') === true) fields.fail('redirect_stderr_to_stdout', 'must be false: Sentinel keeps stdout and stderr apart');
  if (fields.present('additional_files')) fields.fail('additional_files', 'is not supported by Sentinel');
  const perProcessTime = fields.flag('enable_per_process_and_thread_time_limit') ?? false;
  const perProcessMemory = fields.flag('enable_per_process_and_thread_memory_limit') ?? false;
  const cpuExtra = fields.number('cpu_extra_time', 0, JUDGE0_MAXIMA.cpu_extra_time) ?? JUDGE0_DEFAULTS.cpu_extra_time;
  const stack = fields.number('stack_limit', 0, JUDGE0_MAXIMA.stack_limit, true) ?? JUDGE0_DEFAULTS.stack_limit;

  // Limits: at most Judge0's maximum and the language's own ceiling (pack, then operator maximum).
  const ceiling: Limits | undefined = pack && rules.ceiling(pack);
  const cap = (judge0Max: number, sentinelMax: number | undefined) => Math.min(judge0Max, sentinelMax ?? Infinity);
  const cpu = fields.number('cpu_time_limit', 0, cap(JUDGE0_MAXIMA.cpu_time_limit, ceiling && ceiling.cpuMs / 1000));
  const wall = fields.number('wall_time_limit', 0, cap(JUDGE0_MAXIMA.wall_time_limit, ceiling && ceiling.wallMs / 1000));
  const memory = fields.number('memory_limit', 2048, cap(JUDGE0_MAXIMA.memory_limit, ceiling && ceiling.memoryMb * 1024), true);
  const processes = fields.number('max_processes_and_or_threads', 1, cap(JUDGE0_MAXIMA.max_processes_and_or_threads, ceiling?.processes), true);
  const fileSize = fields.number('max_file_size', 0, cap(JUDGE0_MAXIMA.max_file_size, ceiling?.fileSizeKb), true);
  throwErrors(fields.errors);

  const limits: Partial<Limits> = {
    ...(cpu === undefined ? {} : { cpuMs: ms(cpu) }),
    ...(wall === undefined ? {} : { wallMs: ms(wall) }),
    ...(memory === undefined ? {} : { memoryMb: Math.ceil(memory / 1024) }),
    ...(processes === undefined ? {} : { processes }),
    ...(fileSize === undefined ? {} : { fileSizeKb: Math.max(1, fileSize) }),
  };
  const request: ExecuteRequest = {
    code: code!,
    language: pack!.id,
    // With expected_output, one test judged by the judge0 checker; without, one run of stdin.
    ...(expected === undefined ? { stdin: stdin ?? '' } : { testCases: [{ input: stdin ?? '', expected }], checker: 'judge0' }),
    ...(commandLine === undefined ? {} : { args: words(commandLine) }),
    ...(compilerOptions === undefined ? {} : { compilerOptions: words(compilerOptions) }),
    limits,
    ...(callbackUrl === undefined ? {} : { callbackUrl }),
  };
  const accepted = checked(rules, request);
  const applied = rules.runLimits(accepted.pack, limits);
  const stored: StoredSubmission = {
    source_code: request.code,
    language_id: languageId!,
    language: judge0Language(accepted.pack)!,
    stdin: stdin ?? null,
    expected_output: expected ?? null,
    number_of_runs: 1,
    cpu_time_limit: applied.cpuMs / 1000,
    cpu_extra_time: cpuExtra,
    wall_time_limit: applied.wallMs / 1000,
    memory_limit: applied.memoryMb * 1024,
    stack_limit: stack,
    max_processes_and_or_threads: applied.processes,
    enable_per_process_and_thread_time_limit: perProcessTime,
    enable_per_process_and_thread_memory_limit: perProcessMemory,
    max_file_size: applied.fileSizeKb,
    compiler_options: compilerOptions ?? null,
    command_line_arguments: commandLine ?? null,
    redirect_stderr_to_stdout: false,
    callback_url: callbackUrl ?? null,
    additional_files: null,
    enable_network: false,
  };
  return { accepted, stored };
}

/** Whitespace-separated words (Judge0 hands these strings to a shell; Sentinel never runs a shell). */
function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/** Sentinel's field names -> Judge0's, for a refusal of the job rules. */
const FIELD_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/^code$/, 'source_code'],
  [/^(stdin|testCases\[0\]\.input)$/, 'stdin'],
  [/^testCases\[0\]\.expected$/, 'expected_output'],
  [/^args/, 'command_line_arguments'],
  [/^compilerOptions/, 'compiler_options'],
  [/^limits\.cpuMs$/, 'cpu_time_limit'],
  [/^limits\.wallMs$/, 'wall_time_limit'],
  [/^limits\.memoryMb$/, 'memory_limit'],
  [/^limits\.processes$/, 'max_processes_and_or_threads'],
  [/^limits\.fileSizeKb$/, 'max_file_size'],
  [/^callbackUrl$/, 'callback_url'],
  [/^language$/, 'language_id'],
];

export function judge0Field(field: string | undefined): string {
  return FIELD_NAMES.find(([pattern]) => field !== undefined && pattern.test(field))?.[1] ?? 'base';
}

/** The job rules' check, a refusal as a 422 naming the Judge0 field. */
function checked(rules: JobRules, request: ExecuteRequest): AcceptedRequest {
  try {
    return rules.checkRequest(request);
  } catch (error) {
    if (error instanceof RequestError) throw new Judge0Error(422, { [judge0Field(error.field)]: [error.message] });
    throw error;
  }
}
