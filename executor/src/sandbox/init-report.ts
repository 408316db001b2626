/**
 * Reads what sentinel-init writes on REPORT_FD (executor/native/init/report.c): after a compile,
 * the files and folders the compiler left in /box, which are written into the host directory the
 * run collects into; then the end record with the watcher's measures. What arrives was made by
 * untrusted code, so it is bounded (bytes, entries, path shape) and written only into a fresh
 * directory nothing else writes to, each file with O_EXCL: no name can lead outside it.
 */
import { mkdir, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

export interface CollectTarget {
  /** An empty host directory, made by the executor. */
  into: string;
  maxBytes: number;
  maxEntries: number;
}

export interface DiskPeak {
  used: number;
  size: number;
  inodes: number;
}

/** sentinel-init's end record. */
export interface ReportEnd {
  /** What the run's own watcher stopped it for. */
  exceeded: 'memory' | 'cpu' | 'disk' | null;
  /** CPU time of every process of the run (what sentinel-init reaped). */
  cpuMs: number;
  /** Peak resident memory of the tree as the watcher sampled it (0 without a watcher). */
  memoryPeakBytes: number;
  tasksPeak: number;
  /** The memory guard: "on", "off" or "unavailable". */
  guard: string;
  /** What happened to /box: "linked", "copied", "collected", "too-large", "too-many-entries"... */
  box: string;
  /** Peak use of each watched file system, in the order they were asked for. */
  disks: DiskPeak[];
}

export interface InitReport {
  /** Undefined when the run was killed before sentinel-init could write it. */
  end?: ReportEnd;
  /** The collected files passed a bound (the program's doing): what was written stays, the rest is dropped. */
  overflow?: 'bytes' | 'entries';
  /** Files and folders collected, and the files' bytes, when the run collects. */
  entries: number;
  bytes: number;
}

/** A malformed record: sentinel-init did not write it (it is bounded, and its own memory is not the program's to write). */
export class ReportFormatError extends Error {}

const MAX_PATH_BYTES = 4096;
const MAX_DEPTH = 32;

export async function readInitReport(stream: Readable, collect?: CollectTarget): Promise<InitReport> {
  const reader = new ByteReader(stream);
  const report: InitReport = { entries: 0, bytes: 0 };
  try {
    for (;;) {
      const type = await reader.read(1);
      if (!type) return report;
      const kind = String.fromCharCode(type[0]!);
      if (kind === 'E') {
        const text = await reader.read((await reader.read(4))?.readUInt32LE(0) ?? 0);
        if (text) report.end = parseEnd(text.toString('utf8'));
        return report;
      }
      if (kind !== 'D' && kind !== 'F') throw new ReportFormatError(`unknown record ${JSON.stringify(kind)}`);
      const head = await reader.read(kind === 'F' ? 14 : 6);
      if (!head) return report;
      const mode = head.readUInt32LE(0) & 0o755;
      const size = kind === 'F' ? Number(head.readBigUInt64LE(6)) : 0;
      const name = await reader.read(head.readUInt16LE(4));
      if (!name) return report;
      if (!collect) throw new ReportFormatError('files from a run that collects none');
      const target = pathIn(collect.into, name);
      report.entries += 1;
      report.bytes += size;
      if (report.entries > collect.maxEntries) return { ...report, overflow: 'entries' };
      if (report.bytes > collect.maxBytes) return { ...report, overflow: 'bytes' };
      if (kind === 'D') await mkdir(target, { mode });
      else await writeFile(target, mode, size, reader);
    }
  } finally {
    stream.destroy(); // past a bound sentinel-init gets EPIPE and stops sending
  }
}

/** `into` joined with a relative path of plain segments (bytes, not necessarily UTF-8). */
function pathIn(into: string, name: Buffer): Buffer {
  const segments = splitBytes(name, 0x2f);
  const bad = name.length === 0 || name.length > MAX_PATH_BYTES || segments.length > MAX_DEPTH || name.includes(0);
  if (bad || segments.some((segment) => segment.length === 0 || segment.equals(DOT) || segment.equals(DOT_DOT))) {
    throw new ReportFormatError(`a collected path is not a plain relative path: ${JSON.stringify(name.toString('utf8'))}`);
  }
  return Buffer.concat([Buffer.from(`${into}/`), name]);
}

const DOT = Buffer.from('.');
const DOT_DOT = Buffer.from('..');

function splitBytes(bytes: Buffer, separator: number): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let index = bytes.indexOf(separator); index !== -1; index = bytes.indexOf(separator, start)) {
    parts.push(bytes.subarray(start, index));
    start = index + 1;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

async function writeFile(target: Buffer, mode: number, size: number, reader: ByteReader): Promise<void> {
  const file = await open(target, 'wx', mode);
  try {
    for (let left = size; left > 0; ) {
      const chunk = await reader.readSome(left);
      if (!chunk) break; // sentinel-init was killed mid-file: the run's outcome says why
      await file.write(chunk);
      left -= chunk.length;
    }
  } finally {
    await file.close();
  }
}

function parseEnd(text: string): ReportEnd {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) values.set(line.slice(0, space), line.slice(space + 1));
  }
  const number = (key: string) => Number(values.get(key) ?? 0) || 0;
  const exceeded = values.get('exceeded');
  const disks: DiskPeak[] = [];
  for (let index = 0; values.has(`disk${index}`); index += 1) {
    const [used = 0, size = 0, inodes = 0] = values.get(`disk${index}`)!.split(' ').map(Number);
    disks.push({ used, size, inodes });
  }
  return {
    exceeded: exceeded === 'memory' || exceeded === 'cpu' || exceeded === 'disk' ? exceeded : null,
    cpuMs: number('cpu_ms'),
    memoryPeakBytes: number('memory_peak'),
    tasksPeak: number('tasks_peak'),
    guard: values.get('guard') ?? 'off',
    box: values.get('box') ?? '-',
    disks,
  };
}

/** Exact-length reads from a stream, without copying more than a chunk at a time. */
class ByteReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer = Buffer.alloc(0);

  constructor(stream: Readable) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  /** Exactly `length` bytes, or undefined when the stream ends first. */
  async read(length: number): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    let got = 0;
    while (got < length) {
      const chunk = await this.readSome(length - got);
      if (!chunk) return undefined;
      parts.push(chunk);
      got += chunk.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, length);
  }

  /** Between 1 and `most` bytes, or undefined at the end of the stream. */
  async readSome(most: number): Promise<Buffer | undefined> {
    while (this.pending.length === 0) {
      const next = await this.chunks.next();
      if (next.done) return undefined;
      this.pending = next.value;
    }
    const chunk = this.pending.subarray(0, most);
    this.pending = this.pending.subarray(chunk.length);
    return chunk;
  }
}
