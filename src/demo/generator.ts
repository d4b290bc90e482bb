import { CalendarDate, addDays, daysBetween } from '../core/calendarDate';
import { toId18 } from '../core/orgId';
import { compareVersionNumbers } from '../core/versionNumber';
import { COMPANY_FIRST, COMPANY_SECOND, COMPANY_SUFFIX, DEMO_PACKAGES, EDITIONS, HOSTILE_NAMES, PRODUCTION_PODS } from './catalog';
import { Random, randomBase62, serialId15 } from './random';
import { DemoRecord } from './schema';

export interface DemoDataOptions {
  /** Number of License records (100 … 1,000,000). */
  readonly licenses: number;
  readonly seed: number;
  /** The date the data is "as of": expirations, installs and churn are spread around it. */
  readonly today: CalendarDate;
  readonly username?: string;
}

export type DemoTables = Record<string, DemoRecord[]>;

const DAY_MS = 86_400_000;

/** Salesforce's date-time wire format: 2024-05-01T10:00:00.000+0000. */
export function sfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const dayMs = (day: CalendarDate) => Date.parse(`${day}T00:00:00Z`);

class Ids {
  private serial = 1;
  next(prefix: string): string {
    return toId18(serialId15(prefix, this.serial++));
  }
}

interface VersionRow { record: DemoRecord; number: string; released: CalendarDate; beta: boolean }
interface PackageRow { record: DemoRecord; versions: VersionRow[]; weight: number; firstRelease: CalendarDate }

export const DEMO_USERNAME = 'admin@acme-lmo.demo';
export const DEMO_ORG_ID = toId18('00D5g0000LMODEM');

