/**
 * The language-pack contract: what a pack's entry module exports (`PackOptions`), what the core
 * makes of it once validated and located (`ResolvedPack`), the schema, the defaults, and the
 * validation that names the pack and the field when it fails.
 */
import Joi from 'joi';
import path from 'node:path';
import { PackInvalidError } from '../errors.js';
import { partialLimitsSchema, type Limits } from '../limits.js';
import { peerNamesSchema, type PeerNames } from './peers.js';
import { DEBIAN_PACKAGE, PACK_ALIAS, PACK_ID, RELATIVE_FILE, SOURCE_FILE } from './patterns.js';

/** What a pack author writes: the default export of the pack's entry module. */
export interface PackOptions {
  /** Short, stable id; also the Bull queue name (`bull:<id>:wait`). Lowercase, digits, dashes. */
  id: string;
  /** Human name shown by GET /languages. */
  displayName: string;
  /** Language (toolchain) version, e.g. "3.11". */
  version: string;
  /** Other names a request may use for this language. */
  aliases?: string[];
  /** File the submitted code is written to in the job directory, e.g. "main.py". */
  sourceFile: string;
  /** Compile argv, run once per job in the job directory; absent for interpreted languages. */
  compile?: string[];
  /**
   * Compiler options a request may add (appended to `compile`), as regular expressions each
   * matched against a whole option, e.g. "-O[0-3]". None by default.
   */
  compilerOptions?: string[];
  /**
   * Files a successful compile must leave in the job directory, e.g. ["main"]: a compile that
   * exits 0 without one of them (an option that only prints help, say) is a COMPILATION_ERROR
   * naming it, not a run that cannot start. Only with `compile`; none by default.
   */
  artifacts?: string[];
  /** Run argv, once per test case, in the job directory, with the test's input on stdin. */
  run: string[];
  /*
   * In `compile`, `run` and `env` values, `{memoryMb}` stands for the step's memory limit in MiB,
   * for runtimes that size themselves from host RAM (java -XX:MaxRAM={memoryMb}m, GHC -M).
   */
  /** Environment of compile and run (the sandbox starts from an empty one). */
  env?: Record<string, string>;
  /** Overrides of the default limits for this language (never above the operator maximums). */
  limits?: Partial<Limits>;
  /** Overrides of the default compile-step limits (DEFAULT_COMPILE_LIMITS), e.g. more memory for kotlinc. */
  compileLimits?: Partial<Limits>;
  /** Absolute host paths the toolchain needs inside the sandbox, bound read-only. */
  readOnlyPaths?: string[];
  /**
   * Where no cgroup bounds a run (an unprivileged container), which per-process rlimit backs the
   * memory limit: "address-space" (RLIMIT_AS, the default) or "data" (RLIMIT_DATA) for runtimes that
   * reserve far more address space than they use (JVM, V8, Go, GHC, .NET, BEAM) and fail under AS.
   */
  memoryRlimit?: MemoryRlimit;
  /**
   * Whether words appended to `run` reach the program as its arguments (default true). False for
   * runtimes whose command line has no room for them (beef runs one file; sqlite3 reads them as
   * SQL): the pack then refuses a request's `args`, and as a checker or interactor finds its three
   * files by name in its working directory.
   */
  takesArgs?: boolean;
  /** Its names in the Piston and Judge0 compatible APIs, where those peers have the language. */
  peers?: PeerNames;
  /** Debian packages that provide the toolchain (installed by `npm run setup` in local mode). */
  debianPackages?: string[];
  /**
   * Libraries bundled with the toolchain that programs may use (listed by GET /languages), e.g.
   * [{ name: "numpy", version: "1.24.2" }]. None by default.
   */
  libraries?: Library[];
  /** The pack's Dockerfile, relative to the pack's package directory. */
  dockerfile?: string;
  /** Directory of fixtures (manifest.json and programs), relative to the pack's package directory. */
  fixtures?: string;
}

export type MemoryRlimit = 'address-space' | 'data';

/** A library a pack bundles: its usual name and, when known, its version. */
export interface Library {
  /** The name users know it by (an import or package name), e.g. "numpy", "boost". */
  name: string;
  /** Its version, e.g. "1.24.2". */
  version?: string;
}

/** A validated pack with every default filled in and its files located. */
export interface ResolvedPack extends Required<Omit<PackOptions, 'compile'>> {
  compile?: string[];
  /** npm package the pack came from. */
  packageName: string;
  /** Absolute directory of that package. */
  packageDir: string;
  /** Absolute path of the Dockerfile. */
  dockerfilePath: string;
  /** Absolute path of the fixtures directory. */
  fixturesDir: string;
}

export const PACK_DEFAULTS = Object.freeze({
  aliases: [] as string[],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin' } as Record<string, string>,
  limits: {} as Partial<Limits>,
  compileLimits: {} as Partial<Limits>,
  compilerOptions: [] as string[],
  artifacts: [] as string[],
  readOnlyPaths: [] as string[],
  memoryRlimit: 'address-space' as MemoryRlimit,
  takesArgs: true,
  peers: {} as PeerNames,
  debianPackages: [] as string[],
  libraries: [] as Library[],
  dockerfile: 'Dockerfile',
  fixtures: 'fixtures',
});

