/**
 * The job rules: one object, built from the config and the loaded packs, that the master, the
 * executor and the pack conformance kit ask what a request may be and what limits a run gets.
 */
import type { ObjectSchema, ValidationError } from 'joi';
import { ConfigError, InvalidJobError } from '../errors.js';
import { DEFAULT_REQUEST_BOUNDS, type CheckedRequest, type JobPayload, type RequestBounds } from '../job.js';
import { executeRequestSchema, jobPayloadSchema } from '../job-schema.js';
import { DEFAULT_COMPILE_LIMITS, DEFAULT_MAXIMUMS, limitCeiling, resolveLimits, type Limits } from '../limits.js';
import type { ResolvedPack } from '../pack/contract.js';
import { JUDGE_FILES, type ProgramSpec } from '../program.js';
import { PackRegistry } from '../pack/registry.js';
import { checkAgainstPack } from '../request-checks.js';
import { RequestError } from '../request-error.js';
import { rulesSettings, type JobRulesConfig } from './config.js';

export interface JobRulesOptions {
  /** The packs requests may name (by id or alias). */
  packs: PackRegistry | readonly ResolvedPack[];
  bounds?: RequestBounds;
  /** Operator maximums: no run exceeds them. */
  maximums?: Limits;
  /** A compile's limits before the pack's overrides. */
  compileDefaults?: Limits;
  /** Pack ids or aliases a checker program or interactor may be written in (default: every pack). */
  judgeLanguages?: readonly string[];
}

/** A request that passed every rule, with the pack it names. */
export interface AcceptedRequest {
  pack: ResolvedPack;
  request: CheckedRequest;
}

/** An interactive request that passed every rule, with its session's wall clock, ms. */
export interface AcceptedInteractive extends AcceptedRequest {
  wallMs: number;
}

/** Fields of POST /execute an interactive run refuses. */
export const NOT_INTERACTIVE = ['testCases', 'stdin', 'checker', 'interactor', 'stopOnFirstFailure', 'callbackUrl'] as const;

export class JobRules {
  readonly bounds: RequestBounds;
  readonly packs: PackRegistry;
  private readonly maximums: Limits;
  private readonly compileDefaults: Limits;
  private readonly requestSchema: ObjectSchema<CheckedRequest>;
  private readonly payloadSchema: ObjectSchema<JobPayload>;
  /** Pack ids judging programs may use; undefined: every pack. */
  private readonly judgeLanguages: ReadonlySet<string> | undefined;

  static fromConfig(config: JobRulesConfig, packs: JobRulesOptions['packs']): JobRules {
    return new JobRules({ packs, ...rulesSettings(config) });
  }

  constructor(options: JobRulesOptions) {
    this.packs = options.packs instanceof PackRegistry ? options.packs : new PackRegistry(options.packs);
    this.bounds = options.bounds ?? DEFAULT_REQUEST_BOUNDS;
    this.maximums = options.maximums ?? DEFAULT_MAXIMUMS;
    this.compileDefaults = options.compileDefaults ?? DEFAULT_COMPILE_LIMITS;
    this.requestSchema = executeRequestSchema(this.bounds).label('body');
    this.payloadSchema = jobPayloadSchema(this.bounds);
    this.judgeLanguages = options.judgeLanguages && new Set(options.judgeLanguages.map((name) => this.judgeLanguagePack(name)));
  }

  /** A POST /execute body: the schema, then the language, then its pack's checks. Throws RequestError. */
  checkRequest(body: unknown): AcceptedRequest {
    if (typeof body === 'object' && body !== null && Object.hasOwn(body, 'interactor') && Object.hasOwn(body, 'checker')) {
      throw new RequestError('INVALID_REQUEST', '"checker" is not allowed with "interactor": the interactor gives each test\'s verdict', { field: 'checker' });
    }
    const { value, error } = this.requestSchema.validate(body, { abortEarly: true });
    if (error) throw invalidRequest(error);
    const pack = this.findLanguage(value.language);
    const problem = checkAgainstPack(pack, value, this.ceiling(pack));
    if (problem) throw problem;
    const request = { ...value };
    if (value.checker.type === 'program') request.checker = { ...value.checker, ...this.checkProgram(value.checker, 'checker') };
    if (value.interactor) request.interactor = this.checkProgram(value.interactor, 'interactor');
    return { pack, request };
  }

  /**
   * The pack of a payload's judging program (its language is a pack id by then), if this process
   * has it: an executor may serve one language only (its image holds that toolchain), which makes
   * a checker in another language the job author's CHECKER_ERROR, not a forged job.
   */
  judgePack(program: ProgramSpec): ResolvedPack | undefined {
    const pack = this.packs.find(program.language);
    return pack?.id === program.language ? pack : undefined;
  }

