/**
 * Reading a package usage summary file (CSV, gzip or not) as it streams in: one row at a time,
 * keeping only a 64-bit hash of each distinct (org, package, user token), so a month of usage
 * never sits in memory and the memory follows the distinct users, not the file's rows or bytes
 * (docs/salesforce/seat-usage.md, figures in docs/performance.md). The tokens are hashed by
 * Salesforce, hashed again here and never kept: only the counts leave this module.
 */
import { hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { usageKey } from '../../core/usage/seatUsage';

/** The columns seat usage needs (the summary has more: docs/salesforce/seat-usage.md). */
export const REQUIRED_SUMMARY_COLUMNS = ['organization_id', 'package_id', 'user_id_token'] as const;

export interface UsageCounts {
  /** Distinct user tokens per usageKey (`org15|033-15`). */
  readonly activeUsers: Map<string, number>;
  /** Data rows read (the header not counted). */
  readonly rowsRead: number;
  /** Bytes received (compressed, when the file was). */
  readonly bytes: number;
  /** Distinct (org, package, user token) kept at the peak, a 64-bit hash each (the memory the count needed). */
  readonly distinctTokens: number;
}

export class UsageFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageFileError';
  }
}

export interface CountOptions {
  /** Keep only rows of these packages (033, 15 or 18 characters). */
  readonly packageIds?: readonly string[];
  /** Keep only rows of this month (the `month` column), when the file has one. */
  readonly month?: string;
  readonly signal?: AbortSignal;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * A set of 64-bit hashes: open addressing with linear probing in one Uint32Array (two 32-bit halves
 * a slot, [0, 0] the empty slot), at most 3/4 full, doubled when it would be more. About 11–21
 * bytes a distinct entry, outside the JavaScript heap, whatever the number of rows; no object per
 * entry. Nothing is ever removed.
 */
class HashSet64 {
  private slots = new Uint32Array(2 * 1024);
  private mask = 1023;
  size = 0;

  /** Adds the hash (hi, lo); whether it was new. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1; // [0, 0] marks an empty slot: one more hash shares [0, 1] (odds 2^-64 a token)
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.grow();
    if (!this.place(this.slots, this.mask, hi, lo)) return false;
    this.size++;
    return true;
  }

  private place(slots: Uint32Array, mask: number, hi: number, lo: number): boolean {
    // The hash is uniform (SHA-256): its low bits are the start slot.
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const h = slots[2 * i];
      const l = slots[2 * i + 1];
      if (h === 0 && l === 0) {
        slots[2 * i] = hi;
        slots[2 * i + 1] = lo;
        return true;
      }
      if (h === hi && l === lo) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    const mask = this.mask * 2 + 1;
    const slots = new Uint32Array(2 * (mask + 1));
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.place(slots, mask, old[i], old[i + 1]);
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * A (org, package, user token) as 64 bits: the first 8 bytes of the SHA-256 of the usageKey's
 * length, the key and the token (length first, so no two triples read the same). Two distinct
 * triples share a hash with odds about n² / 2^65 for n of them: 3 × 10^-8 for a million, 3 × 10^-6
 * for ten million — a count one short, never more (docs/salesforce/seat-usage.md). SHA-256 (Node's
 * one-shot crypto.hash, about half a microsecond a row) rather than a faster non-cryptographic
 * hash, for those odds to hold whatever the tokens look like.
 */
function tripleHash(key: string, token: string): [number, number] {
  const digest = hash('sha256', `${key.length}:${key}${token}`, 'hex');
  return [parseInt(digest.slice(0, 8), 16), parseInt(digest.slice(8, 16), 16)];
}

/** Passes the bytes on, counting them; tells gzip from plain text by the first two bytes, not by a header. */
async function* counted(source: AsyncIterable<Uint8Array>, tally: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    tally.bytes += chunk.length;
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

async function sniff(source: AsyncIterable<Buffer>): Promise<{ gzip: boolean; stream: Readable }> {
  const iterator = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  const buffered: Buffer[] = [];
  let done = false;
  while (head.length < 2 && !done) {
    const next = await iterator.next();
    if (next.done) done = true;
    else {
      buffered.push(next.value);
      head = Buffer.concat([head, next.value]);
    }
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* buffered;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { gzip: head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1], stream: Readable.from(replay(), { objectMode: false }) };
}

/**
 * Counts the distinct users per org and package in a summary file. Rows without a user token are
 * skipped; a file without the required columns is refused (UsageFileError).
 */
export async function countActiveUsers(source: AsyncIterable<Uint8Array>, options: CountOptions = {}): Promise<UsageCounts> {
  const tally = { bytes: 0 };
  const wanted = options.packageIds ? new Set(options.packageIds.map((p) => p.trim().slice(0, 15))) : undefined;
  const seen = new HashSet64();
  const activeUsers = new Map<string, number>();
  let rowsRead = 0;
  const { gzip, stream } = await sniff(counted(source, tally));
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    trim: true,
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim().toLowerCase());
      const absent = REQUIRED_SUMMARY_COLUMNS.filter((c) => !names.includes(c));
      if (absent.length) throw new UsageFileError(`The usage summary file lacks the column${absent.length > 1 ? 's' : ''} ${absent.join(', ')}.`);
      return names;
    },
  });
  const sink = async (rows: AsyncIterable<Record<string, string>>) => {
    for await (const row of rows) {
      rowsRead++;
      const org = row.organization_id;
      const pkg = row.package_id;
      const token = row.user_id_token;
      if (!org || !pkg || !token) continue;
      if (wanted && !wanted.has(pkg.slice(0, 15))) continue;
      if (options.month && row.month !== undefined && row.month !== options.month) continue;
      const key = usageKey(org, pkg);
      const [hi, lo] = tripleHash(key, token);
      if (seen.add(hi, lo)) activeUsers.set(key, (activeUsers.get(key) ?? 0) + 1);
    }
  };
  try {
    const pipelineOptions = options.signal ? { signal: options.signal } : {};
    if (gzip) await pipeline(stream, createGunzip(), parser, sink, pipelineOptions);
    else await pipeline(stream, parser, sink, pipelineOptions);
  } catch (err) {
    if (err instanceof UsageFileError || options.signal?.aborted) throw err;
    const cause = (err as Error)?.message ?? String(err);
    if ((err as { code?: string }).code?.startsWith('Z_')) throw new UsageFileError(`The usage summary file is not a valid gzip file (${cause}).`);
    if ((err as { code?: string }).code?.startsWith('CSV_')) throw new UsageFileError(`The usage summary file is not valid CSV (${cause}).`);
    throw err;
  }
  return { activeUsers, rowsRead, bytes: tally.bytes, distinctTokens: seen.size };
}
