/**
 * The demo LMO's data, generated from a seed: an LMO as a partner's looks after years of
 * installs. Every license has a past (its field history) that leads to its present; record
 * types follow the status; the LMA's syncs have touched most records recently; a few licenses
 * sit in the Recycle Bin. Edge cases real orgs have are always there: hostile names, ids with
 * every letter, null seats with used seats, a version released out of order, two org ids that
 * differ only in letter case.
 */
import { type CalendarDate, addDays, daysBetween } from '../core/calendarDate';
import { toId18 } from '../core/orgId';
import { compareVersionNumbers } from '../core/versionNumber';
import { COMPANY_FIRST, COMPANY_SECOND, COMPANY_SUFFIX, DEMO_PACKAGES, type DemoPackageSpec, EDITIONS, HOSTILE_NAMES, PRODUCTION_PODS } from './catalog';
import { type DemoCatalogPackage, completeCatalog, devHubTables, package2IdOf, subscriberPackageIdOf, versionIdOf } from './devHub';
import { generateFmaData } from './fmaData';
import { HistoryTable } from './history';
import { type LicenseState, PERPETUAL, initialState, lifecycle } from './lifecycle';
import { Random, randomBase62, serialId15 } from './random';
import { type DemoRecord } from './schema';
import { type DeletedRecord } from './store';
import { DAY_MS, dayMs, sfDateTime } from './time';

export { sfDateTime } from './time';

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
}

export type DemoTables = Record<string, DemoRecord[]>;

export interface DemoData {
  readonly tables: DemoTables;
  readonly history: HistoryTable;
  readonly deleted: DeletedRecord[];
  /** Every package the demo Dev Hub owns, linked or not. */
  readonly catalog: DemoCatalogPackage[];
  /** Whether this org is that Dev Hub (its Package2 and MetadataPackage rows are in `tables`). */
  readonly ownsPackages: boolean;
}

class Ids {
  private serial = 1;
  next(prefix: string): string {
    return toId18(serialId15(prefix, this.serial++));
  }
}

interface VersionRow {
  record: DemoRecord;
  number: string;
  released: CalendarDate;
  beta: boolean;
}
interface PackageRow {
  record: DemoRecord;
  spec: DemoPackageSpec;
  /** Released versions, by version number. */
  released: VersionRow[];
  beta: VersionRow | undefined;
  weight: number;
  firstRelease: CalendarDate;
}

export const DEMO_USERNAME = 'admin@acme-lmo.demo';
export const DEMO_ORG_ID = toId18('00D5g0000LMODEM');
export const DEMO_ORG_NAME = 'Acme Partner Business Org (demo)';
/** The demo Dev Hub of the two-org case (`profile: 'devHub'`). */
export const DEMO_DEV_HUB_ORG_ID = toId18('00D5g0000DEVHUB');
export const DEMO_DEV_HUB_NAME = 'Acme Dev Hub (demo)';
export const LICENSE_RECORD_TYPES = ['Active', 'Trial', 'Suspended', 'Uninstalled', 'Expired'] as const;

