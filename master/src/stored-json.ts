/**
 * A job's stored result is JSON text (Bull's JSON.stringify of what the executor returned), up to
 * SENTINEL_RESULT_MAX_KB. GET /job splices that text into its answer instead of parsing it and
 * serializing it again, which held the event loop for the whole size of the result (seconds for
 * the tens of megabytes one job could store before results were bounded). What is checked, in one
 * pass over the bytes with no value built: the text is one JSON object, and its top-level names.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

export interface ObjectMembers {
  /** The object's top-level names, in order. */
  names: string[];
  /** Its members' text: the bytes between its braces (no braces). */
  members: Buffer;
}

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * The members of the JSON object `json` is, and their names; undefined when it is not one object
 * (with strings closed and brackets balanced and matched). Values other than names are not
 * parsed: the text was written by JSON.stringify.
 */
export function objectMembers(json: Buffer): ObjectMembers | undefined {
  let start = 0;
  while (isSpace(json[start])) start += 1;
  if (json[start] !== OPEN_OBJECT) return undefined;
  const names: string[] = [];
  const open: number[] = [];
  const strings = new StringEnds(json);
  let expectName = false;
  for (let index = start; index < json.length; index += 1) {
    const byte = json[index];
    if (byte === QUOTE) {
      const end = strings.end(index);
      if (end === -1) return undefined;
      if (expectName && open.length === 1) names.push(JSON.parse(json.toString('utf8', index, end + 1)) as string);
      expectName = false;
      index = end;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      open.push(byte);
      expectName = byte === OPEN_OBJECT;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      if (open.pop() !== (byte === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY)) return undefined;
      if (open.length === 0) {
        let rest = index + 1;
        while (isSpace(json[rest])) rest += 1;
        return rest === json.length ? { names, members: json.subarray(start + 1, index) } : undefined;
      }
    } else if (byte === COMMA) {
      expectName = open[open.length - 1] === OPEN_OBJECT;
    }
  }
  return undefined;
}

/**
 * Where strings end. A string without a backslash ends at the next quote, found by a native
 * search; one with escapes is walked byte by byte. The next backslash is searched for once and
 * remembered, so the whole text costs O(its length) however its escapes are spread.
 */
class StringEnds {
  private backslash = -2;

  constructor(private readonly json: Buffer) {}

  /** The index of the quote that closes the string opened at `open`; -1 when none does. */
  end(open: number): number {
    const { json } = this;
    const quote = json.indexOf(QUOTE, open + 1);
    if (quote === -1) return -1;
    if (this.backslash !== -1 && this.backslash <= open) this.backslash = json.indexOf(BACKSLASH, open + 1);
    if (this.backslash === -1 || this.backslash > quote) return quote;
    for (let index = open + 1; index < json.length; index += 1) {
      const byte = json[index];
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) return index;
    }
    return -1;
  }
}

/** Bytes written to a socket at once: a 4 MiB write held the event loop for ~8 ms in the kernel. */
export const WRITE_CHUNK_BYTES = 256 * 1024;

/**
 * The parts of `head` as JSON with `members` (the text between an object's braces) added after
 * its own members, to be written one after the other as the client reads them: the stored text is
 * never copied (a 4 MiB Buffer.concat took 13 ms), only viewed in WRITE_CHUNK_BYTES slices. `head`
 * must not have any of their names.
 */
export function splicedParts(head: object, members: Buffer): Buffer[] {
  const own = JSON.stringify(head);
  if (!members.some((byte) => !isSpace(byte))) return [Buffer.from(own)];
  const slices: Buffer[] = [];
  for (let start = 0; start < members.length; start += WRITE_CHUNK_BYTES) slices.push(members.subarray(start, start + WRITE_CHUNK_BYTES));
  return [Buffer.from(`${own.slice(0, -1)}${own === '{}' ? '' : ','}`), ...slices, Buffer.from('}')];
}
