import { DemoRecord, ObjectDef } from './schema';
import { DemoTables } from './generator';

/** The demo org's records, with an id index for lookups (ids match on their first 15 characters). */
export class DemoStore {
  private readonly byId = new Map<string, { object: string; record: DemoRecord }>();

  constructor(private readonly tables: DemoTables) {
    for (const [object, records] of Object.entries(tables)) {
      for (const record of records) this.byId.set(record.Id.slice(0, 15), { object, record });
    }
  }

  rows(object: ObjectDef): readonly DemoRecord[] {
    return this.tables[object.name] ?? [];
  }

  readonly lookup = (id: string): DemoRecord | undefined => this.byId.get(id.slice(0, 15))?.record;

  /** The object an id belongs to, or undefined. */
  objectOf(id: string): string | undefined {
    return this.byId.get(id.slice(0, 15))?.object;
  }

  private journal: Map<DemoRecord, DemoRecord> | undefined;

  /** Call before changing a record, so an all-or-none transaction can put it back. */
  touch(record: DemoRecord): void {
    if (this.journal && !this.journal.has(record)) this.journal.set(record, { ...record });
  }

  readonly transaction = {
    begin: () => {
      this.journal = new Map();
    },
    commit: () => {
      this.journal = undefined;
    },
    rollback: () => {
      for (const [record, before] of this.journal ?? []) {
        for (const key of Object.keys(record)) delete record[key];
        Object.assign(record, before);
      }
      this.journal = undefined;
    },
  };

  count(objectName: string): number {
    return this.tables[objectName]?.length ?? 0;
  }

}
