/**
 * What the running user of the demo org can see: the data objects (the LMA's and the FMA's only
 * while installed, permission objects only with View Setup), the Tooling objects (without the
 * packages that are not installed), and the query context SOQL runs in.
 */
import { type CalendarDate } from '../../core/calendarDate';
import { APP_ANALYTICS_OBJECT } from '../appAnalyticsSchema';
import { METADATA_OBJECT_NAMES } from '../metadata/schema';
import { PBO_OBJECT_NAMES } from '../pboLicensingSchema';
import { PUSH_OBJECT_NAMES } from '../pushUpgradesSchema';
import { DATA_OBJECTS, type DemoRecord, type ObjectDef, Schema, TOOLING_OBJECTS } from '../schema';
import { type SetupBreak } from '../setup';
import { type QueryContext } from '../soql/queryContext';
import { type DemoStore } from '../store';
import { type ApiRequest } from './types';

/** Objects the demo's user reads and never writes: the push objects, the PBO licensing objects, what deploys make. */
export const READ_ONLY_OBJECTS: ReadonlySet<string> = new Set([...PUSH_OBJECT_NAMES, ...PBO_OBJECT_NAMES, ...METADATA_OBJECT_NAMES]);

/** Permission objects: Salesforce shows them only to users with View Setup and Configuration. */
const NEEDS_VIEW_SETUP = new Set(['PermissionSet', 'PermissionSetAssignment', 'ObjectPermissions', 'SetupEntityAccess']);
const TOOLING_NEEDS_VIEW_SETUP = new Set(['FieldDefinition']);

/** What is installed and set up in the org right now. */
export interface OrgApps {
  readonly lmaInstalled: boolean;
  readonly fmaInstalled: boolean;
  readonly setupBreaks: ReadonlySet<SetupBreak>;
  readonly aggregateRowLimit: number;
  /** App Analytics for the packages: 'noAccess' hides AppAnalyticsQueryRequest (docs/demo.md). */
  readonly appAnalytics: 'enabled' | 'disabled' | 'noAccess';
  /** Whether the org has the PBO licensing objects (SfdcPartner*). */
  readonly pboLicensing: boolean;
}

/** The latest version the demo speaks (restApi.ts' LATEST_API_VERSION), for reads from inside the demo. */
const LATEST = 66;

export class VisibleObjects {
  readonly dataSchema = new Schema(DATA_OBJECTS);
  readonly toolingSchema = new Schema(TOOLING_OBJECTS);
  /** Without View Setup: no FieldDefinition (stricter than Salesforce documents; docs/salesforce/lmo-dashboard.md). */
  private readonly toolingWithoutSetup = new Schema(TOOLING_OBJECTS.filter((o) => !TOOLING_NEEDS_VIEW_SETUP.has(o.name)));
  private readonly schemas = new Map<string, Schema>();

  constructor(
    private readonly store: DemoStore,
    private readonly apps: () => OrgApps,
    private readonly today: CalendarDate,
    private readonly now: () => number,
  ) {}

  /** A Tooling object's rows, installed or not. */
  tooling(objectName: string): DemoRecord[] {
    return this.store.rows(this.toolingSchema.object(objectName) as ObjectDef) as DemoRecord[];
  }

  /**
   * The objects the running user can see in an API version: the LMA's only while it is installed,
   * permission objects only with View Setup, App Analytics' request object unless 'noAccess', the PBO
   * licensing objects only in a PBO that has them, and none below the version that introduced it.
   */
  schema(version?: string): Schema {
    const { lmaInstalled, fmaInstalled, setupBreaks, appAnalytics, pboLicensing } = this.apps();
    const hideSetup = setupBreaks.has('no-view-setup');
    const v = version === undefined ? LATEST : Number(version);
    const key = `${lmaInstalled}:${fmaInstalled}:${hideSetup}:${appAnalytics}:${pboLicensing}:${v}`;
    let schema = this.schemas.get(key);
    if (!schema) {
      schema = new Schema(
        DATA_OBJECTS.filter(
          (o) =>
            (lmaInstalled || !o.lma) &&
            (fmaInstalled || !o.fma) &&
            !(hideSetup && NEEDS_VIEW_SETUP.has(o.name)) &&
            !(appAnalytics === 'noAccess' && o.name === APP_ANALYTICS_OBJECT) &&
            (pboLicensing || !PBO_OBJECT_NAMES.has(o.name)) &&
            (o.sinceVersion === undefined || v >= o.sinceVersion),
        ),
      );
      this.schemas.set(key, schema);
    }
    return schema;
  }

  queryContext(req: ApiRequest, tooling: boolean, includeDeleted: boolean): QueryContext {
    const { lmaInstalled, fmaInstalled, setupBreaks, aggregateRowLimit } = this.apps();
    // A Developer Edition org (the `developer-edition` setup) has none of the Partner Business Org's own apps.
    const notPbo = setupBreaks.has('developer-edition') ? ['CHANNEL_ORDERS', 'sfcma'] : [];
    const hidden = tooling ? [...(lmaInstalled ? [] : ['sfLma']), ...(fmaInstalled ? [] : ['sfFma']), ...notPbo] : [];
    const packageIds = this.tooling('SubscriberPackage')
      .filter((r) => hidden.includes(String(r.NamespacePrefix)))
      .map((r) => r.Id);
    return {
      schema: tooling ? (setupBreaks.has('no-view-setup') ? this.toolingWithoutSetup : this.toolingSchema) : this.schema(req.version),
      rows: (object, createdDate) => {
        const rows = this.store.scan(object, createdDate);
        return hidden.length ? withoutPackages(rows, hidden, packageIds) : rows;
      },
      lookup: this.store.lookup,
      today: this.today,
      includeDeleted,
      purged: (record) => this.store.purged(record, this.now()),
      apiVersion: req.version,
      aggregateRowLimit,
    };
  }

  /** A record for a Lightning record page, if the object and id match. */
  pageRecord(objectName: string, id: string): { object: ObjectDef; record: DemoRecord } | undefined {
    const object = this.schema().object(objectName);
    const record = object && this.store.objectOf(id) === object.name ? this.store.lookup(id) : undefined;
    return object && record ? { object, record } : undefined;
  }
}

/** Tooling rows without the packages that are not installed (their SubscriberPackage, Publisher and InstalledSubscriberPackage rows). */
function* withoutPackages(rows: Iterable<DemoRecord>, namespaces: readonly string[], packageIds: readonly unknown[]): Iterable<DemoRecord> {
  for (const r of rows) if (!namespaces.includes(String(r.NamespacePrefix)) && !packageIds.includes(r.SubscriberPackageId)) yield r;
}
