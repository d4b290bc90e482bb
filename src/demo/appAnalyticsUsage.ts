/**
 * The demo's App Analytics data, generated on request from the LMO's licenses and the seed (never
 * stored): for each live license of a production org, some distinct users a month, with the kinds
 * a seat-usage report must find — shelfware (many paid seats, few users), at cap (Used Licenses =
 * Seats, with use), dormant (installed, no use for the last 3 to 6 months). Sandbox, scratch and
 * trial orgs never appear in summaries (they do in logs). Files are produced line by line, so a
 * month of a 20,000-license demo streams without being held. Columns: docs/salesforce/app-analytics.md.
 */
import { type AppAnalyticsDataType } from './appAnalyticsSchema';
import { Random } from './random';
import { type DemoRecord } from './schemaDsl';
import { type DemoStore, LICENSE_OBJECT } from './store';
import { DAY_MS } from './time';

export const SUMMARY_COLUMNS = [
  'month',
  'organization_id',
  'organization_name',
  'organization_edition',
  'organization_status',
  'package_id',
  'managed_package_namespace',
  'custom_entity',
  'custom_entity_type',
  'user_id_token',
  'num_creates',
  'num_reads',
  'num_updates',
  'num_deletes',
  'num_views',
  'num_events',
] as const;
/** A partial, unconfirmed set of the log's documented columns (the demo's logs are illustrative). */
export const LOG_COLUMNS = [
  'timestamp_derived',
  'organization_id',
  'package_id',
  'managed_package_namespace',
  'user_id_token',
  'custom_entity',
  'custom_entity_type',
  'api_type',
  'api_version',
  'app_name',
  'class_name',
] as const;
export const SNAPSHOT_COLUMNS = [
  'date',
  'organization_id',
  'package_id',
  'package_version_id',
  'attribute_name',
  'attribute_value',
  'count',
  'custom_entity',
] as const;
export const COLUMNS: Record<AppAnalyticsDataType, readonly string[]> = {
  PackageUsageSummary: SUMMARY_COLUMNS,
  PackageUsageLog: LOG_COLUMNS,
  SubscriberSnapshot: SNAPSHOT_COLUMNS,
};

/** Shares of the live production licenses (of the rest, by a hash of org and package). */
const DORMANT_SHARE = 0.1;
const SHELFWARE_SHARE = 0.18;
const MAX_USERS = 500;

/** One live license as App Analytics sees it (taken when a file is made, so later changes do not alter it). */
export interface UsageLicense {
  readonly org15: string;
  readonly orgName: string;
  readonly edition: string;
  readonly orgStatus: string;
  readonly sandbox: boolean;
  readonly trialOrg: boolean;
  /** 033, 15 characters. */
  readonly package15: string;
  readonly namespace: string;
  readonly versionId: string;
  readonly installMonth: string;
  readonly seats: number | null;
  readonly used: number | null;
  readonly kind: 'dormant' | 'shelfware' | 'atCap' | 'normal';
  /** For a dormant license: the number of complete months, counting back from last month, without use. */
  readonly dormantMonths: number;
}

