/**
 * Splicing a stored result's JSON text into GET /job's answer without parsing it: the one-pass
 * check of the text (one object, its top-level names), and the answer it makes, against
 * JSON.parse itself. Through a real master: a stored value that is not an executor's result is
 * still shown only by its JobResult members.
 */
import test from 'ava';
import { queueKeys } from '@sentinel/core';
import { objectMembers, splicedParts } from '../src/stored-json.js';
import { requestOffContract, submitJob, useMaster } from './helpers/master.js';

const ctx = useMaster(test);

const names = (text: string) => objectMembers(Buffer.from(text))?.names;

test('objectMembers names the top-level members of an object, whatever is nested or escaped in it', (t) => {
  const value = {
    output: 'a "quoted" \\ back\\slash } ] { [ , :',
    error: '\\',
    testCases: [{ input: '{"output":1}', nested: { deep: ['x', { y: '"' }] } }, []],
    compile: { output: '', success: true },
    'na"me': null,
    empty: {},
    n: -1.5e3,
  };
  const text = JSON.stringify(value);
  const found = objectMembers(Buffer.from(` ${text}\n`));
  t.deepEqual(found?.names, Object.keys(value));
  t.deepEqual(JSON.parse(`{${found!.members.toString()}}`), value);
  t.deepEqual(names('{}'), []);
  t.deepEqual(names(JSON.stringify({ a: '\u0000\ud800\u{1F600}' })), ['a']);
});

test('objectMembers agrees with JSON.parse on random objects with escapes anywhere', (t) => {
  const pieces = ['a', '"', '\\', '\\"', '}', ']', '{', '[', ',', ':', '\n', '\u0000', 'é', '\u{1F600}', 'xyz'];
  let seed = 14;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const text = () => Array.from({ length: random(12) }, () => pieces[random(pieces.length)]).join('');
  const value = (depth: number): unknown => {
    const kind = random(depth > 2 ? 3 : 5);
    if (kind === 0) return text();
    if (kind === 1) return random(1000) - 500;
    if (kind === 2) return [null, true, false][random(3)];
    if (kind === 3) return Array.from({ length: random(4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: random(4) }, () => [text(), value(depth + 1)]));
  };
  for (let round = 0; round < 500; round++) {
    const object = Object.fromEntries(Array.from({ length: random(6) }, () => [text(), value(1)]));
    const json = Buffer.from(JSON.stringify(object));
    const found = objectMembers(json);
    t.deepEqual(found?.names, Object.keys(object), json.toString());
    t.deepEqual(JSON.parse(`{${found!.members.toString()}}`), object);
  }
});

test('objectMembers refuses what is not one whole object', (t) => {
  for (const text of ['', '0', '"x"', '[1]', 'null', '{', '{"a":1', '{"a":"1}', '{"a":[1}', '{"a":{]}', '{"a":1}}', '{"a":1} x', '{"a":1}{}']) {
    t.is(objectMembers(Buffer.from(text)), undefined, text);
  }
});

test('splicedParts adds the members after the head', (t) => {
  const spliceMembers = (head: object, members: Buffer) => Buffer.concat(splicedParts(head, members));
  const members = objectMembers(Buffer.from(JSON.stringify({ verdict: 'ACCEPTED', testCases: [{ input: '5' }] })))!.members;
  const spliced = spliceMembers({ id: 'x', status: 'completed' }, members);
  t.deepEqual(JSON.parse(spliced.toString()), { id: 'x', status: 'completed', verdict: 'ACCEPTED', testCases: [{ input: '5' }] });
  t.deepEqual(JSON.parse(spliceMembers({}, members).toString()), { verdict: 'ACCEPTED', testCases: [{ input: '5' }] });
  t.deepEqual(JSON.parse(spliceMembers({ id: 'x' }, Buffer.from(' ')).toString()), { id: 'x' });
});

test.serial('GET /job: a stored value with names outside JobResult shows only its JobResult members; one that is not JSON shows none', async (t) => {
  const id = await submitJob(ctx.master.url, { code: 'print(1)', language: 'python' });
  const key = queueKeys('python').job(id);
  // As Bull leaves a completed job: in the completed set, finishedOn and returnvalue set.
  await ctx.db.lrem(queueKeys('python').wait, 0, id);
  await ctx.db.zadd(queueKeys('python').completed, Date.now(), id);
  await ctx.db.hset(key, 'processedOn', Date.now(), 'finishedOn', Date.now(), 'returnvalue', JSON.stringify({ verdict: 'ACCEPTED', status: 'forged', id: 'other', passed: 1 }));
  // Forged stored values, not what an executor stores: off the API contract.
  const reply = await requestOffContract(`${ctx.master.url}/job/${id}`);
  t.like(reply.body, { id, status: 'completed', verdict: 'ACCEPTED', passed: 1, progress: 100 });
  await ctx.db.hset(key, 'returnvalue', '{"verdict":');
  const broken = await requestOffContract(`${ctx.master.url}/job/${id}`);
  t.is(broken.status, 200);
  t.like(broken.body, { id, status: 'completed', progress: 100 });
  t.false('verdict' in broken.body);
  // An executor's result is spliced as it is stored.
  const result = { output: '', error: '', executionTime: 3, verdict: 'WRONG_ANSWER', passed: 0, total: 1, testCases: [{ input: '"\\', expected: '}' }] };
  await ctx.db.hset(key, 'returnvalue', JSON.stringify(result));
  const spliced = await requestOffContract(`${ctx.master.url}/job/${id}`);
  t.is(spliced.headers.get('content-type'), 'application/json; charset=utf-8');
  t.is(Number(spliced.headers.get('content-length')), Buffer.byteLength(JSON.stringify(spliced.body)));
  t.deepEqual(spliced.body, { id, status: 'completed', language: 'python', timestamp: spliced.body.timestamp, progress: 100, ...result });
});
