/**
 * A job author's own judging program: a checker program (`checker: { type: "program", ... }`) or an
 * interactor (`interactor: { ... }`). Written in any installed language, compiled once per job in a
 * sandbox of its own, and run per test (README "Problems with many answers").
 */
import Joi from 'joi';
import type { JobFile, RequestBounds } from './job.js';
import { codeSchema, filesSchema } from './text-schema.js';

/** A judging program as the payload carries it: `language` is a pack id, `files` always present. */
export interface ProgramSpec {
  language: string;
  code: string;
  /** Extra files beside its source (testlib.h, say), as a job's own `files`. */
  files: JobFile[];
}

/** What a request may send: `files` may be left out, `language` may be an alias. */
export type ProgramRequest = Omit<ProgramSpec, 'files'> & { files?: JobFile[] };

/** The files a checker or interactor is given in its working directory, in argv order; no file of its own may take these names. */
export const JUDGE_FILES = ['input.txt', 'output.txt', 'answer.txt'] as const;

/**
 * Exit codes of a checker program or interactor, testlib's: 0 accepted, 1 wrong answer,
 * 2 presentation error, 3 the checker's own failure, 7 points (a score line says how many).
 */
export const PROGRAM_EXIT = Object.freeze({ ACCEPTED: 0, WRONG_ANSWER: 1, PRESENTATION_ERROR: 2, FAIL: 3, POINTS: 7 });

/**
 * The score line of a checker or interactor: `score F` (ours) or `points F` (what testlib's
 * quitp writes), F in [0, 1], first on a line of its output. Where the line gives no score the
 * verdict decides: 1 for accepted, 0 otherwise.
 */
export const SCORE_LINE = /^(?:score|points)[ \t]+([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\b/m;

/** The fields of a judging program, for `programSchema` and the checker's `program` type. */
export function programFields(bounds: RequestBounds) {
  return {
    language: Joi.string().min(1).max(64).required(),
    code: codeSchema(bounds).required(),
    files: filesSchema(bounds).default([]),
  };
}

export function programSchema(bounds: RequestBounds) {
  return Joi.object<ProgramSpec, true, ProgramRequest>(programFields(bounds)).unknown(false);
}