/** A 0..1 fraction from a hash of the parts (deterministic, cheap). */
export function frac(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

/** A month as a number (year × 12 + month − 1) and back. */
export const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
export const monthOf = (index: number): string => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
export const monthStartMs = (index: number): number => Date.UTC(Math.floor(index / 12), index % 12, 1);

/** A 32-bit mix of two numbers (cheap, deterministic). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ (b + 0x9e3779b9), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The hashed user token: one per user of an org, the same across packages and months (docs: prefix 005-). */
export function userToken(seed: number, org15: string, user: number): string {
  let h = Math.floor(frac(seed, org15) * 4294967296);
  let hex = '';
  for (let i = 0; i < 5; i++) {
    h = mix(h, user * 5 + i);
    hex += h.toString(16).padStart(8, '0');
  }
  return `005-${hex}`;
}

/** RFC 4180 quoting: customer names carry commas, quotes and line breaks. */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
const line = (values: readonly unknown[]) => `${values.map(csvField).join(',')}\n`;

/** The live licenses (Active or Trial, not deleted) of the LMO, as App Analytics sees them. */
export function usageLicenses(store: DemoStore, seed: number, namespaceOf: (package18: string) => string | null): UsageLicense[] {
  const out: UsageLicense[] = [];
  for (const l of store.rows(LICENSE_OBJECT)) {
    if (l.IsDeleted === true || (l.sfLma__Status__c !== 'Active' && l.sfLma__Status__c !== 'Trial')) continue;
    const pkg = store.lookup(String(l.sfLma__Package__c));
    const package18 = String(pkg?.sfLma__Package_ID__c ?? '');
    if (!package18) continue;
    const org15 = String(l.sfLma__Subscriber_Org_ID__c ?? '').slice(0, 15);
    const seats = typeof l.sfLma__Seats__c === 'number' ? l.sfLma__Seats__c : null;
    const used = typeof l.sfLma__Used_Licenses__c === 'number' ? l.sfLma__Used_Licenses__c : null;
    const package15 = package18.slice(0, 15);
    const pick = frac(seed, org15, package15, 'kind');
    const atCap = seats !== null && seats > 0 && used === seats;
    const kind = atCap
      ? 'atCap'
      : pick < DORMANT_SHARE
        ? 'dormant'
        : pick < DORMANT_SHARE + SHELFWARE_SHARE && seats !== null && seats >= 10
          ? 'shelfware'
          : 'normal';
    const version = store.lookup(String(l.sfLma__Package_Version__c));
    out.push({
      org15,
      orgName: orgName(store, l),
      edition: String(l.sfLma__Org_Type__c ?? ''),
      orgStatus: String(l.sfLma__Org_Status_Formula__c ?? ''),
      sandbox: l.sfLma__Subscriber_Org_Is_Sandbox__c === true,
      trialOrg: l.sfLma__Org_Status_Formula__c === 'Trial',
      package15,
      namespace: namespaceOf(package18) ?? '',
      versionId: String(version?.sfLma__Version_ID__c ?? ''),
      installMonth: String(l.sfLma__Install_Date__c ?? '').slice(0, 7),
      seats,
      used,
      kind,
      dormantMonths: 3 + Math.floor(frac(seed, org15, package15, 'dormant') * 4),
    });
  }
  return out;
}

function orgName(store: DemoStore, license: DemoRecord): string {
  const account = license.sfLma__Account__c ? store.lookup(String(license.sfLma__Account__c)) : undefined;
  const lead = license.sfLma__Lead__c ? store.lookup(String(license.sfLma__Lead__c)) : undefined;
  return String(account?.Name ?? lead?.Company ?? '');
}

/** Whether an org's use of a package is in a month's summary at all (production, not a trial org, installed by then, not dormant then). */
export function inSummary(l: UsageLicense, month: number, currentMonth: number): boolean {
  if (l.sandbox || l.trialOrg || !l.installMonth || monthIndex(l.installMonth) > month) return false;
  return !(l.kind === 'dormant' && month >= currentMonth - l.dormantMonths);
}

/** Distinct active users of a license in a month (0 when it is not in the summary). */
export function activeUsers(seed: number, l: UsageLicense, month: number, currentMonth: number): number {
  if (!inSummary(l, month, currentMonth)) return 0;
  const r = frac(seed, l.org15, l.package15, month);
  const base = l.used ?? l.seats ?? 0;
  let n: number;
  switch (l.kind) {
    case 'atCap':
      n = Math.max(1, Math.round(base * (0.75 + 0.25 * r)));
      break;
    case 'shelfware':
      n = 1 + Math.floor(r * Math.max(1, (l.seats ?? 0) * 0.08));
      break;
    default:
      n = base > 0 ? Math.max(1, Math.round(base * (0.4 + 0.55 * r))) : 0;
  }
  return Math.min(n, MAX_USERS);
}

function entities(namespace: string): [string, string][] {
  const ns = namespace ? `${namespace}__` : '';
  return [
    [`${ns}Record__c`, 'CustomObject'],
    [`${ns}Home`, 'LightningPage'],
    [`${namespace ? `${namespace}.` : ''}Service`, 'ApexClass'],
  ];
}

export interface FileQuery {
  readonly dataType: AppAnalyticsDataType;
  /** Months (summary) or days (log, snapshot) as [from, to) in ms, already clipped to what is available. */
  readonly months: readonly number[];
  readonly days: readonly number[];
  /** 15-character 033 ids and org ids to keep (empty: all). */
  readonly packages: ReadonlySet<string>;
  readonly orgs: ReadonlySet<string>;
  /**
   * Summaries only: each row written this many times (default 1), each copy on another custom
   * entity of the same kind, so the file has N× the rows (and bytes) with the same distinct users —
   * as a package with more custom objects would. For the benchmark's memory figures (docs/demo.md).
   */
  readonly rowRepeat?: number;
}

/** The file's lines, header first. */
export function* fileLines(seed: number, licenses: readonly UsageLicense[], query: FileQuery, currentMonth: number): Generator<string> {
  yield line(COLUMNS[query.dataType]);
  const kept = licenses.filter((l) => (!query.packages.size || query.packages.has(l.package15)) && (!query.orgs.size || query.orgs.has(l.org15)));
  if (query.dataType === 'PackageUsageSummary') {
    for (const month of query.months) for (const l of kept) yield* summaryLines(seed, l, month, currentMonth, query.rowRepeat ?? 1);
    return;
  }
  for (const day of query.days) {
    const date = new Date(day).toISOString().slice(0, 10);
    const month = monthIndex(date);
    for (const l of kept) {
      if (!l.installMonth || monthIndex(l.installMonth) > month) continue;
      const [entity, type] = entities(l.namespace)[0];
      if (query.dataType === 'SubscriberSnapshot') {
        if (l.sandbox) continue;
        yield line([date, l.org15, l.package15, l.versionId, 'RecordCount', '', 10 + Math.floor(frac(seed, l.org15, l.package15, day) * 5000), entity]);
        continue;
      }
      // Logs include sandbox and trial orgs; a dormant org logs nothing in its quiet months.
      if (l.kind === 'dormant' && month >= currentMonth - l.dormantMonths) continue;
      const users = Math.min(3, Math.max(1, l.used ?? 1));
      for (let u = 0; u < users; u++) {
        const at = new Date(day + Math.floor(frac(seed, l.org15, day, u) * DAY_MS)).toISOString();
        yield line([at, l.org15, l.package15, l.namespace, userToken(seed, l.org15, u), entity, type, 'REST', '66.0', 'one:one', '']);
      }
    }
  }
}

/** The n-th copy of a custom entity (`ns__Record__c` → `ns__Record2__c`, `ns__Home` → `ns__Home2`); the first is itself. */
const entityCopy = (entity: string, n: number) => (n === 0 ? entity : entity.replace(/(__c)?$/, `${n + 1}$1`));

function* summaryLines(seed: number, l: UsageLicense, month: number, currentMonth: number, repeat: number): Generator<string> {
  const users = activeUsers(seed, l, month, currentMonth);
  const list = entities(l.namespace);
  const name = monthOf(month);
  const random = new Random(Math.floor(frac(seed, l.org15, l.package15, month, 'rows') * 4294967296));
  for (let u = 0; u < users; u++) {
    const token = userToken(seed, l.org15, u);
    const count = random.chance(0.2) ? 2 : 1;
    for (let e = 0; e < count; e++) {
      const [entity, type] = list[(u + e) % list.length];
      const r = (_k: string, max: number) => random.int(0, max - 1);
      const views = 1 + r('v', 300);
      const values = [
        name,
        l.org15,
        l.orgName,
        l.edition,
        l.orgStatus,
        l.package15,
        l.namespace,
        entity,
        type,
        token,
        r('c', 40),
        r('r', 900),
        r('u', 120),
        r('d', 10),
        views,
        views + r('e', 200),
      ];
      for (let copy = 0; copy < repeat; copy++) {
        values[7] = entityCopy(entity, copy);
        yield line(values);
      }
    }
  }
}

/** Lines joined into chunks of about 64 KB (a stream of one-line chunks is slow to compress and send). */
export function* chunked(lines: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const l of lines) {
    buffer += l;
    if (buffer.length >= 65_536) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}
