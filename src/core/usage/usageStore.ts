/**
 * A month's counts as they are kept between runs: active users per org and package, never the
 * user tokens. Implemented on disk by src/storage/usageCache.ts; the data layer reads it before
 * asking Salesforce, so a month is downloaded once and its counts outlive App Analytics' retention.
 */
import { type UsageMonth } from './usageMonth';

export interface StoredUsageMonth {
  readonly month: UsageMonth;
  /** The 15-character 033 ids the summary was requested for, sorted. */
  readonly packageIds: readonly string[];
  /** usageKey (`org15|033-15`) → distinct active users. */
  readonly activeUsers: Readonly<Record<string, number>>;
  readonly rowsRead: number;
  readonly bytes: number;
  /** ISO instant the file was downloaded. */
  readonly fetchedAt: string;
}

export interface UsageStore {
  read(month: UsageMonth, packageIds: readonly string[]): Promise<StoredUsageMonth | undefined>;
  write(entry: StoredUsageMonth): Promise<void>;
}

/** The package set as it is keyed: 15-character ids, distinct, sorted. */
export function packageSet(packageIds: readonly string[]): string[] {
  return [...new Set(packageIds.map((p) => p.trim().slice(0, 15)).filter((p) => p !== ''))].sort();
}
