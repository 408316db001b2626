/**
 * Checks of a request that need its language's pack: the version, compiler options against the
 * pack's allowlist, extra file names against the source file, and limits against the language's
 * ceiling. The master answers a problem with a 400; an executor rejects a payload that has one.
 */
import type { JobFile, TestCaseSpec } from './job.js';
import { requestedLimitAboveCeiling, type Limits } from './limits.js';
import type { ResolvedPack } from './pack/contract.js';

export interface RequestProblem {
  code: 'UNSUPPORTED_VERSION' | 'COMPILER_OPTION_NOT_ALLOWED' | 'INVALID_REQUEST' | 'LIMIT_TOO_HIGH';
  /** The offending field, e.g. "compilerOptions[1]", "limits.cpuMs". */
  field: string;
  message: string;
  /** For LIMIT_TOO_HIGH: the most that may be asked. */
  maximum?: number;
}

/** What the pack-dependent checks look at (a request after the schema, or a payload). */
export interface PackCheckedFields {
  version?: string;
  compilerOptions: string[];
  files: JobFile[];
  limits: Partial<Limits>;
  testCases: TestCaseSpec[];
}

export function checkAgainstPack(pack: ResolvedPack, request: PackCheckedFields, ceiling: Limits): RequestProblem | undefined {
  return (
    checkVersion(pack, request.version) ??
    checkCompilerOptions(pack, request.compilerOptions) ??
    checkFiles(pack, request.files) ??
    checkLimits(pack, request, ceiling)
  );
}

function checkVersion(pack: ResolvedPack, version: string | undefined): RequestProblem | undefined {
  if (version === undefined || version.toLowerCase() === pack.version.toLowerCase()) return undefined;
  return { code: 'UNSUPPORTED_VERSION', field: 'version', message: `${pack.id} is offered in version "${pack.version}" only, not "${version}"` };
}

function checkCompilerOptions(pack: ResolvedPack, options: readonly string[]): RequestProblem | undefined {
  if (options.length === 0) return undefined;
  if (!pack.compile) return { code: 'COMPILER_OPTION_NOT_ALLOWED', field: 'compilerOptions', message: `${pack.id} is not compiled: it takes no compilerOptions` };
  const allowed = pack.compilerOptions.map((source) => new RegExp(`^(?:${source})$`));
  for (const [index, option] of options.entries()) {
    if (!allowed.some((pattern) => pattern.test(option))) {
      const list = pack.compilerOptions.length ? `allowed: ${pack.compilerOptions.join(' | ')}` : 'it allows none';
      return { code: 'COMPILER_OPTION_NOT_ALLOWED', field: `compilerOptions[${index}]`, message: `"${option}" is not a compiler option ${pack.id} allows (${list})` };
    }
  }
  return undefined;
}

function checkFiles(pack: ResolvedPack, files: readonly JobFile[]): RequestProblem | undefined {
  const index = files.findIndex((file) => file.name === pack.sourceFile || file.name.startsWith(`${pack.sourceFile}/`));
  if (index === -1) return undefined;
  return { code: 'INVALID_REQUEST', field: `files[${index}].name`, message: `"${files[index]!.name}" is where ${pack.id} puts the submitted code (${pack.sourceFile})` };
}

function checkLimits(pack: ResolvedPack, request: PackCheckedFields, ceiling: Limits): RequestProblem | undefined {
  const tooHigh = requestedLimitAboveCeiling(request.limits, ceiling);
  if (tooHigh) {
    return {
      code: 'LIMIT_TOO_HIGH',
      field: `limits.${tooHigh.name}`,
      maximum: tooHigh.maximum,
      message: `"limits.${tooHigh.name}" is ${tooHigh.value}, above the maximum of ${tooHigh.maximum} for ${pack.id}; a request may only lower limits`,
    };
  }
  const index = request.testCases.findIndex((test) => test.timeLimitMs !== undefined && test.timeLimitMs > ceiling.wallMs);
  if (index === -1) return undefined;
  const field = `testCases[${index}].timeLimitMs`;
  return {
    code: 'LIMIT_TOO_HIGH',
    field,
    maximum: ceiling.wallMs,
    message: `"${field}" is ${request.testCases[index]!.timeLimitMs}, above the maximum of ${ceiling.wallMs} for ${pack.id}`,
  };
}
