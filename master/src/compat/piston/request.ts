/**
 * A Piston v2 execute body (`POST /api/v2/execute`, and the `init` message of `/connect`) as a
 * Sentinel ExecuteRequest: the main file (the first utf8 one, as Piston runs it: files[0] in
 * practice) is the code, written to the pack's source file; the others are `files`; stdin gets
 * Piston's newline; the limit fields lower the run's limits. The
 * result then goes through JobRules.checkRequest like any POST /execute (`checkTranslated`).
 */
import { RequestError, type AcceptedRequest, type ExecuteRequest, type JobFile, type JobRules, type PackRegistry } from '@sentinel/core';
import { pistonBadRequest } from './errors.js';
import { pistonLimits, type PistonLimits } from './limits.js';
import { findRuntime, unknownRuntimeMessage, type PistonPack } from './runtimes.js';

const ENCODINGS = ['utf8', 'base64', 'hex'] as const;
type PistonEncoding = (typeof ENCODINGS)[number];

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** A Piston body, translated: its runtime, the Sentinel request and the limits it asked for. */
export interface TranslatedRequest {
  runtime: PistonPack;
  request: ExecuteRequest;
  limits: PistonLimits;
  /** Piston's index of each Sentinel `files[i]`, and of the main file, for error messages. */
  pistonIndex: { main: number; files: number[] };
}

/** What translating needs: the packs (runtime table) and the rules (limit ceilings). */
export interface TranslateDeps {
  registry: PackRegistry;
  rules: JobRules;
  /** For /connect: an interactive session's wall bound, which stands in for the language's run wall limit. */
  sessionWallMs?: number;
}

/**
 * Piston's checks, in Piston's order and with its messages (400s as HttpError), then the
 * translation. Sentinel's own checks (sizes, file names, NUL in code) come after, in checkTranslated.
 */
export function translateRequest(body: unknown, { registry, rules, sessionWallMs }: TranslateDeps): TranslatedRequest {
  const fields: Record<string, unknown> = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const { language, version, files, stdin, args } = fields;
  if (typeof language !== 'string' || language === '') throw pistonBadRequest('language is required as a string');
  if (typeof version !== 'string' || version === '') throw pistonBadRequest('version is required as a string');
  if (!Array.isArray(files)) throw pistonBadRequest('files is required as an array');
  const checked = files.map((file: unknown, index) => checkFile(file, index));
  const runtime = findRuntime(registry, language, version);
  if (!runtime) throw pistonBadRequest(unknownRuntimeMessage(language, version));
  if (!checked.some((file) => file.encoding === 'utf8')) throw pistonBadRequest('files must include at least one utf8 encoded file');
  if (stdin !== undefined && stdin !== null && typeof stdin !== 'string') throw pistonBadRequest('stdin must be a string');
  if (args !== undefined && args !== null && !(Array.isArray(args) && args.every((arg) => typeof arg === 'string'))) {
    throw pistonBadRequest('args must be an array of strings');
  }
  const { pack } = runtime;
  const run = rules.ceiling(pack);
  const limits = pistonLimits(fields, { run: sessionWallMs === undefined ? run : { ...run, wallMs: sessionWallMs }, compile: rules.compileLimits(pack) });
  const main = checked.find((file) => file.encoding === 'utf8')!;
  const others = checked.filter((file) => file !== main);
  const request: ExecuteRequest = {
    language: pack.id,
    code: main.content,
    // As Piston's job.js: a stdin that does not end in a newline gets one, an empty one included.
    stdin: typeof stdin === 'string' && stdin.endsWith('\n') ? stdin : `${stdin ?? ''}\n`,
    args: (args as string[] | undefined | null) ?? [],
    files: others.map(sentinelFile),
    limits: limits.run,
  };
  return { runtime, request, limits, pistonIndex: { main: main.index, files: others.map((file) => file.index) } };
}

/**
 * JobRules.checkRequest on a translated request, its refusals (400, Piston's shape) naming Piston's
 * fields: Sentinel's `files[i]` and `code` are renamed to the Piston file they came from.
 */
export function checkTranslated<T extends AcceptedRequest = AcceptedRequest>(
  rules: JobRules,
  { request, pistonIndex }: Pick<TranslatedRequest, 'request' | 'pistonIndex'>,
  check: (rules: JobRules, request: ExecuteRequest) => T = (checking, body) => checking.checkRequest(body) as T,
): T {
  try {
    return check(rules, request);
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    const renamed = error.message
      .replace(/files\[(\d+)\]/g, (_whole, index: string) => `files[${pistonIndex.files[Number(index)] ?? index}]`)
      .replace(/"code"/g, `"files[${pistonIndex.main}].content"`);
    throw pistonBadRequest(renamed);
  }
}

interface CheckedFile {
  name?: string;
  content: string;
  encoding: PistonEncoding;
  index: number;
}

function checkFile(file: unknown, index: number): CheckedFile {
  const { name, content, encoding = 'utf8' } = typeof file === 'object' && file !== null ? (file as Record<string, unknown>) : {};
  if (typeof content !== 'string') throw pistonBadRequest(`files[${index}].content is required as a string`);
  if (name !== undefined && name !== null && typeof name !== 'string') throw pistonBadRequest(`files[${index}].name must be a string`);
  if (!ENCODINGS.includes(encoding as PistonEncoding)) throw pistonBadRequest(`files[${index}].encoding must be one of ${ENCODINGS.join(', ')}`);
  if (encoding === 'hex' && !HEX.test(content)) throw pistonBadRequest(`files[${index}].content is not valid hex`);
  return { ...(typeof name === 'string' && name !== '' ? { name } : {}), content, encoding: encoding as PistonEncoding, index };
}

/** Another file, named as Piston names it (`file${i}.code` when it has no name); hex becomes base64. */
function sentinelFile(file: CheckedFile): JobFile {
  const name = file.name ?? `file${file.index}.code`;
  if (file.encoding === 'utf8') return { name, content: file.content };
  const base64 = file.encoding === 'hex' ? Buffer.from(file.content, 'hex').toString('base64') : file.content;
  return { name, content: base64, encoding: 'base64' };
}
