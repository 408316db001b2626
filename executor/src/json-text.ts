/**
 * Sizes of text as it is stored: Bull keeps a result as JSON.stringify's output, UTF-8 encoded, so
 * a text's cost is its JSON string body, escapes included (a NUL byte costs 6 bytes, a quote 2).
 */

/** A character JSON.stringify escapes: a quote, a backslash, a control character, a surrogate (lone ones are). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Bytes of `text` inside a JSON string (without the two quotes), as JSON.stringify writes it.
 * Counted rather than stringified: 400 texts of 64 KiB of NUL took 0.7 s through JSON.stringify,
 * 40 ms counted.
 */
export function jsonTextBytes(text: string): number {
  if (!ESCAPED.test(text)) return Buffer.byteLength(text);
  let bytes = 0;
  for (let index = 0; index < text.length; ) {
    const [cost, units] = unitCost(text, index);
    bytes += cost;
    index += units;
  }
  return bytes;
}

/** What one UTF-16 unit (or surrogate pair) at `index` costs in a JSON string, and its length in units. */
function unitCost(text: string, index: number): [bytes: number, units: number] {
  const code = text.charCodeAt(index);
  if (code < 0x20) return [code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? 2 : 6, 1];
  if (code === 0x22 || code === 0x5c) return [2, 1];
  if (code < 0x80) return [1, 1];
  if (code < 0x800) return [2, 1];
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    // A pair is one 4-byte character; a lone surrogate is written as a \udXXX escape.
    return next >= 0xdc00 && next <= 0xdfff ? [4, 2] : [6, 1];
  }
  if (code >= 0xdc00 && code <= 0xdfff) return [6, 1];
  return [3, 1];
}

/**
 * The longest start of `text` whose JSON string body is at most `maxBytes`, never splitting a
 * surrogate pair; and whether anything was cut. Costs O(maxBytes) when it cuts.
 */
export function cutJsonText(text: string, maxBytes: number): { text: string; cut: boolean } {
  if (jsonTextBytes(text) <= maxBytes) return { text, cut: false };
  return { text: jsonPrefix(text, maxBytes), cut: true };
}

/** The longest start of `text` whose JSON string body is at most `maxBytes` (see cutJsonText). */
export function jsonPrefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  while (end < text.length) {
    const [cost, units] = unitCost(text, end);
    if (bytes + cost > maxBytes) break;
    bytes += cost;
    end += units;
  }
  return text.slice(0, end);
}
