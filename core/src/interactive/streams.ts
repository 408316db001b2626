/**
 * A session's Redis keys, read and written: one stream per direction (input from the client,
 * output from the run), the session record, the stdin counter, the start claim and the executor's
 * heartbeat. Every write refreshes its key's TTL and trims its stream, so nothing accumulates.
 */
import type { Redis } from 'ioredis';
import { decodeInput, decodeOutput, encodeInput, encodeOutput, sessionKeys, type SessionInput, type SessionOutput, type SessionRecord } from './protocol.js';

/** A session's keys live this long after their last write (a session never lasts nearly as long). */
export const SESSION_TTL_SECONDS = 600;
/** Most entries kept per stream (approximate trimming); input and output are bounded in bytes anyway. */
export const STREAM_MAXLEN = 10_000;
/** Entries read per XREAD. */
const READ_COUNT = 256;

/** KEYS: input stream, stdin counter. ARGV: bytes, bound, ttl, maxlen, then the entry's fields. 1 taken, 0 refused. */
const WRITE_DATA = `
local used = redis.call('INCRBY', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[3])
local refused = used > tonumber(ARGV[2])
if refused then
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'k', 'overflow')
else
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', unpack(ARGV, 5))
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
if refused then return 0 end
return 1`;

/** Entries read from a stream, and the id to read on after (what could not be decoded is skipped). */
export interface Batch<T> {
  after: string;
  values: T[];
}

type XReadReply = [string, [string, string[]][]][] | null;

export class SessionStreams {
  constructor(private readonly redis: Redis) {}

  async create(id: string, record: SessionRecord): Promise<void> {
    await this.redis.set(sessionKeys(id).record, JSON.stringify(record), 'EX', SESSION_TTL_SECONDS);
  }

  /** The session's record; undefined when there is no such session (or it expired). */
  async record(id: string): Promise<SessionRecord | undefined> {
    const text = await this.redis.get(sessionKeys(id).record);
    return text === null ? undefined : (JSON.parse(text) as SessionRecord);
  }

  /**
   * Appends client input. Data counts against `stdinBytes` across every writer: past it nothing
   * more is taken, an `overflow` entry is appended instead (the run then stops) and this answers false.
   */
  async writeInput(id: string, input: SessionInput, stdinBytes: number): Promise<boolean> {
    const keys = sessionKeys(id);
    if (input.kind === 'data') {
      const taken = await this.redis.eval(WRITE_DATA, 2, keys.input, keys.stdinBytes, Buffer.byteLength(input.data), stdinBytes, SESSION_TTL_SECONDS, STREAM_MAXLEN, ...encodeInput(input));
      return taken === 1;
    }
    await this.append(keys.input, encodeInput(input));
    return true;
  }

  async writeOutput(id: string, output: SessionOutput): Promise<void> {
    await this.append(sessionKeys(id).output, encodeOutput(output));
  }

  /** Input entries after `after` ("0": from the start), waiting up to `blockMs` (0: not at all) on `connection` (a blocking one of its own). */
  async readInput(connection: Redis, id: string, after: string, blockMs: number): Promise<Batch<SessionInput>> {
    return this.read(connection, sessionKeys(id).input, after, blockMs, decodeInput);
  }

  async readOutput(connection: Redis, id: string, after: string, blockMs: number): Promise<Batch<SessionOutput>> {
    return this.read(connection, sessionKeys(id).output, after, blockMs, decodeOutput);
  }

  /** Claims the session's run for `owner`; false when it was claimed before (a re-delivery after a crash). */
  async claimStart(id: string, owner: string): Promise<boolean> {
    return (await this.redis.set(sessionKeys(id).started, owner, 'EX', SESSION_TTL_SECONDS, 'NX')) === 'OK';
  }

  /** The running executor's heartbeat, valid `ttlMs`. */
  async beat(id: string, ttlMs: number): Promise<void> {
    await this.redis.set(sessionKeys(id).alive, '1', 'PX', ttlMs);
  }

  /** Whether the run started, and whether its executor still beats. */
  async runState(id: string): Promise<{ started: boolean; alive: boolean }> {
    const keys = sessionKeys(id);
    const [started, alive] = await this.redis.mget(keys.started, keys.alive);
    return { started: started !== null, alive: alive !== null };
  }

  /** Stops the heartbeat at the run's end (the master then reads the end, not a loss). */
  async stopBeat(id: string): Promise<void> {
    await this.redis.del(sessionKeys(id).alive);
  }

  private async append(key: string, fields: string[]): Promise<void> {
    const replies = await this.redis.multi().xadd(key, 'MAXLEN', '~', STREAM_MAXLEN, '*', ...fields).expire(key, SESSION_TTL_SECONDS).exec();
    const failed = replies?.find(([error]) => error);
    if (failed) throw failed[0];
  }

  private async read<T>(connection: Redis, key: string, after: string, blockMs: number, decode: (fields: Record<string, string>) => T | undefined): Promise<Batch<T>> {
    // blockMs 0 reads what is there without waiting (Redis's BLOCK 0 would wait for ever).
    const reply = (blockMs > 0
      ? await connection.xread('COUNT', READ_COUNT, 'BLOCK', blockMs, 'STREAMS', key, after)
      : await connection.xread('COUNT', READ_COUNT, 'STREAMS', key, after)) as XReadReply;
    const batch: Batch<T> = { after, values: [] };
    for (const [id, flat] of reply?.[0]?.[1] ?? []) {
      const fields: Record<string, string> = {};
      for (let index = 0; index + 1 < flat.length; index += 2) fields[flat[index]!] = flat[index + 1]!;
      const value = decode(fields);
      if (value !== undefined) batch.values.push(value);
      batch.after = id;
    }
    return batch;
  }
}
