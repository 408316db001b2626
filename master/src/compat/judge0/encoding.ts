/**
 * `?base64_encoded=true`: Judge0 decodes source_code, stdin and expected_output with Ruby's lenient
 * Base64.decode64 and encodes stdout, stderr, compile_output and message with Base64.encode64: a
 * newline after every 60 characters and at the end.
 */
import { isUtf8 } from 'node:buffer';

/** Ruby's Base64.encode64 of the UTF-8 bytes of `text` (or of `bytes`). */
export function encode64(text: string | Buffer): string {
  const plain = (typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64');
  if (plain === '') return '';
  return `${plain.replace(/.{60}/g, '$&\n').replace(/\n$/, '')}\n`;
}

/**
 * The bytes of base64 text in either form (one line, or 60-column lines): as Base64.decode64,
 * characters outside the alphabet (newlines above all) are skipped.
 */
export function decode64(text: string): Buffer {
  return Buffer.from(text.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
}

/** Decoded text, or undefined when the bytes are not UTF-8 (Sentinel's texts are UTF-8 strings). */
export function decodeText(text: string): string | undefined {
  const bytes = decode64(text);
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

/** Judge0's 400 when output is not UTF-8 and base64 was not asked for. */
export const NOT_UTF8_MESSAGE = 'some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter';
/** The same for a batch read (batch_show). */
export const NOT_UTF8_BATCH_MESSAGE = 'some attributes for one or more submissions cannot be converted to UTF-8, use base64_encoded=true query parameter';
