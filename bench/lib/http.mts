/**
 * The load generators' HTTP client: node:http (keep-alive through Node's global agent) rather than
 * fetch. The generators share the service's cores, and fetch costs several times the CPU of a plain
 * request per call: that CPU would be charged to Sentinel's throughput and latency, which a real
 * deployment's clients never cost it.
 */
import http from 'node:http';

export interface JsonReply<T> {
  status: number;
  body: T;
}

export function requestJson<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<JsonReply<T>> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as T });
        } catch {
          reject(new Error(`${method} ${url} answered ${response.statusCode} with no JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}
