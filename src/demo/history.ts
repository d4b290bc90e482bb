/**
 * License field history, stored compactly: a million licenses have millions of history rows, so
 * rows are kept in parallel arrays and turned into records only while a query scans them. The
 * `created` row of each license is not stored at all: it is derived from the license itself.
 */
import { toId18 } from '../core/orgId';
import { sfDateTime } from './time';
import { serialId15 } from './random';
import { type DemoRecord } from './schema';

export interface HistoryChange {
  readonly parentId: string;
  readonly field: string;
  readonly dataType: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  readonly atMs: number;
  readonly createdById: string;
}

/** Serial numbers of stored changes start here, so their ids never meet those of derived `created` rows. */
const CHANGE_SERIAL_BASE = 50_000_000;

export class HistoryTable {
  private readonly parent: string[] = [];
  private readonly field: string[] = [];
  private readonly dataType: string[] = [];
  private readonly oldValue: unknown[] = [];
  private readonly newValue: unknown[] = [];
  private readonly at: number[] = [];
  private readonly createdBy: string[] = [];

  get size(): number {
    return this.parent.length;
  }

  add(change: HistoryChange): void {
    this.parent.push(change.parentId);
    this.field.push(change.field);
    this.dataType.push(change.dataType);
    this.oldValue.push(change.oldValue);
    this.newValue.push(change.newValue);
    // Salesforce keeps audit date-times to the second.
    this.at.push(Math.floor(change.atMs / 1000) * 1000);
    this.createdBy.push(change.createdById);
  }

  /** Drops rows added after `size` (an all-or-none write that is rolled back). */
  truncate(size: number): void {
    for (const column of [this.parent, this.field, this.dataType, this.oldValue, this.newValue, this.at, this.createdBy] as unknown[][]) column.length = size;
  }

  private record(i: number, isDeleted: boolean): DemoRecord {
    return {
      Id: toId18(serialId15('017', CHANGE_SERIAL_BASE + i)),
      IsDeleted: isDeleted,
      ParentId: this.parent[i],
      CreatedById: this.createdBy[i],
      CreatedDate: sfDateTime(this.at[i]),
      Field: this.field[i],
      DataType: this.dataType[i],
      OldValue: this.oldValue[i] ?? null,
      NewValue: this.newValue[i] ?? null,
    };
  }

  /** The `created` row of every license, then every change; rows of deleted licenses are deleted too. */
  *scan(licenses: readonly DemoRecord[], isDeleted: (parentId: string) => boolean): Iterable<DemoRecord> {
    for (let i = 0; i < licenses.length; i++) {
      const l = licenses[i];
      yield {
        Id: toId18(serialId15('017', i + 1)),
        IsDeleted: l.IsDeleted === true,
        ParentId: l.Id,
        CreatedById: l.CreatedById ?? null,
        CreatedDate: l.CreatedDate,
        Field: 'created',
        DataType: 'Text',
        OldValue: null,
        NewValue: null,
      };
    }
    for (let i = 0; i < this.parent.length; i++) yield this.record(i, isDeleted(this.parent[i]));
  }
}