/** The share of licenses the LMA's sync touched in the last week (their LastModifiedDate says nothing of their last real change). */
const SYNCED_RECENTLY = 0.8;
/** The share of licenses in the Recycle Bin, deleted in the last two weeks. */
const DELETED_SHARE = 0.003;

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

  const system = (created: number, modified: number) => ({
    IsDeleted: false,
    CreatedDate: sfDateTime(created),
    CreatedById: lmaUserId,
    LastModifiedDate: sfDateTime(modified),
    SystemModstamp: sfDateTime(modified),
    OwnerId: adminId,
  });

  // Packages and their version histories.
  const lmoCatalog: DemoCatalogPackage[] = [];
  const packages: PackageRow[] = DEMO_PACKAGES.map((spec, p) => {
    const start = addDays(today, -Math.round(spec.historyYears * 365));
    const end = addDays(today, -(spec.quietDays ?? 20));
    const span = daysBetween(start, end);
    const id = ids.next('a0P');
    const dated: VersionRow[] = spec.versions.map((number, i) => ({
      number,
      released: addDays(start, Math.round((span * i) / Math.max(1, spec.versions.length - 1))),
      beta: false,
      record: {} as DemoRecord,
    }));
    if (spec.hotfix) {
      const after = dated.find((v) => v.number === spec.hotfix?.releasedAfter);
      if (after) dated.push({ number: spec.hotfix.version, released: addDays(after.released, 40), beta: false, record: {} as DemoRecord });
    }
    const released = [...dated].sort((a, b) => compareVersionNumbers(a.number, b.number));
    const beta = spec.betaNext ? { number: spec.betaNext, released: addDays(today, -6), beta: true, record: {} as DemoRecord } : undefined;
    const latest = released[released.length - 1];
    const packageId = `0335g${String(p + 1).padStart(10, '0')}`;
    const record: DemoRecord = {
      Id: id,
      Name: spec.name,
      ...system(dayMs(start), dayMs(latest.released)),
      // The org that registered the package: the Dev Hub (2GP) or packaging org (1GP) that owns it, unless it was linked from elsewhere.
      sfLma__Developer_Name__c: spec.linkedFromOrg ? `${spec.name} (former Dev Hub)` : devHubName,
      sfLma__Developer_Org_ID__c: spec.linkedFromOrg ? toId18(spec.linkedFromOrg) : devHubOrgId,
      sfLma__Package_ID__c: toId18(packageId),
      sfLma__Latest_Version__c: latest.number,
      sfLma__Release_Date__c: latest.released,
      // One package's lead manager has left the company: a setup finding.
      sfLma__Lead_Manager__c: p === 2 ? inactiveManagerId : adminId,
      sfLma__Last_License_Refresh__c: addDays(today, -(3 + p * 9)),
    };
    put('sfLma__Package__c', record);
    // Version ids follow the catalog (releases 1…n, then the beta, a hotfix at 50); Sequence follows the release order, as the LMA numbers uploads.
    const catalogIndex = (v: VersionRow) => (v.beta ? spec.versions.length + 1 : v.number === spec.hotfix?.version ? 50 : spec.versions.indexOf(v.number) + 1);
    [...dated, ...(beta ? [beta] : [])]
      .sort((a, b) => a.released.localeCompare(b.released))
      .forEach((v, i) => {
        v.record = {
          Id: ids.next('a0V'),
          Name: `${spec.name} ${v.number}${v.beta ? ' (Beta)' : ''}`,
          IsDeleted: false,
          CreatedDate: sfDateTime(dayMs(v.released)),
          CreatedById: lmaUserId,
          LastModifiedDate: sfDateTime(dayMs(v.released)),
          SystemModstamp: sfDateTime(dayMs(v.released)),
          sfLma__Package__c: id,
          sfLma__Version__c: v.number.split('.').slice(0, 2).join('.'),
          sfLma__Version_Number__c: v.number,
          sfLma__Version_ID__c: versionIdOf(p + 1, catalogIndex(v)),
          sfLma__Release_Date__c: v.released,
          sfLma__Is_Beta__c: v.beta,
          sfLma__Sequence__c: i + 1,
        };
        put('sfLma__Package_Version__c', v.record);
      });
    lmoCatalog.push({
      name: spec.name,
      namespace: spec.namespace,
      generation: spec.generation,
      containerOptions: 'Managed',
      package2Id: spec.package2Serial ? package2IdOf(spec.package2Serial) : undefined,
      subscriberPackageId: subscriberPackageIdOf(p + 1),
      serial: p + 1,
      versions: [...dated, ...(beta ? [beta] : [])].map((v) => ({
        number: v.number,
        released: v.released,
        beta: v.beta,
        versionId: versionIdOf(p + 1, catalogIndex(v)),
        index: catalogIndex(v),
        inLmo: true,
      })),
      unlinkedInstalls: 0,
    });
    return {
      record,
      spec,
      released,
      beta,
      weight: spec.weight,
      firstRelease: released.reduce((a, v) => (v.released < a ? v.released : a), released[0].released),
    };
  });

  // Subscriber orgs, each holding licenses for one to three packages.
  let licenseCount = 0;
  let orgIndex = 0;
  let caseTwin: DemoOrg | undefined;
  while (licenseCount < options.licenses) {
    let org = makeOrg(random, orgIndex);
    // Org ids are case-sensitive: one org's id differs from another's only in letter case.
    if (orgIndex === HOSTILE_NAMES.length + 7) caseTwin = org;
    if (orgIndex === HOSTILE_NAMES.length + 8 && caseTwin) org = { ...org, orgId15: flipCase(caseTwin.orgId15), isSandbox: false, caseTwin: true };
    const every = options.mixedIdEvery ?? 997;
    const mixedIds = orgIndex % every === Math.min(3, every - 1) && !org.caseTwin;
    // Orgs whose later licenses carry the 18-character id hold at least two licenses.
    const wanted = org.caseTwin
      ? 1
      : Math.min(
          options.licenses - licenseCount,
          Math.max(
            mixedIds ? 2 : 1,
            random.weighted([
              [1, 60],
              [2, 28],
              [3, 12],
            ] as const),
          ),
        );
    const chosen = new Set<PackageRow>();
    while (chosen.size < Math.min(wanted, options.licenses - licenseCount)) chosen.add(random.weighted(packages.map((p) => [p, p.weight] as const)));
    let accountId: string | null = null;
    if (org.accountName !== undefined) {
      accountId = ids.next('001');
      put('Account', { Id: accountId, Name: org.accountName, Website: null, ...system(todayMs - 400 * DAY_MS, todayMs - 30 * DAY_MS) });
    }
    let n = 0;
    for (const pkg of chosen) {
      const leadId = ids.next('00Q');
      const serial = licenseCount + 1;
      const plan = planLicense(random, pkg, org, today, serial);
      if (orgIndex < HOSTILE_NAMES.length && n === 0) {
        // The hostile names are up for renewal today, so they head every list of upcoming renewals.
        Object.assign(plan.final, { status: 'Active', expiration: today, seats: 10 + orgIndex });
        plan.used = 5;
      }
      // The case twin only ever uninstalled: it never counts as a live subscriber, but it is an org of its own.
      if (org.caseTwin) plan.final.status = 'Uninstalled';
      const life = lifecycle(random, plan.initial, plan.final, plan.installDate, today, (v) => pkg.released[v].released);
      const licenseId = ids.next('a0L');
      const versionOf = (v: number) => pkg.released[v];
      for (const c of life.changes) {
        if (c.field === 'sfLma__Package_Version__c') {
          // A lookup's change is two rows: the record ids, and the names.
          const from = versionOf(Number(c.oldValue));
          const to = versionOf(Number(c.newValue));
          history.add({
            parentId: licenseId,
            field: c.field,
            dataType: 'EntityId',
            oldValue: from.record.Id,
            newValue: to.record.Id,
            atMs: c.atMs,
            createdById: lmaUserId,
          });
          history.add({
            parentId: licenseId,
            field: c.field,
            dataType: 'Text',
            oldValue: from.record.Name,
            newValue: to.record.Name,
            atMs: c.atMs,
            createdById: lmaUserId,
          });
        } else {
          history.add({
            parentId: licenseId,
            field: c.field,
            dataType: c.field === 'sfLma__Status__c' ? 'Picklist' : c.field === 'sfLma__Seats__c' ? 'Double' : 'Date',
            oldValue: c.oldValue,
            newValue: c.newValue,
            atMs: c.atMs,
            createdById: lmaUserId,
          });
        }
      }
      const final = plan.final;
      const installMs = dayMs(plan.installDate) + 3_600_000;
      // The LMA re-syncs org facts (used seats, org status) all the time: LastModifiedDate moves without any license change.
      const modifiedMs = random.chance(SYNCED_RECENTLY) ? todayMs - random.int(0, 7 * 24 * 60) * 60_000 : life.lastChangeMs;
      const expired = final.expiration !== null && final.expiration !== PERPETUAL && final.expiration < today;
      const recordType = (final.status === 'Active' || final.status === 'Trial') && expired && random.chance(0.5) ? 'Expired' : final.status;
      put('Lead', {
        Id: leadId,
        Name: `Installer ${serial}`,
        Company: org.leadCompany,
        Email: `installer${serial}@example.com`,
        LeadSource: 'Package Installation',
        IsConverted: accountId !== null,
        ...system(installMs, installMs),
      });
      const license: DemoRecord = {
        Id: licenseId,
        Name: `L-${String(serial).padStart(5, '0')}`,
        ...system(installMs, Math.max(modifiedMs, installMs)),
        RecordTypeId: recordTypes.get(recordType) ?? null,
        sfLma__Account__c: accountId,
        sfLma__Contact__c: null,
        sfLma__Lead__c: accountId ? null : leadId,
        sfLma__Package__c: pkg.record.Id,
        sfLma__Package_Version__c: plan.beta ? plan.beta.record.Id : versionOf(final.version).record.Id,
        sfLma__Seats__c: final.seats,
        sfLma__Used_Licenses__c: plan.used,
        sfLma__Expiration__c: final.expiration,
        sfLma__Status__c: final.status,
        // Checkout-like licenses follow their purchase: the LMA marks them Read-Only (Modify License refuses them).
        sfLma__License_Type__c: plan.checkout ? 'Read-Only' : 'Editable',
        sfLma__Install_Date__c: plan.installDate,
        // The LMA stores the 15-character org id; a few records carry the 18-character form.
        sfLma__Subscriber_Org_ID__c: n > 0 && mixedIds ? toId18(org.orgId15) : org.orgId15,
        sfLma__Subscriber_Org_Is_Sandbox__c: org.isSandbox,
        sfLma__Org_Instance__c: org.instance,
        sfLma__Org_Type__c: org.edition,
        sfLma__Org_Status_Formula__c: final.status === 'Uninstalled' && random.chance(0.3) ? 'DELETED' : org.orgStatus,
        sfLma__Org_Trial_Expiration__c: org.orgStatus === 'Trial' ? addDays(today, random.int(1, 25)) : null,
        sfLma__Version_Number__c: plan.beta ? plan.beta.number : versionOf(final.version).number,
        sfLma__Package_License_ID__c: toId18(serialId15('050', serial)),
        sfLma__Proxy_User__c: `proxy.${org.orgId15.slice(-6).toLowerCase()}@lma.proxy`,
        sfLma__Last_Modified__c: sfDateTime(Math.max(modifiedMs, installMs)),
      };
      put('sfLma__License__c', license);
      // A few licenses were deleted in the last two weeks: they sit in the Recycle Bin.
      if (orgIndex >= HOSTILE_NAMES.length && !org.caseTwin && random.chance(DELETED_SHARE)) {
        const deletedMs = todayMs - random.int(1, 14 * 24 * 60) * 60_000;
        license.IsDeleted = true;
        license.LastModifiedDate = sfDateTime(deletedMs);
        license.SystemModstamp = sfDateTime(deletedMs);
        deleted.push({ id: licenseId, deletedMs });
      }
      licenseCount++;
      n++;
    }
    orgIndex++;
  }

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
  const installed: [string, string, string, [number, number, number, number]][] = [
    ['sfLma', 'License Management App', '0335g000000LMAAA', [1, 20, 0, 1]],
    ['sfFma', 'Feature Management App', '0335g000000FMAAA', [1, 4, 0, 1]],
    ['CHANNEL_ORDERS', 'Channel Order App', '0335g000000COAAA', [5, 12, 0, 1]],
    ['sfcma', 'Checkout Management App', '0335g000000CMAAA', [1, 9, 0, 2]],
    ['sf_chttr_apps', 'Salesforce Chatter Apps', '0335g000000CHTAA', [1, 12, 0, 2]],
    ['et4ae5', 'Marketing Cloud Connect', '0335g000000ET4AA', [236, 0, 0, 1]],
  ];
  installed.forEach(([ns, name, pkgId, [major, minor, patch, build]], i) => {
    const versionId = toId18(`04t5g0000${String(i).padStart(6, '0')}`);
    put('SubscriberPackage', { Id: toId18(pkgId.slice(0, 15)), Name: name, NamespacePrefix: ns, Description: null });
    put('SubscriberPackageVersion', {
      Id: versionId,
      Name: `${name} ${major}.${minor}`,
      MajorVersion: major,
      MinorVersion: minor,
      PatchVersion: patch,
      BuildNumber: build,
      IsBeta: false,
      IsManaged: true,
      Package2ContainerOptions: null,
    });
    put('InstalledSubscriberPackage', {
      Id: toId18(`0A35g00000${String(i).padStart(5, '0')}`),
      SubscriberPackageId: toId18(pkgId.slice(0, 15)),
      SubscriberPackageVersionId: versionId,
      MinPackageVersionId: versionId,
    });
    put('Publisher', {
      Id: toId18(`0Ae5g00000${String(i).padStart(5, '0')}`),
      DurableId: ns,
      Name: name,
      NamespacePrefix: ns,
      MajorVersion: major,
      MinorVersion: minor,
      IsSalesforce: ns === 'sfLma',
    });
  });
  // The Dev Hub's own records, when this org is the Dev Hub (a Partner Business Org usually is).
  const catalog = completeCatalog(lmoCatalog, today);
  const ownsPackages = devHubOrgId === orgId;
  if (ownsPackages) for (const [object, rows] of Object.entries(devHubTables(catalog, adminId))) tables[object] = rows;
  return { tables, history, deleted, catalog, ownsPackages };
}

