/** What a SOQL query runs against: the visible objects, their rows, today's date and the org's limits. */
import { type CalendarDate } from '../../core/calendarDate';
import { type DemoRecord, type ObjectDef, type RecordLookup, type Schema } from '../schema';
import { type CreatedDateRange } from './where';

/** Largest result an aggregate query may return: it cannot page. */
export const AGGREGATE_ROW_LIMIT = 2000;
/** What the engine needs from the store. */
export interface QueryContext {
  readonly schema: Schema;
  /** An object's rows; a table may leave out rows outside `createdDate` (the clause refuses them anyway). */
  readonly rows: (object: ObjectDef, createdDate?: CreatedDateRange) => Iterable<DemoRecord>;
  readonly lookup: RecordLookup;
  readonly today: CalendarDate;
  /** queryAll: include deleted rows. */
  readonly includeDeleted: boolean;
  /** A deleted row gone for good: out of the Recycle Bin, so not even queryAll sees it. */
  readonly purged?: (record: DemoRecord) => boolean;
  readonly apiVersion: string;
  /** Rows an aggregate query may return (Salesforce: 2,000). */
  readonly aggregateRowLimit?: number;
}
