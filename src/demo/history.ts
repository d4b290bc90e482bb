/**
 * License field history, stored compactly: a million licenses have millions of history rows, so
 * rows are kept in parallel arrays and turned into records only while a query scans them. The
 * `created` row of each license is not stored at all: it is derived from the license itself.
 */
import { toId18 } from '../core/orgId';
import { sfDateTime } from './time';
import { serialId15 } from './random';
import { type DemoRecord } from './schema';
import { type CreatedDateRange } from './soql/where';

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
  /**
   * Row numbers in CreatedDate order: Salesforce indexes CreatedDate, so a query bounded by it (the
   * dashboard's history windows, the change feed's watermark) does not read all history. Built when
   * first needed; a row added later in time order extends it, any other change drops it.
   */
  private byTime: number[] | undefined;

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
    const at = Math.floor(change.atMs / 1000) * 1000;
    this.at.push(at);
    this.createdBy.push(change.createdById);
    const index = this.byTime;
    if (index && (index.length === 0 || this.at[index[index.length - 1]] <= at)) index.push(this.at.length - 1);
    else this.byTime = undefined;
  }

  /** Drops rows added after `size` (an all-or-none write that is rolled back). */
  truncate(size: number): void {
    if (size >= this.parent.length) return;
    for (const column of [this.parent, this.field, this.dataType, this.oldValue, this.newValue, this.at, this.createdBy] as unknown[][]) column.length = size;
    this.byTime = undefined;
  }

  /** Stored rows created within the range, as row numbers (all rows, in order, without one). */
  private rowsWithin(range: CreatedDateRange | undefined): Iterable<number> {
    if (!range) return this.at.keys();
    const index = (this.byTime ??= [...this.at.keys()].sort((a, b) => this.at[a] - this.at[b]));
    const first = range.fromMs === undefined ? 0 : firstAtOrAfter(index, this.at, range.fromMs - 999);
    const end = range.toMs === undefined ? index.length : firstAtOrAfter(index, this.at, range.toMs + 1);
    // A wide range is cheaper to read in row order, skipping by time, than to sort back into it.
    if ((end - first) * 4 > index.length) {
      const [fromMs, toMs] = [range.fromMs === undefined ? -Infinity : range.fromMs - 999, range.toMs === undefined ? Infinity : range.toMs];
      return [...this.at.keys()].filter((i) => this.at[i] >= fromMs && this.at[i] <= toMs);
    }
    return index.slice(first, end).sort((a, b) => a - b);
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

  /**
   * The `created` row of every license, then every change; rows of deleted licenses are deleted too.
   * With a range, rows created outside it are left out (never made into records).
   */
  *scan(licenses: readonly DemoRecord[], isDeleted: (parentId: string) => boolean, range?: CreatedDateRange): Iterable<DemoRecord> {
    const createdWithin = range ? withinRange(range) : undefined;
    for (let i = 0; i < licenses.length; i++) {
      const l = licenses[i];
      if (createdWithin && !createdWithin(l.CreatedDate)) continue;
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
    for (const i of this.rowsWithin(range)) yield this.record(i, isDeleted(this.parent[i]));
  }
}

/** The first position in `index` whose row is at or after `ms`. */
function firstAtOrAfter(index: readonly number[], at: readonly number[], ms: number): number {
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[index[mid]] < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether a CreatedDate value may lie within the range. Values in the wire format of UTC
 * (`2024-05-01T10:00:00.000+0000`, as the demo writes them) compare as text, which keeps a scan of
 * a million licenses cheap; any other value is parsed, and one that does not parse is kept (the
 * predicate decides).
 */
function withinRange(range: CreatedDateRange): (value: unknown) => boolean {
  const from = range.fromMs === undefined ? undefined : sfDateTime(range.fromMs - 999);
  const to = range.toMs === undefined ? undefined : sfDateTime(range.toMs + 999);
  return (value) => {
    if (typeof value !== 'string') return true;
    if (value.length === 28 && value.endsWith('+0000')) return (from === undefined || value >= from) && (to === undefined || value <= to);
    const ms = Date.parse(value);
    if (!Number.isFinite(ms)) return true;
    return (range.fromMs === undefined || ms >= range.fromMs - 999) && (range.toMs === undefined || ms <= range.toMs + 999);
  };
}
