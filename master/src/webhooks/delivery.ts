/**
 * One delivery attempt: a POST (or PUT) with a bound on its whole time. The connection goes to the address
 * that was checked (the lookup itself refuses non-public addresses), so a name that resolves to a
 * public address when checked and to 127.0.0.1 when connecting (DNS rebinding) cannot get through.
 * Redirects are not followed.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import { isPublicAddress, urlHost } from './address-policy.js';
import { DeliveryError, UndeliverableError } from './errors.js';

export interface DeliveryRequest {
  /** POST (Sentinel's callbacks) by default; PUT for Judge0's. */
  method?: 'POST' | 'PUT';
  url: string;
  body: Buffer;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

/** Resolves like dns.lookup, failing with UndeliverableError when any address is not public. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused) return callback(new UndeliverableError(`callback host ${hostname} resolves to ${refused.address}, not a public address`), '', 0);
    if (options.all) return (callback as unknown as (error: null, addresses: dns.LookupAddress[]) => void)(null, addresses);
    const [first] = addresses;
    if (!first) return callback(new DeliveryError(`callback host ${hostname} has no address`), '', 0);
    callback(null, first.address, first.family);
  });
};

/** Resolves when the receiver answers 2xx; rejects with DeliveryError (retry) or UndeliverableError (give up). */
export function deliver({ method = 'POST', url, body, headers, timeoutMs, allowPrivate }: DeliveryRequest): Promise<number> {
  const target = new URL(url);
  const host = urlHost(target);
  // Literal addresses are never looked up, so they are checked here.
  if (!allowPrivate && net.isIP(host) && !isPublicAddress(host)) {
    return Promise.reject(new UndeliverableError(`callback address ${host} is not public`));
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = client.request(target, {
      method,
      headers: { ...headers, 'Content-Length': String(body.length), 'User-Agent': 'Sentinel-Webhooks' },
      ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
      agent: false,
    });
    const timer = setTimeout(() => request.destroy(new DeliveryError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof DeliveryError || error instanceof UndeliverableError ? error : new DeliveryError(`network error: ${error.message}`, { cause: error }));
    });
    request.once('response', (response) => {
      clearTimeout(timer);
      response.resume(); // the answer's body is not read
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) resolve(status);
      else reject(new DeliveryError(`the receiver answered ${status}`));
    });
    request.end(body);
  });
}
