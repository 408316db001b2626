/**
 * Requests Node's HTTP parser refuses before Koa sees them, sent over a raw TCP socket: every
 * answer is the project's JSON error (issue 14: `FOO / HTTP/1.1` got Node's own empty 400).
 */
import test from 'ava';
import { rawExchange as exchange, useMaster } from './helpers/master.js';

const ctx = useMaster(test);

const answers = test.macro(async (t, bytes: string, status: number, error: string) => {
  const answer = await exchange(ctx.master.url, bytes);
  t.is(answer.status, status);
  t.is(answer.headers['content-type'], 'application/json; charset=utf-8');
  t.is(answer.body.error, error);
  t.is(typeof answer.body.message, 'string');
});

test('a method Node does not know is a JSON 400', answers, 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'BAD_REQUEST');
test('a malformed header line is a JSON 400', answers, 'GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n', 400, 'BAD_REQUEST');
test('a TLS handshake sent to the plain port is a JSON 400', answers, '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', 400, 'BAD_REQUEST');
test('both Content-Length and Transfer-Encoding is a JSON 400', answers, 'POST /execute HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400, 'BAD_REQUEST');
test('headers past the bound are a JSON 431', answers, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE');
test('CONNECT is a JSON 405, not a closed connection', answers, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 405, 'METHOD_NOT_ALLOWED');
test('an Expect other than 100-continue is a JSON 417', answers, 'GET /health HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nConnection: close\r\n\r\n', 417, 'EXPECTATION_FAILED');

test('a known method on a known path still gets the normal answer over the same kind of socket', async (t) => {
  const answer = await exchange(ctx.master.url, 'GET /languages HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  t.is(answer.status, 200);
});