/** Paths every sandbox provides itself (a bind under them would be hidden or would clash). */
const SANDBOX_OWN_PATHS = ['/proc', '/dev', '/box', '/job'];

const languageName = Joi.string().pattern(PACK_ALIAS);
const relativeFile = Joi.string()
  .min(1)
  .max(255)
  .pattern(RELATIVE_FILE)
  .custom((value: string, helpers) => (value.split('/').some((p) => p === '..' || p === '.') ? helpers.error('any.invalid') : value));
const argv = Joi.array().items(Joi.string().min(1).max(4096).pattern(/^[^\0\n]*$/)).min(1);

export const packSchema = Joi.object<PackOptions>({
  id: Joi.string().pattern(PACK_ID).required(),
  displayName: Joi.string().min(1).max(64).required(),
  version: Joi.string().min(1).max(64).required(),
  aliases: Joi.array().items(languageName).unique().default(PACK_DEFAULTS.aliases),
  sourceFile: Joi.string().pattern(SOURCE_FILE).required(),
  compile: argv.optional(),
  compilerOptions: Joi.array()
    .items(
      Joi.string()
        .min(1)
        .max(256)
        .custom((value: string, helpers) => {
          try {
            new RegExp(value);
            return value;
          } catch {
            return helpers.error('any.invalid');
          }
        }),
    )
    .default(PACK_DEFAULTS.compilerOptions),
  artifacts: Joi.array()
    .items(relativeFile)
    .unique()
    .max(64)
    .when('compile', {
      not: Joi.exist(),
      then: Joi.array().max(0).messages({ 'array.max': '{{#label}} needs "compile": only a compile step leaves files' }),
    })
    .default(PACK_DEFAULTS.artifacts),
  run: argv.required(),
  env: Joi.object()
    .pattern(Joi.string().pattern(/^[A-Za-z_][A-Za-z0-9_]*$/), Joi.string().max(4096).pattern(/^[^\0]*$/))
    .default(PACK_DEFAULTS.env),
  limits: partialLimitsSchema.default(PACK_DEFAULTS.limits),
  compileLimits: partialLimitsSchema.default(PACK_DEFAULTS.compileLimits),
  readOnlyPaths: Joi.array()
    .items(
      Joi.string()
        .pattern(/^\/[^\0]*$/)
        .custom((value: string, helpers) => {
          if (path.posix.normalize(value) !== value) return helpers.error('any.invalid');
          // The sandbox mounts these over anything bound there: a path under them would vanish.
          const shadowed = SANDBOX_OWN_PATHS.find((own) => value === own || value.startsWith(`${own}/`));
          return shadowed ? helpers.error('path.shadowed', { own: shadowed }) : value;
        })
        .messages({ 'path.shadowed': '{{#label}} is under {{#own}}, which the sandbox provides itself' }),
    )
    .default(PACK_DEFAULTS.readOnlyPaths),
  memoryRlimit: Joi.string().valid('address-space', 'data').default(PACK_DEFAULTS.memoryRlimit),
  takesArgs: Joi.boolean().default(PACK_DEFAULTS.takesArgs),
  peers: peerNamesSchema.default(PACK_DEFAULTS.peers),
  debianPackages: Joi.array().items(Joi.string().pattern(DEBIAN_PACKAGE)).default(PACK_DEFAULTS.debianPackages),
  libraries: Joi.array()
    .items(
      Joi.object<Library>({
        name: Joi.string().min(1).max(64).pattern(/^[^\0\n]*$/).required(),
        version: Joi.string().min(1).max(64).pattern(/^[^\0\n]*$/),
      }).unknown(false),
    )
    .unique('name')
    .max(256)
    .default(PACK_DEFAULTS.libraries),
  dockerfile: relativeFile.default(PACK_DEFAULTS.dockerfile),
  fixtures: relativeFile.default(PACK_DEFAULTS.fixtures),
}).unknown(false);

/**
 * Validates what a pack's entry exported and locates its files. Throws PackInvalidError naming
 * the package and the first offending field.
 */
export function resolvePack(raw: unknown, packageName: string, packageDir: string): ResolvedPack {
  const { value, error } = packSchema.validate(raw, { abortEarly: true, convert: false });
  if (error) {
    const detail = error.details[0];
    const field = detail?.path.length ? detail.path.join('.') : '(config)';
    throw new PackInvalidError(packageName, field, detail?.message ?? error.message);
  }
  const options = value as Required<Omit<PackOptions, 'compile'>> & Pick<PackOptions, 'compile'>;
  return {
    ...options,
    packageName,
    packageDir,
    dockerfilePath: path.join(packageDir, options.dockerfile),
    fixturesDir: path.join(packageDir, options.fixtures),
  };
}
