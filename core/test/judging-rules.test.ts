/** The rules of checker programs, interactors, points and groups: what a request and a payload may say. */
import test from 'ava';
import { ConfigError, InvalidJobError } from '../src/errors.js';
import { resolvePack } from '../src/pack/contract.js';
import { RequestError } from '../src/request-error.js';
import { JobRules } from '../src/rules/job-rules.js';

const cpp = resolvePack({ id: 'cpp', displayName: 'C++', version: 'GCC 12', aliases: ['c++'], sourceFile: 'main.cpp', compile: ['/usr/bin/g++', 'main.cpp'], run: ['./main'] }, '@sentinel/lang-cpp', '/packs/cpp');
const python = resolvePack({ id: 'python', displayName: 'Python', version: '3.11', aliases: ['py'], sourceFile: 'main.py', run: ['python3', 'main.py'] }, '@sentinel/lang-python', '/packs/python');
const rules = new JobRules({ packs: [cpp, python] });
const tests = [{ input: '1', expected: '1', points: 2.5, group: 'small' }];

function refusal(body: unknown, on = rules) {
  try {
    on.checkRequest(body);
  } catch (error) {
    if (error instanceof RequestError) return error.toJSON();
    throw error;
  }
  throw new Error('expected a RequestError');
}

test('a checker program and an interactor get their language by alias, as a pack id', (t) => {
  const checked = rules.checkRequest({ code: 'x', language: 'py', testCases: tests, checker: { type: 'program', language: 'C++', code: 'int main(){}' } });
  t.deepEqual(checked.request.checker, { type: 'program', language: 'cpp', code: 'int main(){}', files: [] });
  t.like(checked.request.testCases[0], { points: 2.5, group: 'small' });
  const interactive = rules.checkRequest({ code: 'x', language: 'py', testCases: tests, interactor: { language: 'c++', code: 'int main(){}' } });
  t.deepEqual(interactive.request.interactor, { language: 'cpp', code: 'int main(){}', files: [] });
  t.deepEqual(interactive.request.checker, { type: 'lines' });
});

test('refusals name their field', (t) => {
  const base = { code: 'x', language: 'python', testCases: tests };
  t.like(refusal({ ...base, checker: { type: 'program', language: 'intercal', code: 'x' } }), { error: 'UNKNOWN_LANGUAGE', field: 'checker.language' });
  t.like(refusal({ ...base, interactor: { language: 'cpp', code: 'x' }, checker: 'tokens' }), { error: 'INVALID_REQUEST', field: 'checker' });
  t.like(refusal({ code: 'x', language: 'python', interactor: { language: 'cpp', code: 'x' } }), { error: 'INVALID_REQUEST', message: '"interactor" needs "testCases": it is run against each test\'s input' });
  t.like(refusal({ ...base, stdin: 'a', interactor: { language: 'cpp', code: 'x' } }), { error: 'INVALID_REQUEST', message: '"stdin" is not allowed with "interactor": the interactor is the program\'s stdin' });
  t.like(refusal({ ...base, checker: { type: 'program', language: 'cpp', code: 'x', files: [{ name: 'answer.txt', content: '' }] } }), { error: 'INVALID_REQUEST', field: 'checker.files[0].name' });
  t.like(refusal({ ...base, interactor: { language: 'cpp', code: 'x', files: [{ name: 'main.cpp', content: '' }] } }), { error: 'INVALID_REQUEST', field: 'interactor.files[0].name' });
  t.like(refusal({ ...base, testCases: [{ input: '', expected: '', points: -1 }] }), { field: 'testCases[0].points' });
  t.like(refusal({ ...base, testCases: [{ input: '', expected: '', points: 1e7 }] }), { field: 'testCases[0].points' });
  t.like(refusal({ ...base, testCases: [{ input: '', expected: '', group: '' }] }), { field: 'testCases[0].group' });
  t.like(refusal({ ...base, interactor: { language: 'cpp' } }), { field: 'interactor.code' });
});

test('JUDGE_LANGUAGES narrows what a judging program may be written in, and names only loaded packs', (t) => {
  const narrow = new JobRules({ packs: [cpp, python], judgeLanguages: ['C++'] });
  t.like(refusal({ code: 'x', language: 'python', testCases: tests, checker: { type: 'program', language: 'python', code: 'x' } }, narrow), {
    error: 'UNKNOWN_LANGUAGE',
    field: 'checker.language',
    message: 'a checker cannot be written in "python" here; it may be: cpp',
  });
  t.notThrows(() => narrow.checkRequest({ code: 'x', language: 'python', testCases: tests, checker: { type: 'program', language: 'cpp', code: 'x' } }));
  t.throws(() => new JobRules({ packs: [cpp], judgeLanguages: ['cobol'] }), { instanceOf: ConfigError, message: /JUDGE_LANGUAGES: "cobol" is not a loaded language pack/ });
});

test('a payload: its judging program may name a pack this process lacks (the judge makes that a CHECKER_ERROR); an interactive session has none', (t) => {
  const payload = {
    id: '6f1c1f4e-2a5b-4c8d-9e0f-1a2b3c4d5e6f', language: 'python', code: 'x', testCases: tests, stdin: '', args: [], files: [], compilerOptions: [], limits: {},
    checker: { type: 'program', language: 'cpp', code: 'x', files: [] }, stopOnFirstFailure: false, submittedAt: '2026-01-01T00:00:00.000Z',
  };
  t.deepEqual(rules.checkPayload(python, payload), payload);
  const elsewhere = { ...payload, checker: { ...payload.checker, language: 'rust' } };
  t.deepEqual(rules.checkPayload(python, elsewhere), elsewhere);
  t.is(rules.judgePack(elsewhere.checker), undefined);
  t.is(rules.judgePack(payload.checker)?.id, 'cpp');
  // A payload names packs by id: an alias is no pack here.
  t.is(rules.judgePack({ ...payload.checker, language: 'c++' }), undefined);
  const { checker: _checker, ...plain } = payload;
  t.throws(() => rules.checkPayload(python, { ...plain, checker: { type: 'lines' }, testCases: [], interactor: { language: 'cpp', code: 'x', files: [] }, interactive: { wallMs: 1, idleMs: 1, stdinBytes: 1 } }), {
    instanceOf: InvalidJobError,
    message: /an interactive job has no testCases, no stdin and no interactor/,
  });
});
