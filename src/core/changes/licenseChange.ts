/**
 * The License change feed's event model: what happened to a license, when, by whom, from what to
 * what, and what the license looks like now. Built from License history rows (and the Recycle
 * Bin for deletes) by pure functions; the data layer reads the rows, the CLI delivers the events.
 */

export const LICENSE_CHANGE_TYPES = [
  'license.created',
  'license.status_changed',
  'license.seats_changed',
  'license.expiration_changed',
  'license.version_changed',
  'license.deleted',
] as const;
export type LicenseChangeType = (typeof LICENSE_CHANGE_TYPES)[number];

/** The short names users type (`--kinds status,seats`), to the event types. */
export const CHANGE_KINDS: Readonly<Record<string, LicenseChangeType>> = {
  created: 'license.created',
  status: 'license.status_changed',
  seats: 'license.seats_changed',
  expiration: 'license.expiration_changed',
  version: 'license.version_changed',
  deleted: 'license.deleted',
};

/** One row of sfLma__License__History, as the data layer read it. */
export interface HistoryRow {
  readonly id: string;
  readonly licenseId: string;
  /** `created`, or the API name of the tracked field. */
  readonly field: string;
  readonly dataType: string | undefined;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  /** ISO date-time (UTC). */
  readonly createdDate: string;
  readonly createdById: string | undefined;
  readonly createdByName: string | undefined;
}

/** The license as it is now: what a billing system needs to act on a change. */
export interface LicenseFacts {
  readonly name: string | null;
  readonly subscriberOrgId: string | null;
  readonly packageId: string | null;
  readonly packageName: string | null;
  readonly packageVersionId: string | null;
  readonly versionNumber: string | null;
  readonly accountId: string | null;
  readonly accountName: string | null;
  /** The lead's company: the subscriber's name when no account is linked yet (the LMA creates the lead first). */
  readonly leadCompany: string | null;
  readonly status: string | null;
  /** Negative = site license (the LMA writes -1). */
  readonly seats: number | null;
  /** YYYY-MM-DD; 1970-01-01 (or null) means it does not expire. */
  readonly expiration: string | null;
  readonly isSandbox: boolean | null;
  /** In the Recycle Bin now. */
  readonly isDeleted: boolean;
}

export type ChangeValue = string | number | null;

export interface LicenseChange {
  /** Stable: the history row's id; for a delete, the license id and the deletion time. */
  readonly id: string;
  readonly type: LicenseChangeType;
  /** When it happened (ISO 8601, UTC). */
  readonly time: string;
  readonly licenseId: string;
  /** The LMA field that changed (absent for created and deleted). */
  readonly field: string | null;
  readonly oldValue: ChangeValue;
  readonly newValue: ChangeValue;
  /** Display names of a lookup's old and new values (the package version's name). */
  readonly oldLabel: string | null;
  readonly newLabel: string | null;
  /** Who made the change (history's CreatedBy); null when Salesforce does not say (deletes). */
  readonly actor: { readonly id: string; readonly name: string | null } | null;
  /** The license now; null when it could not be read. */
  readonly license: LicenseFacts | null;
}

const FIELD_TYPES: Readonly<Record<string, LicenseChangeType>> = {
  sflma__status__c: 'license.status_changed',
  sflma__seats__c: 'license.seats_changed',
  sflma__expiration__c: 'license.expiration_changed',
  sflma__package_version__c: 'license.version_changed',
};

/** The event type of a history row, or undefined for rows that are not events of their own. */
export function changeTypeOf(row: Pick<HistoryRow, 'field' | 'dataType'>): LicenseChangeType | undefined {
  if (row.field.toLowerCase() === 'created') return 'license.created';
  // Field names compare without regard to case, as the API does.
  const type = FIELD_TYPES[row.field.toLowerCase()];
  // A lookup's change is two rows: the ids (EntityId) carry the event, the names (Text) label it.
  if (type === 'license.version_changed' && row.dataType !== 'EntityId') return undefined;
  return type;
}

/** The Text row that names a lookup change's values (same license, field and time). */
function isLabelRow(row: HistoryRow): boolean {
  return FIELD_TYPES[row.field.toLowerCase()] === 'license.version_changed' && row.dataType !== 'EntityId';
}

