import { type DemoRecord, type ObjectDef } from './schema';
import { type DemoTables } from './dataBuilder';
import { type HistoryChange, HistoryTable } from './history';
import { type CreatedDateRange } from './soql/where';
import { DAY_MS } from './time';

export const HISTORY_OBJECT = 'sfLma__License__History';
export const LICENSE_OBJECT = 'sfLma__License__c';
/** How long deleted records stay in the Recycle Bin (queryAll, the `deleted` resource). */
export const RECYCLE_BIN_DAYS = 15;

export interface DeletedRecord {
  readonly id: string;
  readonly deletedMs: number;
}

/** The demo org's records, with an id index for lookups (ids match on their first 15 characters). */
export class DemoStore {
  private readonly byId = new Map<string, { object: string; record: DemoRecord }>();
  readonly history: HistoryTable;
  private readonly deletedAt = new Map<string, DeletedRecord>();

  constructor(
    private readonly tables: DemoTables,
    history: HistoryTable = new HistoryTable(),
    deleted: readonly DeletedRecord[] = [],
  ) {
    for (const [object, records] of Object.entries(tables)) {
      for (const record of records) this.byId.set(record.Id.slice(0, 15), { object, record });
    }
    this.history = history;
    for (const d of deleted) this.deletedAt.set(d.id.slice(0, 15), d);
  }

  /** The stored rows of an object (never the derived history). */
  rows(object: ObjectDef | string): readonly DemoRecord[] {
    return this.tables[typeof object === 'string' ? object : object.name] ?? [];
  }

  /** Objects whose rows are derived from others on every scan (the Dev Hub's PackageSubscriber). */
  private readonly derived = new Map<string, () => Iterable<DemoRecord>>();

  /** Serves an object's rows from `scan` instead of a table. */
  derive(objectName: string, scan: () => Iterable<DemoRecord>): void {
    this.derived.set(objectName, scan);
  }

  /** Every row a query sees, history included; history outside `createdDate` is skipped by its index. */
  scan(object: ObjectDef, createdDate?: CreatedDateRange): Iterable<DemoRecord> {
    const derived = this.derived.get(object.name);
    if (derived) return derived();
    if (object.name === HISTORY_OBJECT)
      return this.history.scan(this.rows(LICENSE_OBJECT), (parentId) => this.lookup(parentId)?.IsDeleted === true, createdDate);
    return this.rows(object);
  }

  readonly lookup = (id: string): DemoRecord | undefined => this.byId.get(id.slice(0, 15))?.record;

  /** The object an id belongs to, or undefined. */
  objectOf(id: string): string | undefined {
    return this.byId.get(id.slice(0, 15))?.object;
  }

  /** Open transactions, innermost last (a Composite call around a Collections update nests them). */
  private readonly frames: { records: Map<DemoRecord, DemoRecord>; historySize: number; deleted: Set<string> }[] = [];

  /** Call before changing a record, so an all-or-none transaction can put it back. */
  touch(record: DemoRecord): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame && !frame.records.has(record)) frame.records.set(record, { ...record });
  }

  /** Adds a new record (a new install). */
  insert(objectName: string, record: DemoRecord): void {
    (this.tables[objectName] ??= []).push(record);
    this.byId.set(record.Id.slice(0, 15), { object: objectName, record });
  }

  appendHistory(change: HistoryChange): void {
    this.history.add(change);
  }

  /** Moves a record to the Recycle Bin. */
  delete(record: DemoRecord, atMs: number): void {
    this.touch(record);
    record.IsDeleted = true;
    this.deletedAt.set(record.Id.slice(0, 15), { id: record.Id, deletedMs: atMs });
    this.frames[this.frames.length - 1]?.deleted.add(record.Id.slice(0, 15));
  }

  /**
   * Whether a deleted record (or the License a history row belongs to) has left the Recycle Bin
   * by `nowMs`: deleted more than RECYCLE_BIN_DAYS ago, so gone for good, from queryAll too.
   */
  purged(record: DemoRecord, nowMs: number): boolean {
    const horizon = nowMs - RECYCLE_BIN_DAYS * DAY_MS;
    const of = (id: unknown) => (typeof id === 'string' ? this.deletedAt.get(id.slice(0, 15)) : undefined);
    const deleted = of(record.Id) ?? of(record.ParentId);
    return deleted !== undefined && deleted.deletedMs < horizon;
  }

  /** Records of an object deleted in [fromMs, toMs], still in the Recycle Bin. */
  deletedBetween(objectName: string, fromMs: number, toMs: number): DeletedRecord[] {
    return [...this.deletedAt.values()].filter((d) => d.deletedMs >= fromMs && d.deletedMs <= toMs && this.objectOf(d.id) === objectName);
  }

  readonly transaction = {
    begin: () => {
      this.frames.push({ records: new Map(), historySize: this.history.size, deleted: new Set() });
    },
    commit: () => {
      const inner = this.frames.pop();
      const outer = this.frames[this.frames.length - 1];
      if (!inner || !outer) return;
      // The outer transaction can still undo what the inner one did.
      for (const [record, before] of inner.records) if (!outer.records.has(record)) outer.records.set(record, before);
      for (const id of inner.deleted) outer.deleted.add(id);
    },
    rollback: () => {
      const frame = this.frames.pop();
      if (!frame) return;
      for (const [record, before] of frame.records) {
        for (const key of Object.keys(record)) delete record[key];
        Object.assign(record, before);
      }
      this.history.truncate(frame.historySize);
      for (const id of frame.deleted) this.deletedAt.delete(id);
    },
  };

  /** Replaces every row of an object (the demo's setup tables change as a whole). */
  replaceRows(objectName: string, rows: DemoRecord[]): void {
    for (const old of this.tables[objectName] ?? []) this.byId.delete(old.Id.slice(0, 15));
    this.tables[objectName] = rows;
    for (const record of rows) this.byId.set(record.Id.slice(0, 15), { object: objectName, record });
  }

  count(objectName: string): number {
    return this.tables[objectName]?.length ?? 0;
  }
}
