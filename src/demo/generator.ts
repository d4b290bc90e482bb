/**
 * The demo LMO's data, generated from a seed: an LMO as a partner's looks after years of
 * installs. Every license has a past (its field history) that leads to its present; record
 * types follow the status; the LMA's syncs have touched most records recently; a few licenses
 * sit in the Recycle Bin. Edge cases real orgs have are always there: hostile names, ids with
 * every letter, null seats with used seats, a version released out of order, two org ids that
 * differ only in letter case.
 */
import { type CalendarDate } from '../core/calendarDate';
import { toId18 } from '../core/orgId';
import { type DataBuilder, type DemoTables, Ids, systemFields } from './dataBuilder';
import { type DemoCatalogPackage, completeCatalog, devHubTables } from './devHub';
import { generateFmaData } from './fmaData';
import { HistoryTable } from './history';
import { putInstalledPackages } from './installedPackageData';
import { generateLicenses } from './licenseData';
import { generatePackages } from './packageData';
import { Random } from './random';
import { type DemoRecord } from './schema';
import { type DeletedRecord } from './store';
import { dayMs, sfDateTime } from './time';

export interface DemoDataOptions {
  /** Number of License records (100 … 1,000,000). */
  readonly licenses: number;
  readonly seed: number;
  /** The date the data is "as of": expirations, installs and churn are spread around it. */
  readonly today: CalendarDate;
  readonly username?: string;
  /** Every n-th org stores some licenses with its 18-character org id (default 997: rare, as in real LMOs). */
  readonly mixedIdEvery?: number;
  /** This org's id and name (default: the demo Partner Business Org). */
  readonly orgId?: string;
  readonly orgName?: string;
  /**
   * The Dev Hub that owns the packages, as the LMO's package records name it (default: this org,
   * which then also holds the Dev Hub's Package2 and MetadataPackage rows).
   */
  readonly devHubOrgId?: string;
  readonly devHubName?: string;
  /** The demo's "now" (default: the start of today): subscriber → LMO feature values were reported in the day before it. */
  readonly nowMs?: number;
  /** Generate the Feature Management App's parameters and values (default true; a demo started without the FMA has none). */
  readonly featureParameters?: boolean;
  /** Customer names that attack every output (catalog.ts's HOSTILE_NAMES) head the data (default true: the tests' demo; false: a showcase). */
  readonly hostileNames?: boolean;
}

export interface DemoData {
  readonly tables: DemoTables;
  readonly history: HistoryTable;
  readonly deleted: DeletedRecord[];
  /** Every package the demo Dev Hub owns, linked or not. */
  readonly catalog: DemoCatalogPackage[];
  /** Whether this org is that Dev Hub (its Package2 and MetadataPackage rows are in `tables`). */
  readonly ownsPackages: boolean;
}

export const DEMO_USERNAME = 'admin@acme-lmo.demo';
export const DEMO_ORG_ID = toId18('00D5g0000LMODEM');
export const DEMO_ORG_NAME = 'Acme Partner Business Org (demo)';
/** The demo Dev Hub of the two-org case (`profile: 'devHub'`). */
export const DEMO_DEV_HUB_ORG_ID = toId18('00D5g0000DEVHUB');
export const DEMO_DEV_HUB_NAME = 'Acme Dev Hub (demo)';
export const LICENSE_RECORD_TYPES = ['Active', 'Trial', 'Suspended', 'Uninstalled', 'Expired'] as const;

export function generateDemoData(options: DemoDataOptions): DemoData {
  const random = new Random(options.seed);
  const ids = new Ids();
  const today = options.today;
  const todayMs = dayMs(today);
  const tables: DemoTables = {};
  const history = new HistoryTable();
  const deleted: DeletedRecord[] = [];
  const put = (object: string, record: DemoRecord) => (tables[object] ??= []).push(record);

  // The org itself and its users.
  const adminId = ids.next('005');
  const inactiveManagerId = ids.next('005');
  const lmaUserId = ids.next('005');
  const orgId = options.orgId ?? DEMO_ORG_ID;
  const orgName = options.orgName ?? DEMO_ORG_NAME;
  const devHubOrgId = options.devHubOrgId ?? orgId;
  const devHubName = options.devHubName ?? (devHubOrgId === orgId ? orgName : DEMO_DEV_HUB_NAME);
  put('Organization', {
    Id: orgId,
    Name: orgName,
    InstanceName: 'NA224',
    IsSandbox: false,
    TrialExpirationDate: null,
    NamespacePrefix: null,
    OrganizationType: 'Enterprise Edition',
  });
  const username = options.username ?? DEMO_USERNAME;
  put('User', { Id: adminId, Username: username, Name: 'Demo Admin', Email: username, IsActive: true, LastModifiedDate: sfDateTime(todayMs) });
  put('User', {
    Id: inactiveManagerId,
    Username: 'former.manager@acme-lmo.demo',
    Name: 'Former Lead Manager',
    Email: 'former.manager@acme-lmo.demo',
    IsActive: false,
    LastModifiedDate: sfDateTime(todayMs),
  });
  // The License Manager: the user the LMA writes licenses and their history as.
  put('User', {
    Id: lmaUserId,
    Username: 'license.manager@acme-lmo.demo',
    Name: 'License Manager',
    Email: 'license.manager@acme-lmo.demo',
    IsActive: true,
    LastModifiedDate: sfDateTime(todayMs),
  });
  const recordTypes = new Map<string, string>();
  for (const status of LICENSE_RECORD_TYPES) {
    const id = ids.next('012');
    recordTypes.set(status, id);
    put('RecordType', { Id: id, Name: status, DeveloperName: status, NamespacePrefix: 'sfLma', SobjectType: 'sfLma__License__c' });
  }
  const builder: DataBuilder = { ids, today, todayMs, put, adminId, lmaUserId, system: systemFields(adminId, lmaUserId) };

  // Packages and their version histories.
  const { packages, lmoCatalog } = generatePackages(builder, { orgId: devHubOrgId, name: devHubName }, inactiveManagerId);

  // Subscriber orgs, each holding licenses for one to three packages.
  generateLicenses(builder, random, packages, { history, deleted, recordTypes }, options);

  // The Feature Management App's parameters and values, drawn from a stream of their own so the LMA data stays as it was.
  if (options.featureParameters !== false)
    generateFmaData(
      { random: new Random(options.seed + 7919), nextId: (prefix) => ids.next(prefix), today, nowMs: options.nowMs ?? todayMs, fmaUserId: lmaUserId, put },
      packages.map((p) => ({
        record: p.record,
        namespace: p.spec.namespace,
        versions: new Map([...p.released, ...(p.beta ? [p.beta] : [])].map((v) => [v.number, v.record])),
      })),
      tables['sfLma__License__c'] ?? [],
    );

  // What the LMO has installed (Tooling API): what a Partner Business Org ships with (the LMA, behind the latest release; the FMA;
  // Channel Order App; Checkout Management App) and two others.
  putInstalledPackages(put);

  // The Dev Hub's own records, when this org is the Dev Hub (a Partner Business Org usually is).
  const catalog = completeCatalog(lmoCatalog, today);
  const ownsPackages = devHubOrgId === orgId;
  if (ownsPackages) for (const [object, rows] of Object.entries(devHubTables(catalog, adminId))) tables[object] = rows;
  return { tables, history, deleted, catalog, ownsPackages };
}
