/**
 * A pack's fixtures: programs with known results, described by `<fixturesDir>/manifest.json`.
 * The end-to-end suite runs every installed pack's fixtures through the real executor.
 */
import Joi from 'joi';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PackInvalidError } from '../errors.js';
import type { TestCaseInput } from '../job.js';
import { partialLimitsSchema, type Limits } from '../limits.js';
import { VERDICTS, type Verdict } from '../verdict.js';
import type { ResolvedPack } from './contract.js';

export interface FixtureSpec {
  /** Short name, unique in the pack. */
  name: string;
  /** Program file, relative to the fixtures directory. */
  source: string;
  testCases: TestCaseInput[];
  /** stdin of the single run when there are no test cases. */
  stdin?: string;
  /** Job verdict the program must get. */
  verdict: Verdict;
  /** Per-test `passed` the program must get, in order. */
  passed?: boolean[];
  /** Job `output` the program must produce (for fixtures without test cases). */
  output?: string;
  /** Lower limits for this fixture (e.g. a short CPU limit for the time-limit fixture). */
  limits?: Partial<Limits>;
}

export interface Fixture extends FixtureSpec {
  code: string;
}

const manifestSchema = Joi.object({
  fixtures: Joi.array()
    .items(
      Joi.object<FixtureSpec>({
        name: Joi.string().pattern(/^[a-z0-9-]+$/).required(),
        source: Joi.string().pattern(/^[A-Za-z0-9_.-]+$/).required(),
        testCases: Joi.array().items(Joi.object({ input: Joi.string().allow('').required(), expected: Joi.string().allow('').required() })).default([]),
        stdin: Joi.string().allow(''),
        verdict: Joi.string().valid(...VERDICTS).required(),
        passed: Joi.array().items(Joi.boolean()),
        output: Joi.string().allow(''),
        limits: partialLimitsSchema,
      }),
    )
    .min(1)
    .unique('name')
    .required(),
});

export async function loadFixtures(pack: ResolvedPack): Promise<Fixture[]> {
  const manifestPath = path.join(pack.fixturesDir, 'manifest.json');
  const raw: unknown = JSON.parse(await readFile(manifestPath, 'utf8'));
  const { value, error } = manifestSchema.validate(raw);
  if (error) throw new PackInvalidError(pack.packageName, `fixtures/manifest.json ${error.details[0]?.path.join('.') ?? ''}`, error.message);
  const specs = (value as { fixtures: FixtureSpec[] }).fixtures;
  return Promise.all(
    specs.map(async (spec) => ({ ...spec, code: await readFile(path.join(pack.fixturesDir, spec.source), 'utf8') })),
  );
}
