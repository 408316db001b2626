/** `?fields=`: which attributes of a submission an answer has (Judge0's Fields::Submission). */
import { Judge0Error } from './errors.js';

/** Every attribute `fields=*` gives: Judge0's submission attributes, then Sentinel's one addition. */
export const ALL_FIELDS = [
  'token',
  'source_code',
  'language_id',
  'stdin',
  'expected_output',
  'stdout',
  'status_id',
  'created_at',
  'finished_at',
  'time',
  'memory',
  'stderr',
  'number_of_runs',
  'cpu_time_limit',
  'cpu_extra_time',
  'wall_time_limit',
  'memory_limit',
  'stack_limit',
  'max_processes_and_or_threads',
  'enable_per_process_and_thread_time_limit',
  'enable_per_process_and_thread_memory_limit',
  'max_file_size',
  'compile_output',
  'exit_code',
  'exit_signal',
  'message',
  'wall_time',
  'compiler_options',
  'command_line_arguments',
  'redirect_stderr_to_stdout',
  'callback_url',
  'additional_files',
  'enable_network',
  'status',
  'language',
  // Sentinel's own verdict (MEMORY_LIMIT has no Judge0 status): an addition.
  'sentinel_verdict',
] as const;
export type Field = (typeof ALL_FIELDS)[number];

/** Judge0's eight, plus sentinel_verdict. */
export const DEFAULT_FIELDS: readonly Field[] = ['token', 'time', 'memory', 'stdout', 'stderr', 'compile_output', 'message', 'status', 'sentinel_verdict'];

/** The attributes whose text base64_encoded=true encodes (the request's own texts echo encoded too). */
export const TEXT_FIELDS: ReadonlySet<Field> = new Set(['source_code', 'stdin', 'expected_output', 'stdout', 'stderr', 'compile_output', 'message']);

const KNOWN: ReadonlySet<string> = new Set(ALL_FIELDS);

/** The requested fields: `*` all, absent or empty the defaults; an unknown one is a 400 listing them. */
export function parseFields(raw: string | string[] | undefined): readonly Field[] {
  if (Array.isArray(raw)) raw = raw.join(',');
  if (raw === undefined || raw.trim() === '') return DEFAULT_FIELDS;
  const names = raw.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.includes('*')) return ALL_FIELDS;
  const invalid = names.filter((name) => !KNOWN.has(name));
  if (invalid.length) throw new Judge0Error(400, { error: `invalid fields: [${invalid.join(', ')}]` });
  return names.length ? (names as Field[]) : DEFAULT_FIELDS;
}
