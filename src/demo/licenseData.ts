/**
 * The subscriber orgs and their licenses: each org holds licenses for one to three packages; each
 * license has a Lead (or a converted Account), a past in License history that leads to its present,
 * and a few sit in the Recycle Bin.
 */
import { addDays } from '../core/calendarDate';
import { toId18 } from '../core/orgId';
import { HOSTILE_NAMES } from './catalog';
import { type DataBuilder } from './dataBuilder';
import { type HistoryTable } from './history';
import { PERPETUAL, lifecycle } from './lifecycle';
import { planLicense } from './licensePlan';
import { type PackageRow } from './packageData';
import { type Random, serialId15 } from './random';
import { type DemoRecord } from './schema';
import { type DeletedRecord } from './store';
import { type DemoOrg, flipCase, makeOrg } from './subscriberOrgs';
import { DAY_MS, dayMs, sfDateTime } from './time';

/** The share of licenses the LMA's sync touched in the last week (their LastModifiedDate says nothing of their last real change). */
const SYNCED_RECENTLY = 0.8;
/** The share of licenses in the Recycle Bin, deleted in the last two weeks. */
const DELETED_SHARE = 0.003;

export interface LicenseOptions {
  /** Number of License records. */
  readonly licenses: number;
  /** Every n-th org stores some licenses with its 18-character org id (default 997). */
  readonly mixedIdEvery?: number;
  /** The demo's "now" (default: the start of today). */
  readonly nowMs?: number;
  /** The first orgs carry the hostile names, up for renewal today (default true; false for a showcase). */
  readonly hostileNames?: boolean;
}

/** Where the licenses go: History rows, Recycle Bin entries; the record types by name. */
export interface LicenseSinks {
  readonly history: HistoryTable;
  readonly deleted: DeletedRecord[];
  readonly recordTypes: ReadonlyMap<string, string>;
}

export function generateLicenses(b: DataBuilder, random: Random, packages: readonly PackageRow[], sinks: LicenseSinks, options: LicenseOptions): void {
  const { ids, today, todayMs, put, system, lmaUserId } = b;
  const { history, deleted, recordTypes } = sinks;
  let licenseCount = 0;
  let orgIndex = 0;
  let caseTwin: DemoOrg | undefined;
  while (licenseCount < options.licenses) {
    const hostileNames = options.hostileNames ?? true;
    let org = makeOrg(random, orgIndex, hostileNames);
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
      if (hostileNames && orgIndex < HOSTILE_NAMES.length && n === 0) {
        // The hostile names are up for renewal today, so they head every list of upcoming renewals.
        Object.assign(plan.final, { status: 'Active', expiration: today, seats: 10 + orgIndex });
        plan.used = 5;
      }
      // The case twin only ever uninstalled: it never counts as a live subscriber, but it is an org of its own.
      if (org.caseTwin) plan.final.status = 'Uninstalled';
      const life = lifecycle(random, plan.initial, plan.final, plan.installDate, today, (v) => pkg.released[v].released, options.nowMs);
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
      // Installed at one in the morning, or half an hour before the demo's now when that is earlier (as the lifecycle dates it).
      const installMs =
        options.nowMs === undefined ? dayMs(plan.installDate) + 3_600_000 : Math.min(dayMs(plan.installDate) + 3_600_000, options.nowMs - 31 * 60_000);
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
}
