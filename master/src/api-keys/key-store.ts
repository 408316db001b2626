/**
 * API keys in Redis. A key is `sk_` + 32 random bytes in base64url; Redis only ever holds its
 * SHA-256, as the name of a hash (`sentinel:apikey:<sha256>`) with the key's id, name, dates and
 * own limits. `sentinel:apikeys` maps each id to its hash, for list and revoke. The manage script
 * (npm run manage -- keys ...) and the master both use this store.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A key's own limits; an absent one is the master's default (rate limits) or none (daily jobs). */
export interface KeyLimits {
  submitPerMinute?: number;
  readPerMinute?: number;
  waitPerMinute?: number;
  /** Jobs the key may submit per UTC day. */
  dailyJobs?: number;
}

export const KEY_LIMIT_NAMES = ['submitPerMinute', 'readPerMinute', 'waitPerMinute', 'dailyJobs'] as const satisfies readonly (keyof KeyLimits)[];

export interface ApiKey extends KeyLimits {
  /** Public id: what jobs record as their owner and what `keys revoke` takes. */
  id: string;
  name: string;
  /** The key's first characters, to recognize it in a list. */
  prefix: string;
  /** ISO time of creation. */
  created: string;
  /** ISO time of revocation; absent while the key is valid. */
  revoked?: string;
}

export interface CreatedKey {
  /** The key itself: shown once, never stored. */
  key: string;
  record: ApiKey;
}

/** `sk_` and 32 random bytes in base64url (43 characters). */
export const API_KEY_PATTERN = /^sk_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 10;
/** Most keys a master's cache holds before it starts over. */
const CACHE_ENTRIES = 1_000;

export const API_KEY_INDEX = 'sentinel:apikeys';
export const apiKeyHashKey = (sha256: string) => `sentinel:apikey:${sha256}`;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** `keys revoke` named no key, or more than one. */
export class KeySelectionError extends Error {
  readonly code = 'KEY_SELECTION';
}

export interface ApiKeyStoreOptions {
  /** How long a master trusts a key it looked up, ms (0: every request asks Redis). Revocation takes at most this long. */
  cacheMs?: number;
  now?: () => number;
}

export class ApiKeyStore {
  private readonly cache = new Map<string, { key: ApiKey | undefined; until: number }>();
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(private readonly redis: Redis, options: ApiKeyStoreOptions = {}) {
    this.cacheMs = options.cacheMs ?? 0;
    this.now = options.now ?? Date.now;
  }

  async create(name: string, limits: KeyLimits = {}): Promise<CreatedKey> {
    const key = `sk_${randomBytes(32).toString('base64url')}`;
    const record: ApiKey = { id: randomBytes(8).toString('hex'), name, prefix: key.slice(0, PREFIX_LENGTH), created: new Date(this.now()).toISOString(), ...definedLimits(limits) };
    const sha256 = hashApiKey(key);
    await this.redis.multi().hset(apiKeyHashKey(sha256), toFields(record)).hset(API_KEY_INDEX, record.id, sha256).exec();
    return { key, record };
  }

  /** Every key, revoked ones included, oldest first. */
  async list(): Promise<ApiKey[]> {
    const hashes = Object.values(await this.redis.hgetall(API_KEY_INDEX));
    const records = await Promise.all(hashes.map((sha256) => this.redis.hgetall(apiKeyHashKey(sha256))));
    return records.flatMap((fields) => (fields.id ? [fromFields(fields)] : [])).sort((a, b) => a.created.localeCompare(b.created));
  }

  /** Revokes the one key whose id, or whose key prefix, starts with `selector`; answers it. */
  async revoke(selector: string): Promise<ApiKey> {
    const keys = selector ? (await this.list()).filter((key) => key.id.startsWith(selector) || key.prefix.startsWith(selector)) : [];
    if (keys.length !== 1) {
      const found = keys.length === 0 ? 'no key matches' : `${keys.length} keys match (${keys.map((key) => key.id).join(', ')})`;
      throw new KeySelectionError(`${found} ${JSON.stringify(selector)}: give an id from keys list, or more of it`);
    }
    const key = keys[0]!;
    if (key.revoked) return key;
    const sha256 = await this.redis.hget(API_KEY_INDEX, key.id);
    const revoked = new Date(this.now()).toISOString();
    if (sha256) await this.redis.hset(apiKeyHashKey(sha256), 'revoked', revoked);
    return { ...key, revoked };
  }

  /** The record of `key`, revoked or not; undefined for a key never created. */
  async find(key: string): Promise<ApiKey | undefined> {
    if (!API_KEY_PATTERN.test(key)) return undefined;
    const sha256 = hashApiKey(key);
    const cached = this.cache.get(sha256);
    if (cached && cached.until > this.now()) return cached.key;
    const fields = await this.redis.hgetall(apiKeyHashKey(sha256));
    const found = fields.id ? fromFields(fields) : undefined;
    if (this.cacheMs > 0) {
      if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
      this.cache.set(sha256, { key: found, until: this.now() + this.cacheMs });
    }
    return found;
  }
}

function definedLimits(limits: KeyLimits): KeyLimits {
  return Object.fromEntries(KEY_LIMIT_NAMES.filter((name) => limits[name] !== undefined).map((name) => [name, limits[name]]));
}

function toFields(record: ApiKey): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, String(value)]));
}

function fromFields(fields: Record<string, string>): ApiKey {
  const record: ApiKey = { id: fields.id!, name: fields.name ?? '', prefix: fields.prefix ?? '', created: fields.created ?? '' };
  if (fields.revoked) record.revoked = fields.revoked;
  for (const name of KEY_LIMIT_NAMES) {
    const value = Number(fields[name]);
    if (fields[name] !== undefined && Number.isInteger(value) && value >= 0) record[name] = value;
  }
  return record;
}