interface DemoOrg {
  orgId15: string;
  isSandbox: boolean;
  edition: string;
  instance: string;
  orgStatus: string;
  accountName: string | null | undefined;
  leadCompany: string | null;
  caseTwin?: boolean;
}

/** The same id with one letter's case flipped: a different org to Salesforce. */
function flipCase(id: string): string {
  const i = [...id].findIndex((c, k) => k >= 3 && /[a-zA-Z]/.test(c));
  const c = id[i];
  return `${id.slice(0, i)}${c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()}${id.slice(i + 1)}`;
}

function companyName(random: Random): string {
  return `${random.pick(COMPANY_FIRST)} ${random.pick(COMPANY_SECOND)} ${random.pick(COMPANY_SUFFIX)}`;
}

function makeOrg(random: Random, index: number): DemoOrg {
  const isSandbox = index >= HOSTILE_NAMES.length && random.chance(0.12);
  const edition = random.weighted(EDITIONS);
  const hostile = index < HOSTILE_NAMES.length;
  const name = hostile ? HOSTILE_NAMES[index] : companyName(random);
  // Converted accounts for most production orgs; the hostile ones are split between account and lead.
  const converted = hostile ? index % 2 === 0 : !isSandbox && random.chance(0.6);
  return {
    orgId15: `00D${randomBase62(random, 12)}`,
    isSandbox,
    edition,
    instance: isSandbox ? `CS${random.int(1, 220)}` : `${random.pick(PRODUCTION_PODS)}${random.int(1, 250)}`,
    orgStatus: edition === 'Developer Edition' ? 'Free' : random.chance(0.04) ? 'Trial' : 'Active',
    accountName: converted ? name : undefined,
    leadCompany: converted ? (hostile ? name : companyName(random)) : name,
  };
}