export function generateDemoData(options: DemoDataOptions): DemoTables {
  const random = new Random(options.seed);
  const ids = new Ids();
  const today = options.today;
  const tables: DemoTables = {};
  const put = (object: string, record: DemoRecord) => (tables[object] ??= []).push(record);

  // The org itself and its users.
  const adminId = ids.next('005');
  const inactiveManagerId = ids.next('005');
  put('Organization', { Id: DEMO_ORG_ID, Name: 'Acme Partner Business Org (demo)', InstanceName: 'NA224', IsSandbox: false, TrialExpirationDate: null, NamespacePrefix: null, OrganizationType: 'Enterprise Edition' });
  const username = options.username ?? DEMO_USERNAME;
  put('User', { Id: adminId, Username: username, Name: 'Demo Admin', Email: username, IsActive: true, LastModifiedDate: sfDateTime(dayMs(today)) });
  put('User', { Id: inactiveManagerId, Username: 'former.manager@acme-lmo.demo', Name: 'Former Lead Manager', Email: 'former.manager@acme-lmo.demo', IsActive: false, LastModifiedDate: sfDateTime(dayMs(today)) });
  for (const status of ['Active', 'Trial', 'Suspended', 'Uninstalled', 'Expired']) {
    put('RecordType', { Id: ids.next('012'), Name: status, DeveloperName: status, NamespacePrefix: 'sfLma', SobjectType: 'sfLma__License__c' });
  }

  const system = (created: number, modified: number) => ({
    IsDeleted: false,
    CreatedDate: sfDateTime(created),
    LastModifiedDate: sfDateTime(modified),
    SystemModstamp: sfDateTime(modified),
    OwnerId: adminId,
  });

  // Packages and their version histories.
  const packages: PackageRow[] = DEMO_PACKAGES.map((spec, p) => {
    const start = addDays(today, -Math.round(spec.historyYears * 365));
    const end = addDays(today, -(spec.quietDays ?? 20));
    const span = daysBetween(start, end);
    const id = ids.next('a0P');
    const versions: VersionRow[] = spec.versions.map((number, i) => {
      const released = addDays(start, Math.round((span * i) / Math.max(1, spec.versions.length - 1)));
      return { number, released, beta: false, record: {} as DemoRecord };
    });
    if (spec.betaNext) versions.push({ number: spec.betaNext, released: addDays(today, -6), beta: true, record: {} as DemoRecord });
    const latest = versions.filter((v) => !v.beta).at(-1) as VersionRow;
    const packageId = `0335g${String(p + 1).padStart(10, '0')}`;
    const record: DemoRecord = {
      Id: id,
      Name: spec.name,
      ...system(dayMs(start), dayMs(latest.released)),
      sfLma__Developer_Name__c: `${spec.name} Packaging Org`,
      sfLma__Developer_Org_ID__c: toId18(`00D5g00000PKG0${p + 1}`),
      sfLma__Package_ID__c: toId18(packageId),
      sfLma__Latest_Version__c: latest.number,
      sfLma__Release_Date__c: latest.released,
      // One package's lead manager has left the company: a setup finding.
      sfLma__Lead_Manager__c: p === 2 ? inactiveManagerId : adminId,
      sfLma__Last_License_Refresh__c: addDays(today, -(3 + p * 9)),
    };
    put('sfLma__Package__c', record);
    versions.forEach((v, i) => {
      v.record = {
        Id: ids.next('a0V'),
        Name: `${spec.name} ${v.number}${v.beta ? ' (Beta)' : ''}`,
        IsDeleted: false,
        CreatedDate: sfDateTime(dayMs(v.released)),
        LastModifiedDate: sfDateTime(dayMs(v.released)),
        SystemModstamp: sfDateTime(dayMs(v.released)),
        sfLma__Package__c: id,
        sfLma__Version__c: v.number.split('.').slice(0, 2).join('.'),
        sfLma__Version_Number__c: v.number,
        sfLma__Version_ID__c: toId18(`04t5g${String(p + 1).padStart(2, '0')}${String(i + 1).padStart(8, '0')}`),
        sfLma__Release_Date__c: v.released,
        sfLma__Is_Beta__c: v.beta,
        sfLma__Sequence__c: i + 1,
      };
      put('sfLma__Package_Version__c', v.record);
    });
    return { record, versions, weight: spec.weight, firstRelease: versions[0].released };
  });

  // Subscriber orgs, each holding licenses for one to three packages.
  let licenseCount = 0;
  let orgIndex = 0;
  while (licenseCount < options.licenses) {
    const org = makeOrg(random, orgIndex);
    const mixedIds = orgIndex % 997 === 3;
    // Orgs whose later licenses carry the 18-character id hold at least two licenses.
    const wanted = Math.min(options.licenses - licenseCount, Math.max(mixedIds ? 2 : 1, random.weighted([[1, 60], [2, 28], [3, 12]] as const)));
    const chosen = new Set<PackageRow>();
    while (chosen.size < wanted) chosen.add(random.weighted(packages.map((p) => [p, p.weight] as const)));
    let accountId: string | null = null;
    if (org.accountName !== undefined) {
      accountId = ids.next('001');
      put('Account', { Id: accountId, Name: org.accountName, Website: null, ...system(dayMs(today) - 400 * DAY_MS, dayMs(today) - 30 * DAY_MS) });
    }
    let n = 0;
    for (const pkg of chosen) {
      const leadId = ids.next('00Q');
      const license = makeLicense(random, pkg, org, today, licenseCount + 1);
      if (orgIndex < HOSTILE_NAMES.length && n === 0) {
        // The hostile names are up for renewal today, so they head every list of upcoming renewals.
        Object.assign(license, { status: 'Active', expiration: today, seats: 10 + orgIndex, used: 5 });
      }
      put('Lead', {
        Id: leadId,
        Name: `Installer ${licenseCount + 1}`,
        Company: org.leadCompany,
        Email: `installer${licenseCount + 1}@example.com`,
        LeadSource: 'Package Installation',
        IsConverted: accountId !== null,
        ...system(dayMs(license.installDate), dayMs(license.installDate)),
      });
      put('sfLma__License__c', {
        Id: ids.next('a0L'),
        Name: `L-${String(licenseCount + 1).padStart(5, '0')}`,
        ...system(dayMs(license.installDate) + 3_600_000, license.modifiedMs),
        RecordTypeId: null,
        sfLma__Account__c: accountId,
        sfLma__Contact__c: null,
        sfLma__Lead__c: accountId ? null : leadId,
        sfLma__Package__c: pkg.record.Id,
        sfLma__Package_Version__c: license.version.record.Id,
        sfLma__Seats__c: license.seats,
        sfLma__Used_Licenses__c: license.used,
        sfLma__Expiration__c: license.expiration,
        sfLma__Status__c: license.status,
        sfLma__License_Type__c: 'Editable',
        sfLma__Install_Date__c: license.installDate,
        // The LMA stores the 15-character org id; a few records carry the 18-character form.
        sfLma__Subscriber_Org_ID__c: n > 0 && mixedIds ? toId18(org.orgId15) : org.orgId15,
        sfLma__Subscriber_Org_Is_Sandbox__c: org.isSandbox,
        sfLma__Org_Instance__c: org.instance,
        sfLma__Org_Type__c: org.edition,
        sfLma__Org_Status_Formula__c: license.status === 'Uninstalled' && random.chance(0.3) ? 'DELETED' : org.orgStatus,
        sfLma__Org_Trial_Expiration__c: org.orgStatus === 'Trial' ? addDays(today, random.int(1, 25)) : null,
        sfLma__Version_Number__c: license.version.number,
        sfLma__Package_License_ID__c: toId18(serialId15('050', licenseCount + 1)),
        sfLma__Proxy_User__c: `proxy.${org.orgId15.slice(-6).toLowerCase()}@lma.proxy`,
        sfLma__Last_Modified__c: sfDateTime(license.modifiedMs),
      });
      licenseCount++;
      n++;
    }
    orgIndex++;
  }

  // What the LMO has installed (Tooling API): the LMA itself, behind the latest release, and two others.
  const installed: [string, string, string, [number, number, number, number]][] = [
    ['sfLma', 'License Management App', '0335g000000LMAAA', [1, 20, 0, 1]],
    ['sf_chttr_apps', 'Salesforce Chatter Apps', '0335g000000CHTAA', [1, 12, 0, 2]],
    ['et4ae5', 'Marketing Cloud Connect', '0335g000000ET4AA', [236, 0, 0, 1]],
  ];
  installed.forEach(([ns, name, pkgId, [major, minor, patch, build]], i) => {
    const versionId = toId18(`04t5g0000${String(i).padStart(6, '0')}`);
    put('SubscriberPackage', { Id: toId18(pkgId.slice(0, 15)), Name: name, NamespacePrefix: ns, Description: null });
    put('SubscriberPackageVersion', { Id: versionId, Name: `${name} ${major}.${minor}`, MajorVersion: major, MinorVersion: minor, PatchVersion: patch, BuildNumber: build, IsBeta: false });
    put('InstalledSubscriberPackage', { Id: toId18(`0A35g00000${String(i).padStart(5, '0')}`), SubscriberPackageId: toId18(pkgId.slice(0, 15)), SubscriberPackageVersionId: versionId, MinPackageVersionId: versionId });
    put('Publisher', { Id: toId18(`0Ae5g00000${String(i).padStart(5, '0')}`), DurableId: ns, Name: name, NamespacePrefix: ns, MajorVersion: major, MinorVersion: minor, IsSalesforce: ns === 'sfLma' });
  });
  return tables;
}