  /** A request's checker program or interactor: a language judging programs may use, its files clear of its source. */
  private checkProgram(program: ProgramSpec, field: 'checker' | 'interactor'): ProgramSpec {
    const pack = this.packs.find(program.language) ?? this.packs.find(program.language.toLowerCase());
    if (!pack || (this.judgeLanguages && !this.judgeLanguages.has(pack.id))) {
      const allowed = this.judgeLanguages ? [...this.judgeLanguages] : this.packs.ids();
      throw new RequestError('UNKNOWN_LANGUAGE', `a ${field} cannot be written in "${program.language}" here; it may be: ${allowed.join(', ')}`, {
        field: `${field}.language`,
        extra: { supported: allowed },
      });
    }
    const clash = program.files.findIndex((file) => file.name === pack.sourceFile || file.name.startsWith(`${pack.sourceFile}/`));
    if (clash !== -1) throw new RequestError('INVALID_REQUEST', `"${program.files[clash]!.name}" is where ${pack.id} puts the ${field}'s code (${pack.sourceFile})`, { field: `${field}.files[${clash}].name` });
    const reserved = program.files.findIndex((file) => (JUDGE_FILES as readonly string[]).includes(file.name));
    if (reserved !== -1) throw new RequestError('INVALID_REQUEST', `"${program.files[reserved]!.name}" is a file the ${field} is given for each test (${JUDGE_FILES.join(', ')})`, { field: `${field}.files[${reserved}].name` });
    return { ...program, language: pack.id };
  }

  private judgeLanguagePack(name: string): string {
    const pack = this.packs.find(name) ?? this.packs.find(name.toLowerCase());
    if (!pack) throw new ConfigError('JUDGE_LANGUAGES', `"${name}" is not a loaded language pack (loaded: ${this.packs.ids().join(', ')})`);
    return pack.id;
  }

  /**
   * A POST /interactive body (or a WebSocket init): as POST /execute's, without the fields an
   * interactive run has no use for (the client is its stdin and its judge). Its `limits.wallMs`
   * may be up to the session's wall bound, `sessionWallMs`, not the language's: it becomes the
   * accepted `wallMs` (the session's bound when absent). Throws RequestError.
   */
  checkInteractiveRequest(body: unknown, sessionWallMs: number): AcceptedInteractive {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ...this.checkRequest(body), wallMs: sessionWallMs };
    const field = NOT_INTERACTIVE.find((name) => Object.hasOwn(body, name));
    if (field) throw new RequestError('INVALID_REQUEST', `"${field}" is not allowed in an interactive run: the client writes its stdin and reads its output`, { field });
    const { limits } = body as { limits?: unknown };
    const wallMs = typeof limits === 'object' && limits !== null ? (limits as { wallMs?: unknown }).wallMs : undefined;
    // Anything but a whole number in range is left to the schema, which names it as it does for POST /execute.
    if (typeof wallMs !== 'number' || !Number.isInteger(wallMs) || wallMs < 1) return { ...this.checkRequest(body), wallMs: sessionWallMs };
    if (wallMs > sessionWallMs) {
      throw new RequestError('LIMIT_TOO_HIGH', `"limits.wallMs" is ${wallMs}, above an interactive session's maximum of ${sessionWallMs} (INTERACTIVE_WALL_MS); a request may only lower limits`, { field: 'limits.wallMs', extra: { maximum: sessionWallMs } });
    }
    const { wallMs: _wall, ...otherLimits } = limits as Record<string, unknown>;
    return { ...this.checkRequest({ ...body, limits: otherLimits }), wallMs };
  }

  /**
   * A payload taken from `pack`'s queue, checked again as the request was: a forged or corrupted
   * job is an InvalidJobError (never retried), not a run.
   */
  checkPayload(pack: ResolvedPack, data: unknown): JobPayload {
    const { value, error } = this.payloadSchema.validate(data, { abortEarly: true, convert: false });
    if (error) {
      const detail = error.details[0];
      throw new InvalidJobError(detail?.path.join('.') || '(payload)', detail?.message ?? error.message);
    }
    if (value.language !== pack.id) throw new InvalidJobError('language', `"${value.language}" sent to the ${pack.id} queue`);
    const problem = checkAgainstPack(pack, value, this.ceiling(pack));
    if (problem) throw new InvalidJobError(problem.field ?? '(payload)', problem.message);
    return value;
  }

  /** The most a request may ask of `pack`'s runs. */
  ceiling(pack: ResolvedPack): Limits {
    return limitCeiling({ maximums: this.maximums, pack: pack.limits });
  }

  /** The limits of one run of `pack`, the request's values only lowering them. */
  runLimits(pack: ResolvedPack, requested: Partial<Limits> = {}): Limits {
    return resolveLimits({ maximums: this.maximums, pack: pack.limits, requested });
  }

  /** The limits of `pack`'s compile step. */
  compileLimits(pack: ResolvedPack): Limits {
    return resolveLimits({ maximums: this.maximums, defaults: this.compileDefaults, pack: pack.compileLimits });
  }

  /** The pack a request names, by id or alias (case-insensitive), or an UNKNOWN_LANGUAGE listing what is served. */
  private findLanguage(language: string): ResolvedPack {
    const pack = this.packs.find(language) ?? this.packs.find(language.toLowerCase());
    if (pack) return pack;
    const supported = this.packs.ids();
    throw new RequestError('UNKNOWN_LANGUAGE', `unsupported language "${language}"; supported: ${supported.join(', ')}`, {
      field: 'language',
      extra: { supported },
    });
  }
}

function invalidRequest(error: ValidationError): RequestError {
  const detail = error.details[0];
  const field = detail?.path.length ? fieldPath(detail.path) : 'body';
  return new RequestError('INVALID_REQUEST', detail?.message ?? error.message, { field });
}

/** ['testCases', 0, 'input'] -> 'testCases[0].input' */
export function fieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (joined, key) => (typeof key === 'number' ? `${joined}[${key}]` : joined ? `${joined}.${key}` : key),
    '',
  );
}
