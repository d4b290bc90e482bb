/**
 * Reading a package usage summary file (CSV, gzip or not) as it streams in: one row at a time,
 * keeping only the distinct user tokens of each org and package, so a month of usage never sits
 * in memory (docs/salesforce/seat-usage.md). The tokens are hashed by Salesforce and are
 * dropped once counted: only the counts leave this module.
 */
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
  /** Distinct user tokens kept at the peak (the memory the count needed). */
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
  const tokens = new Map<string, Set<string>>();
  let rowsRead = 0;
  let distinct = 0;
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
      let set = tokens.get(key);
      if (!set) tokens.set(key, (set = new Set()));
      if (!set.has(token)) {
        set.add(token);
        distinct++;
      }
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
  const activeUsers = new Map<string, number>();
  for (const [key, set] of tokens) activeUsers.set(key, set.size);
  return { activeUsers, rowsRead, bytes: tally.bytes, distinctTokens: distinct };
}
