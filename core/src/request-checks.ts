/**
 * Checks of a request that need its language's pack: the version, compiler options against the
 * pack's allowlist, extra file names against the source file, and limits against the language's
 * ceiling. Each answers the RequestError (not thrown) or undefined; the job rules decide what to throw.
 */
import type { JobFile, TestCaseSpec } from './job.js';
import { requestedLimitAboveCeiling, type Limits } from './limits.js';
import type { ResolvedPack } from './pack/contract.js';
import { RequestError } from './request-error.js';

/** What the pack-dependent checks look at (a request after the schema, or a payload). */
export interface PackCheckedFields {
  version?: string;
  compilerOptions: string[];
  args: string[];
  files: JobFile[];
  limits: Partial<Limits>;
  testCases: TestCaseSpec[];
}

export function checkAgainstPack(pack: ResolvedPack, request: PackCheckedFields, ceiling: Limits): RequestError | undefined {
  return (
    checkVersion(pack, request.version) ??
    checkArgs(pack, request.args) ??
    checkCompilerOptions(pack, request.compilerOptions) ??
    checkFiles(pack, request.files) ??
    checkLimits(pack, request, ceiling)
  );
}

function checkVersion(pack: ResolvedPack, version: string | undefined): RequestError | undefined {
  if (version === undefined || version.toLowerCase() === pack.version.toLowerCase()) return undefined;
  return new RequestError('UNSUPPORTED_VERSION', `${pack.id} is offered in version "${pack.version}" only, not "${version}"`, { field: 'version' });
}

function checkArgs(pack: ResolvedPack, args: readonly string[]): RequestError | undefined {
  if (pack.takesArgs || args.length === 0) return undefined;
  return new RequestError('INVALID_REQUEST', `${pack.id} programs take no command-line arguments: "args" must be empty`, { field: 'args' });
}

function checkCompilerOptions(pack: ResolvedPack, options: readonly string[]): RequestError | undefined {
  if (options.length === 0) return undefined;
  if (!pack.compile) return new RequestError('COMPILER_OPTION_NOT_ALLOWED', `${pack.id} is not compiled: it takes no compilerOptions`, { field: 'compilerOptions' });
  const allowed = pack.compilerOptions.map((source) => new RegExp(`^(?:${source})$`));
  for (const [index, option] of options.entries()) {
    if (!allowed.some((pattern) => pattern.test(option))) {
      const list = pack.compilerOptions.length ? `allowed: ${pack.compilerOptions.join(' | ')}` : 'it allows none';
      return new RequestError('COMPILER_OPTION_NOT_ALLOWED', `"${option}" is not a compiler option ${pack.id} allows (${list})`, { field: `compilerOptions[${index}]` });
    }
  }
  return undefined;
}

function checkFiles(pack: ResolvedPack, files: readonly JobFile[]): RequestError | undefined {
  const index = files.findIndex((file) => file.name === pack.sourceFile || file.name.startsWith(`${pack.sourceFile}/`));
  if (index === -1) return undefined;
  return new RequestError('INVALID_REQUEST', `"${files[index]!.name}" is where ${pack.id} puts the submitted code (${pack.sourceFile})`, { field: `files[${index}].name` });
}

function checkLimits(pack: ResolvedPack, request: PackCheckedFields, ceiling: Limits): RequestError | undefined {
  const tooHigh = requestedLimitAboveCeiling(request.limits, ceiling);
  if (tooHigh) {
    const message = `"limits.${tooHigh.name}" is ${tooHigh.value}, above the maximum of ${tooHigh.maximum} for ${pack.id}; a request may only lower limits`;
    return new RequestError('LIMIT_TOO_HIGH', message, { field: `limits.${tooHigh.name}`, extra: { maximum: tooHigh.maximum } });
  }
  const index = request.testCases.findIndex((test) => test.timeLimitMs !== undefined && test.timeLimitMs > ceiling.wallMs);
  if (index === -1) return undefined;
  const field = `testCases[${index}].timeLimitMs`;
  const message = `"${field}" is ${request.testCases[index]!.timeLimitMs}, above the maximum of ${ceiling.wallMs} for ${pack.id}`;
  return new RequestError('LIMIT_TOO_HIGH', message, { field, extra: { maximum: ceiling.wallMs } });
}
