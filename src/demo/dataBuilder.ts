/** What every part of the demo data generator writes through: ids in creation order, the tables, the system fields. */
import { type CalendarDate } from '../core/calendarDate';
import { toId18 } from '../core/orgId';
import { serialId15 } from './random';
import { type DemoRecord } from './schema';
import { sfDateTime } from './time';

export type DemoTables = Record<string, DemoRecord[]>;

/** Record ids in creation order: the same seed gives the same ids. */
export class Ids {
  private serial = 1;
  next(prefix: string): string {
    return toId18(serialId15(prefix, this.serial++));
  }
}

export interface DataBuilder {
  readonly ids: Ids;
  readonly today: CalendarDate;
  /** The start of today, in ms. */
  readonly todayMs: number;
  readonly put: (object: string, record: DemoRecord) => void;
  /** The demo admin: the owner of records. */
  readonly adminId: string;
  /** The License Manager: the user the LMA writes licenses and their history as. */
  readonly lmaUserId: string;
  /** The system fields of a record the LMA created at `created` and last modified at `modified` (ms). */
  readonly system: (created: number, modified: number) => SystemFields;
}

export interface SystemFields {
  readonly IsDeleted: boolean;
  readonly CreatedDate: string;
  readonly CreatedById: string;
  readonly LastModifiedDate: string;
  readonly SystemModstamp: string;
  readonly OwnerId: string;
}

export function systemFields(adminId: string, lmaUserId: string): (created: number, modified: number) => SystemFields {
  return (created, modified) => ({
    IsDeleted: false,
    CreatedDate: sfDateTime(created),
    CreatedById: lmaUserId,
    LastModifiedDate: sfDateTime(modified),
    SystemModstamp: sfDateTime(modified),
    OwnerId: adminId,
  });
}
