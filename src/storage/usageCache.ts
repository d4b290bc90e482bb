/**
 * The seat-usage month cache: one JSON file per month and package set, holding the active-user
 * counts per subscriber org and package (never the user tokens, never the rows of the file), so a
 * month is downloaded once and its counts outlive App Analytics' retention. Written atomically
 * (FileState: temp file, fsync, rename), 0600 files in a 0700 folder: the counts and org ids are
 * customer data (docs/salesforce/seat-usage.md says where the folder is).
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type UsageMonth, parseUsageMonth } from '../core/usage/usageMonth';
import { type StoredUsageMonth, type UsageStore, packageSet } from '../core/usage/usageStore';
import { FileState } from './fileState';

const FORMAT = 1;

/**
 * The default folder, per LMO: $XDG_CACHE_HOME (or ~/.cache)/lma-workbench/usage/<org> on Linux,
 * ~/Library/Caches/lma-workbench/usage/<org> on macOS, %LOCALAPPDATA%\lma-workbench\cache\usage\<org> on Windows.
 */
export function defaultUsageCacheDir(lmoOrgKey: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const org = lmoOrgKey.replace(/[^A-Za-z0-9._@-]/g, '_');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'lma-workbench', 'cache', 'usage', org);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'lma-workbench', 'usage', org);
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lma-workbench', 'usage', org);
}

interface CacheFile extends StoredUsageMonth {
  readonly format: number;
}

export class UsageCache implements UsageStore {
  private readonly files: FileState;

  constructor(readonly dir: string) {
    this.files = new FileState(dir);
  }

  /** The file's key: the month and a digest of the package set (the set itself is checked on read). */
  static key(month: UsageMonth, packageIds: readonly string[]): string {
    const digest = createHash('sha256').update(packageSet(packageIds).join(',')).digest('hex').slice(0, 16);
    return `usage-${month}-${digest}`;
  }

  async read(month: UsageMonth, packageIds: readonly string[]): Promise<StoredUsageMonth | undefined> {
    let saved: Partial<CacheFile> | undefined;
    try {
      saved = await this.files.read<Partial<CacheFile>>(UsageCache.key(month, packageIds));
    } catch {
      // A damaged file is a miss: the month is downloaded again and the file rewritten.
      return undefined;
    }
    if (!saved || saved.format !== FORMAT || saved.month !== month || parseUsageMonth(saved.month) === undefined) return undefined;
    const wanted = packageSet(packageIds);
    if (!Array.isArray(saved.packageIds) || saved.packageIds.join(',') !== wanted.join(',')) return undefined;
    const counts = saved.activeUsers;
    if (!counts || typeof counts !== 'object' || Object.values(counts).some((n) => typeof n !== 'number' || !Number.isInteger(n) || n < 0)) return undefined;
    return {
      month,
      packageIds: wanted,
      activeUsers: counts,
      rowsRead: typeof saved.rowsRead === 'number' ? saved.rowsRead : 0,
      bytes: typeof saved.bytes === 'number' ? saved.bytes : 0,
      fetchedAt: typeof saved.fetchedAt === 'string' ? saved.fetchedAt : '',
    };
  }

  async write(entry: StoredUsageMonth): Promise<void> {
    const packageIds = packageSet(entry.packageIds);
    const file: CacheFile = { format: FORMAT, ...entry, packageIds };
    await this.files.write(UsageCache.key(entry.month, packageIds), file);
  }
}
