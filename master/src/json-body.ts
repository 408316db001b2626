/**
 * Reads a JSON request body defensively, before anything parses it:
 *
 * 1. Content-Type must be application/json (415), Content-Encoding identity, gzip, deflate or br
 *    (415 otherwise); at most `limitBytes` after decompression (413, at once when Content-Length
 *    says so).
 * 2. The bytes must be UTF-8 (RFC 8259): invalid sequences are a 400 INVALID_UTF8, never silently
 *    replaced by U+FFFD.
 * 3. A linear scan bounds the shape before JSON.parse: nesting deeper than `maxDepth` is a 400
 *    JSON_TOO_DEEP, more than `maxValues` array elements and object members a 400
 *    JSON_TOO_MANY_VALUES. V8 parses deep or huge JSON without blowing the stack, but a 16 MiB body
 *    of 8 million nested arrays or 1.4 million keys costs 1 to 3 s of the event loop.
 * 4. JSON.parse: a syntax error or an empty body is a 400 MALFORMED_JSON; a "__proto__" key a 400.
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Context } from 'koa';
import { HttpError } from './http-errors.js';

export interface JsonBodyOptions {
  limitBytes: number;
  /** Deepest nesting of arrays and objects allowed (the body object itself is level 1). */
  maxDepth: number;
  /** Most array elements and object members allowed in the whole body. */
  maxValues: number;
  /** Content-Types taken (ctx.is patterns); others are a 415. Default: application/json alone. */
  mediaTypes?: string[];
}

/** Reads and parses a request's JSON body; throws the HttpError of the module comment. */
export type JsonBodyReader = (ctx: Context) => Promise<unknown>;

export function jsonBodyReader(options: JsonBodyOptions): JsonBodyReader {
  return async (ctx) => {
    if (!ctx.is(options.mediaTypes ?? ['application/json'])) {
      const got = ctx.get('Content-Type').slice(0, 100) || 'none';
      throw new HttpError('UNSUPPORTED_MEDIA_TYPE', `Content-Type must be application/json (got ${got})`, { field: 'Content-Type' });
    }
    const bytes = await readBody(ctx.req, ctx.get('Content-Encoding') || 'identity', options.limitBytes);
    return parseJson(bytes, options);
  };
}

/** UTF-8 bytes to a JSON value, with the checks 2 to 4 of the module comment. */
export function parseJson(bytes: Buffer, { maxDepth, maxValues }: Pick<JsonBodyOptions, 'maxDepth' | 'maxValues'>): unknown {
  const malformed = (message: string) => new HttpError('MALFORMED_JSON', `request body is not valid JSON: ${message}`, { field: 'body' });
  if (!isUtf8(bytes)) {
    throw new HttpError('INVALID_UTF8', 'request body is not valid UTF-8: JSON must be sent as UTF-8 text', { field: 'body' });
  }
  const shape = scanShape(bytes, maxDepth, maxValues);
  if (shape === 'too deep') {
    throw new HttpError('JSON_TOO_DEEP', `request body nests arrays and objects more than ${maxDepth} levels deep`, {
      field: 'body',
      extra: { maximum: maxDepth },
    });
  }
  if (shape === 'too many') {
    throw new HttpError('JSON_TOO_MANY_VALUES', `request body has more than ${maxValues} array elements and object members in all`, {
      field: 'body',
      extra: { maximum: maxValues },
    });
  }
  const text = bytes.toString('utf8', hasBom(bytes) ? 3 : 0);
  if (text.trim() === '') throw malformed('the body is empty');
  try {
    return JSON.parse(text, refuseProto);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw malformed(error instanceof Error ? error.message : String(error));
  }
}

function refuseProto(this: unknown, key: string, value: unknown): unknown {
  if (key === '__proto__') throw new HttpError('INVALID_REQUEST', '"__proto__" is not allowed', { field: 'body' });
  return value;
}

const hasBom = (bytes: Buffer) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }
const COMMA = 0x2c;

/**
 * Nesting depth and value count of JSON text, outside strings, without parsing it. Invalid JSON
 * is left to JSON.parse; this only has to be right for valid JSON. Values counted: one per
 * container opened (its first element) plus one per comma, an upper bound of elements + members.
 */
function scanShape(bytes: Buffer, maxDepth: number, maxValues: number): 'ok' | 'too deep' | 'too many' {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      if (++depth > maxDepth) return 'too deep';
      if (++values > maxValues) return 'too many';
    } else if (CLOSERS.has(byte)) {
      depth--;
    } else if (byte === COMMA && ++values > maxValues) {
      return 'too many';
    }
  }
  return 'ok';
}

/**
 * The body's bytes after decompression; 413 past `limit`, 415 for an unknown Content-Encoding.
 * A body abandoned half-read (413, bad compressed data) answers with `Connection: close`, so that
 * its unread rest is never taken for the next request on the connection.
 */
async function readBody(request: IncomingMessage, encoding: string, limit: number): Promise<Buffer> {
  const closing = { headers: { Connection: 'close' } };
  const tooLarge = (options = {}) => new HttpError('PAYLOAD_TOO_LARGE', `request body is larger than ${limit} bytes`, options);
  const declared = Number(request.headers['content-length']);
  if (encoding === 'identity' && declared > limit) throw tooLarge();
  const decompress = decompressor(encoding.toLowerCase());
  const source: Readable = decompress ? request.pipe(decompress) : request;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error?: HttpError) => {
      source.off('data', onData).off('end', onEnd).off('error', onError);
      request.off('error', onReadError).off('close', onClose);
      if (decompress) {
        request.unpipe(decompress);
        decompress.destroy();
      }
      if (error) {
        request.pause();
        reject(error);
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return stop(tooLarge(closing));
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      const what = decompress ? `is not valid ${encoding} data` : 'could not be read';
      stop(new HttpError('MALFORMED_JSON', `request body ${what}: ${error.message}`, { field: 'body', ...closing }));
    };
    const onReadError = (error: Error) =>
      stop(new HttpError('MALFORMED_JSON', `request body could not be read: ${error.message}`, { field: 'body', ...closing }));
    // The client went away before the end of its body: nobody is left to answer.
    const onClose = () => {
      if (!request.complete) stop(new HttpError('MALFORMED_JSON', 'request body was cut short: the client closed the connection', { field: 'body' }));
    };
    source.on('data', onData).on('end', onEnd).on('error', onError);
    if (decompress) request.on('error', onReadError);
    request.on('close', onClose);
  });
}

function decompressor(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'identity':
      return undefined;
    case 'gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new HttpError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding must be identity, gzip, deflate or br (got ${encoding.slice(0, 100)})`, {
        field: 'Content-Encoding',
      });
  }
}