function value(raw: unknown, type: LicenseChangeType): ChangeValue {
  if (raw === null || raw === undefined || raw === '') return null;
  if (type === 'license.seats_changed') {
    const n = typeof raw === 'number' ? raw : Number(raw);
    return Number.isFinite(n) ? n : String(raw);
  }
  if (type === 'license.expiration_changed' && typeof raw === 'string') return raw.slice(0, 10);
  return typeof raw === 'number' ? raw : String(raw);
}

const text = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/** Salesforce's `2026-03-10T10:15:00.000+0000` as ISO 8601 UTC (`2026-03-10T10:15:00.000Z`). */
export function isoTime(sfDateTime: string): string {
  const ms = Date.parse(sfDateTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) throw new RangeError(`Not a date-time: ${sfDateTime}`);
  return new Date(ms).toISOString();
}

/**
 * History rows to events, in (time, id) order. Rows of untracked fields and the Text half of a
 * lookup change make no event; a Text half beside its EntityId half labels it.
 */
export function changesFromHistory(rows: readonly HistoryRow[], facts: ReadonlyMap<string, LicenseFacts>): LicenseChange[] {
  const labels = new Map<string, HistoryRow>();
  for (const row of rows) if (isLabelRow(row)) labels.set(`${row.licenseId}|${row.createdDate}|${row.field}`, row);
  const out: LicenseChange[] = [];
  for (const row of rows) {
    const type = changeTypeOf(row);
    if (!type) continue;
    const label = type === 'license.version_changed' ? labels.get(`${row.licenseId}|${row.createdDate}|${row.field}`) : undefined;
    out.push({
      id: row.id,
      type,
      time: isoTime(row.createdDate),
      licenseId: row.licenseId,
      field: type === 'license.created' ? null : row.field,
      oldValue: type === 'license.created' ? null : value(row.oldValue, type),
      newValue: type === 'license.created' ? null : value(row.newValue, type),
      oldLabel: label ? text(label.oldValue) : null,
      newLabel: label ? text(label.newValue) : null,
      actor: row.createdById ? { id: row.createdById, name: row.createdByName ?? null } : null,
      license: factsOf(facts, row.licenseId),
    });
  }
  return sortChanges(out);
}

/** A license moved to the Recycle Bin (from the `deleted` replication resource). */
export function deletedChange(licenseId: string, deletedDate: string, facts: ReadonlyMap<string, LicenseFacts>): LicenseChange {
  const time = isoTime(deletedDate);
  return {
    id: deletedChangeId(licenseId, time),
    type: 'license.deleted',
    time,
    licenseId,
    field: null,
    oldValue: null,
    newValue: null,
    oldLabel: null,
    newLabel: null,
    actor: null,
    license: factsOf(facts, licenseId),
  };
}

/** `<license id>-deleted-<yyyymmddThhmmssZ>`: no dots (Standard Webhooks ids may not hold one). */
export function deletedChangeId(licenseId: string, isoDeleted: string): string {
  return `${licenseId}-deleted-${isoDeleted.replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')}`;
}

function factsOf(facts: ReadonlyMap<string, LicenseFacts>, licenseId: string): LicenseFacts | null {
  return facts.get(licenseId.slice(0, 15)) ?? null;
}

/** Oldest first; ties by id, so the order is total and the same on every read. */
export function compareChanges(a: Pick<LicenseChange, 'time' | 'id'>, b: Pick<LicenseChange, 'time' | 'id'>): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortChanges<T extends Pick<LicenseChange, 'time' | 'id'>>(changes: readonly T[]): T[] {
  return [...changes].sort(compareChanges);
}

/** Drops repeats of an id (an overlap re-read, a retried page), keeping the first. */
export function dedupeChanges<T extends { readonly id: string }>(changes: readonly T[], seen: Set<string> = new Set()): T[] {
  const out: T[] = [];
  for (const c of changes) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push(c);
  }
  return out;
}

/** The event types a `--kinds` list names, or a RangeError naming the unknown ones. */
export function parseKinds(list: string): LicenseChangeType[] {
  const names = list
    .split(',')
    .map((k) => k.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !CHANGE_KINDS[n] && !(LICENSE_CHANGE_TYPES as readonly string[]).includes(n));
  if (unknown.length) throw new RangeError(`Unknown kind(s): ${unknown.join(', ')}. Kinds: ${Object.keys(CHANGE_KINDS).join(', ')}.`);
  return [...new Set(names.map((n) => CHANGE_KINDS[n] ?? (n as LicenseChangeType)))];
}
