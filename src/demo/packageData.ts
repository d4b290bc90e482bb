/** The demo's packages and their version histories, as the LMA records them (Package, Package Version), and the Dev Hub catalog entry of each. */
import { type CalendarDate, addDays, daysBetween } from '../core/calendarDate';
import { toId18 } from '../core/orgId';
import { compareVersionNumbers } from '../core/versionNumber';
import { DEMO_PACKAGES, type DemoPackageSpec } from './catalog';
import { type DataBuilder } from './dataBuilder';
import { type DemoCatalogPackage, package2IdOf, subscriberPackageIdOf, versionIdOf } from './devHub';
import { type DemoRecord } from './schema';
import { dayMs, sfDateTime } from './time';

export interface VersionRow {
  record: DemoRecord;
  number: string;
  released: CalendarDate;
  beta: boolean;
}
export interface PackageRow {
  record: DemoRecord;
  spec: DemoPackageSpec;
  /** Released versions, by version number. */
  released: VersionRow[];
  beta: VersionRow | undefined;
  weight: number;
  firstRelease: CalendarDate;
}

/** The org that registered the packages in the LMA (the Dev Hub that owns them, unless one was linked from elsewhere). */
export interface PackageOwner {
  readonly orgId: string;
  readonly name: string;
}

export function generatePackages(b: DataBuilder, owner: PackageOwner, inactiveManagerId: string): { packages: PackageRow[]; lmoCatalog: DemoCatalogPackage[] } {
  const { ids, today, put, system, adminId, lmaUserId } = b;
  const devHubName = owner.name;
  const devHubOrgId = owner.orgId;
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
  return { packages, lmoCatalog };
}
