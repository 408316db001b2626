/** Webhooks, unit by unit: the address policy, the signature helper and one delivery attempt. */
import test from 'ava';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPublicAddress, literalHostProblem } from '../src/webhooks/address-policy.js';
import { deliver } from '../src/webhooks/delivery.js';
import { DeliveryError, UndeliverableError } from '../src/webhooks/errors.js';
import { checkCallback } from '../src/webhooks/policy.js';
import { signatureHeader, verifySignature } from '../src/webhooks/signature.js';

const NOT_PUBLIC = [
  '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0',
  '100.64.0.1', '224.0.0.1', '255.255.255.255', '192.0.2.1', '240.0.0.1',
  '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '2002:7f00:1::1', '64:ff9b::7f00:1',
];
const PUBLIC = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'];

test('non-public addresses are refused, public unicast ones are not', (t) => {
  for (const address of NOT_PUBLIC) t.false(isPublicAddress(address), address);
  for (const address of PUBLIC) t.true(isPublicAddress(address), address);
  t.false(isPublicAddress('example.com'));
});

test('a literal non-public host or localhost is a problem at submit; names are judged at delivery', (t) => {
  const problem = (url: string) => literalHostProblem(new URL(url));
  t.is(problem('http://127.0.0.1:8080/hook'), '127.0.0.1 is not a public address (loopback)');
  t.is(problem('http://[::1]/hook'), '::1 is not a public address (loopback)');
  t.is(problem('http://2130706433/'), '127.0.0.1 is not a public address (loopback)'); // the URL parser's own normalisation
  t.is(problem('https://169.254.169.254/latest/meta-data'), '169.254.169.254 is not a public address (linkLocal)');
  t.is(problem('http://LocalHost./'), '"localhost" is a loopback host');
  t.is(problem('http://api.localhost/'), '"api.localhost" is a loopback host');
  t.is(problem('https://hooks.example.com/sentinel'), undefined);
  t.is(problem('http://8.8.8.8/'), undefined);
});

test('checkCallback: no secret is CALLBACKS_DISABLED, a private literal is CALLBACK_NOT_ALLOWED unless allowed', (t) => {
  const secret = { WEBHOOK_SECRET: 'a-secret-of-sixteen+', WEBHOOK_ALLOW_PRIVATE: false };
  t.notThrows(() => checkCallback({ WEBHOOK_ALLOW_PRIVATE: false }, {}));
  t.like(t.throws(() => checkCallback({ WEBHOOK_ALLOW_PRIVATE: false }, { callbackUrl: 'https://example.com/' })), { code: 'CALLBACKS_DISABLED', status: 400, field: 'callbackUrl' });
  const refused = t.throws(() => checkCallback(secret, { callbackUrl: 'http://10.0.0.5/hook' }));
  t.like(refused, { code: 'CALLBACK_NOT_ALLOWED', status: 400, field: 'callbackUrl' });
  t.is(refused?.message, '"callbackUrl" must reach a public host: 10.0.0.5 is not a public address (private); the operator may allow it with WEBHOOK_ALLOW_PRIVATE=true');
  t.notThrows(() => checkCallback({ ...secret, WEBHOOK_ALLOW_PRIVATE: true }, { callbackUrl: 'http://10.0.0.5/hook' }));
  t.notThrows(() => checkCallback(secret, { callbackUrl: 'https://example.com/' }));
});

test('the signature is t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">, verified in constant time within 5 minutes', (t) => {
  const secret = 'whsec-test-0123456789';
  const body = Buffer.from('{"id":"x","status":"completed"}');
  const header = signatureHeader(secret, body, 1_700_000_000);
  // Computed independently: printf %s "1700000000.$body" | openssl dgst -sha256 -hmac "$secret"
  t.is(header, 't=1700000000,v1=12a1f208c0ce08e4d1dc21f241ea1ecf8a1f03da04742941afee001139df639c');
  t.regex(header, /^t=1700000000,v1=[0-9a-f]{64}$/);
  t.true(verifySignature(secret, header, body, 1_700_000_000));
  t.true(verifySignature(secret, header, body.toString(), 1_700_000_000 + 300));
  t.false(verifySignature(secret, header, body, 1_700_000_000 + 301), 'too old: a replay');
  t.false(verifySignature(secret, header, body, 1_700_000_000 - 301), 'from the future');
  t.false(verifySignature('another-secret-0000', header, body, 1_700_000_000));
  t.false(verifySignature(secret, header, Buffer.from('{"id":"y","status":"completed"}'), 1_700_000_000));
  t.false(verifySignature(secret, header.replace('t=1700000000', 't=1700000001'), body, 1_700_000_000), 'the timestamp is signed');
  t.false(verifySignature(secret, 't=1700000000,v1=abc', body, 1_700_000_000));
  t.false(verifySignature(secret, undefined, body, 1_700_000_000));
});

test('a delivery to a name that resolves to loopback is refused before connecting, and never retried', async (t) => {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response.end();
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => server.close());
  const { port } = server.address() as AddressInfo;
  const attempt = (url: string, allowPrivate: boolean) => deliver({ url, body: Buffer.from('{}'), headers: {}, timeoutMs: 2_000, allowPrivate });
  const refused = await t.throwsAsync(attempt(`http://localhost:${port}/`, false), { instanceOf: UndeliverableError });
  t.regex(refused?.message ?? '', /^callback host localhost resolves to (127\.0\.0\.1|::1), not a public address$/);
  t.false(refused?.retryable);
  await t.throwsAsync(attempt(`http://127.0.0.1:${port}/`, false), { instanceOf: UndeliverableError, message: 'callback address 127.0.0.1 is not public' });
  t.is(requests, 0);
  t.is(await attempt(`http://127.0.0.1:${port}/`, true), 200);
  t.is(requests, 1);
});

test('a delivery attempt fails retryably on a non-2xx answer, a timeout and a refused connection', async (t) => {
  const server = createServer((request, response) => {
    if (request.url === '/slow') return; // never answers
    response.statusCode = request.url === '/500' ? 500 : 302;
    response.end();
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  const attempt = (path: string, url = `http://127.0.0.1:${port}`, timeoutMs = 5_000) =>
    deliver({ url: `${url}${path}`, body: Buffer.from('{}'), headers: {}, timeoutMs, allowPrivate: true });
  await t.throwsAsync(attempt('/500'), { instanceOf: DeliveryError, message: 'the receiver answered 500' });
  await t.throwsAsync(attempt('/moved'), { instanceOf: DeliveryError, message: 'the receiver answered 302' });
  await t.throwsAsync(attempt('/slow', undefined, 300), { instanceOf: DeliveryError, message: 'no answer within 300 ms' });
  await t.throwsAsync(attempt('/', 'http://127.0.0.1:1'), { instanceOf: DeliveryError, message: /^network error: connect ECONNREFUSED/ });
});