interface LicensePlan {
  installDate: CalendarDate;
  initial: LicenseState;
  final: LicenseState;
  used: number | null;
  /** Sandboxes sometimes run the beta (not a released version). */
  beta: VersionRow | undefined;
  /** Provisioned like an AppExchange Checkout purchase (Active, site-wide, a year), not by the package's defaults. */
  checkout: boolean;
}

/** Where a license starts (its package's defaults) and where it is today. */
function planLicense(random: Random, pkg: PackageRow, org: DemoOrg, today: CalendarDate, serial: number): LicensePlan {
  const defaults = pkg.spec.defaults;
  const status = random.weighted([
    ['Active', 65],
    ['Trial', 12],
    ['Suspended', 5],
    ['Uninstalled', 18],
  ] as const);
  const trialDays = defaults.trialDays ?? 30;
  const historyDays = daysBetween(pkg.firstRelease, today);
  // A license still in Trial was installed recently (its trial may have run out); others any time.
  let installDate = status === 'Trial' ? addDays(today, -random.int(0, Math.max(trialDays * 2, 60))) : addDays(pkg.firstRelease, random.int(0, historyDays));
  // A Trial is only possible for packages that start in Trial.
  const finalStatus = status === 'Trial' && defaults.status !== 'Trial' ? 'Active' : status;
  if (finalStatus !== status) installDate = addDays(pkg.firstRelease, random.int(0, historyDays));
  const releasedBy = (day: CalendarDate) => pkg.released.map((v, i) => ({ v, i })).filter(({ v }) => v.released <= day);
  const available = releasedBy(installDate);
  // New installs get the newest version number out at the time (a hotfix of an older line is not it).
  const atInstall = available.length ? available[available.length - 1].i : 0;
  if (!available.length) installDate = pkg.released[0].released;
  const newer = releasedBy(today).filter(({ i }) => i >= atInstall);
  const finalVersion = random.chance(0.35) ? atInstall : newer[Math.min(newer.length - 1, Math.floor(Math.sqrt(random.next()) * newer.length))].i;
  // A sandbox may run the beta, installed as such (no upgrade history to it).
  const beta = pkg.beta && org.isSandbox && random.chance(0.3) ? pkg.beta : undefined;
  // Checkout-like purchases start Active and site-wide whatever the defaults say.
  // (Never one still in Trial: a license that has left Trial cannot return to it.)
  const checkout = !org.isSandbox && random.chance(0.03) && finalStatus !== 'Trial';
  const initial = checkout
    ? { status: 'Active', seats: -1, expiration: addDays(installDate, 365), version: atInstall }
    : initialState(defaults, installDate, org.isSandbox, atInstall);

  let seats: number | null;
  if (org.isSandbox && serial % 37 === 0)
    seats = 5; // someone edited a sandbox license down to a few seats
  else if (org.isSandbox || initial.seats === -1 || random.chance(0.08)) seats = -1;
  else if (serial % 211 === 7) seats = null;
  else seats = random.chance(0.4) && initial.seats !== null ? initial.seats : Math.max(1, Math.round(Math.exp(random.next() * 7)));
  // Null seats still report used seats (the org has users), which per-seat totals must not count.
  const used =
    seats === null
      ? random.int(1, 40)
      : seats < 0
        ? random.int(0, 400)
        : Math.min(seats, Math.round(seats * random.next() * (finalStatus === 'Trial' ? 0.4 : 1.05)));

  let expiration: string | null;
  if (finalStatus === 'Trial') expiration = random.chance(0.85) ? initial.expiration : addDays(installDate, trialDays + random.pick([7, 14, 30]));
  else if (initial.status === 'Active' && random.chance(0.5)) expiration = initial.expiration;
  else if (random.chance(0.35)) expiration = PERPETUAL;
  else if (random.chance(0.06)) expiration = null;
  else expiration = addDays(today, random.int(-200, 500));
  if (finalStatus === 'Trial') seats = initial.seats;
  return { installDate, initial, final: { status: finalStatus, seats, expiration, version: beta ? atInstall : finalVersion }, used, beta, checkout };
}