interface DemoOrg {
  orgId15: string;
  isSandbox: boolean;
  edition: string;
  instance: string;
  orgStatus: string;
  accountName: string | null | undefined;
  leadCompany: string | null;
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

interface DemoLicense {
  version: VersionRow;
  installDate: CalendarDate;
  status: string;
  seats: number | null;
  used: number | null;
  expiration: string | null;
  modifiedMs: number;
}

function makeLicense(random: Random, pkg: PackageRow, org: DemoOrg, today: CalendarDate, n: number): DemoLicense {
  const status = random.weighted([['Active', 65], ['Trial', 12], ['Suspended', 5], ['Uninstalled', 18]] as const);
  const historyDays = daysBetween(pkg.firstRelease, today);
  const installDate = status === 'Trial' ? addDays(today, -random.int(0, 120)) : addDays(pkg.firstRelease, random.int(0, historyDays));
  const released = pkg.versions.filter((v) => !v.beta && v.released <= today);
  const atInstall = [...released].reverse().find((v) => v.released <= installDate) ?? released[0];
  const newer = released.filter((v) => compareVersionNumbers(v.number, atInstall.number) >= 0);
  let version = random.chance(0.35) ? atInstall : newer[Math.min(newer.length - 1, Math.floor(Math.sqrt(random.next()) * newer.length))];
  const beta = pkg.versions.find((v) => v.beta);
  if (beta && org.isSandbox && random.chance(0.3)) version = beta;

  let seats: number | null;
  if (org.isSandbox || random.chance(0.1)) seats = -1;
  else if (n % 211 === 7) seats = null;
  else seats = Math.max(1, Math.round(Math.exp(random.next() * 7)));
  const used = seats === null ? null : seats < 0 ? random.int(0, 400) : Math.min(seats, Math.round(seats * random.next() * (status === 'Trial' ? 0.4 : 1.05)));

  let expiration: string | null;
  if (status === 'Trial') expiration = addDays(installDate, random.pick([30, 30, 60, 90]));
  else if (random.chance(0.35)) expiration = '1970-01-01';
  else if (random.chance(0.06)) expiration = null;
  else expiration = addDays(today, random.int(-200, 500));

  const installMs = dayMs(installDate);
  const churned = status === 'Uninstalled' || status === 'Suspended';
  const modifiedMs = churned
    ? Math.max(installMs + DAY_MS, dayMs(today) - random.int(0, 730) * DAY_MS)
    : installMs + random.next() * Math.max(DAY_MS, dayMs(today) - installMs);
  return { version, installDate, status, seats, used, expiration, modifiedMs: Math.round(Math.min(modifiedMs, dayMs(today) + 3_600_000)) };
}
