/**
 * The PBO licensing rows (`pboLicensing: true`): a SfdcPartnerTenant per subscriber org of the LMA's
 * licenses, a SfdcPartnerTenantPackage per license, and a SfdcPartnerTntPkgLicense per installed one,
 * made from the LMA's licenses when the demo starts. The management side repeats the LMA license;
 * the subscriber side agrees with it except on purpose: every 19th license the subscriber org holds
 * five more seats, every 23rd its status differs. And, as when a change in the LMA has not reached
 * the PBO yet, every 29th license the PBO (both sides) still holds five seats fewer (more, under
 * six) and every 31st an expiration a year earlier than the LMA's. These are `disagreements`, the
 * tests' oracle (docs/demo.md, "PBO licensing objects").
 */
import { toId18 } from '../core/orgId';
import { PERPETUAL } from './lifecycle';
import { SFDC_PARTNER_TENANT, SFDC_PARTNER_TENANT_PACKAGE, SFDC_PARTNER_TNT_PKG_LICENSE } from './pboLicensingSchema';
import { serialId15 } from './random';
import { type DemoRecord } from './schemaDsl';
import { type DemoStore, LICENSE_OBJECT } from './store';
import { dayMs, sfDateTime } from './time';

export interface PboDisagreement {
  /** The LMA license (a0L…). */
  readonly licenseId: string;
  /** SfdcPartnerTntPkgLicense id. */
  readonly pkgLicenseId: string;
  readonly orgId15: string;
  /** 033, 18 characters. */
  readonly packageId: string;
  readonly field: 'seats' | 'status' | 'expiration';
  /** The LMA against the PBO's management side, or the PBO's management side against its subscriber side. */
  readonly between: 'lma-management' | 'management-subscriber';
  /** The LMA's value ('lma-management' only). */
  readonly lma?: unknown;
  readonly management: unknown;
  readonly subscriber: unknown;
}

const SEATS_EVERY = 19;
const STATUS_EVERY = 23;
const LAGGING_SEATS_EVERY = 29;
const LAGGING_EXPIRATION_EVERY = 31;
const YEAR_MS = 365 * 86_400_000;

/**
 * The documented values are Active, Free and Trial: a Suspended license has none (on either side,
 * so it is no disagreement); an Active license in a Free org is Free, a Trial one stays Trial.
 */
function managementStatus(license: DemoRecord): string | null {
  if (license.sfLma__Status__c === 'Trial') return 'Trial';
  if (license.sfLma__Status__c !== 'Active') return null;
  return license.sfLma__Org_Status_Formula__c === 'Free' ? 'Free' : 'Active';
}

/** Puts the three objects' rows in the store; returns the deliberate disagreements. */
export function seedPboLicensing(store: DemoStore, userId: string): PboDisagreement[] {
  const tenants = new Map<string, DemoRecord>();
  const tenantPackages: DemoRecord[] = [];
  const licenses: DemoRecord[] = [];
  const disagreements: PboDisagreement[] = [];
  for (const l of store.rows(LICENSE_OBJECT)) {
    if (l.IsDeleted === true) continue;
    const org15 = String(l.sfLma__Subscriber_Org_ID__c ?? '').slice(0, 15);
    const installed = `${String(l.sfLma__Install_Date__c)}T01:00:00.000+0000`;
    const system = (name: string, id: string) => ({
      Id: id,
      IsDeleted: false,
      Name: name,
      CreatedDate: installed,
      CreatedById: userId,
      LastModifiedDate: l.LastModifiedDate,
      LastModifiedById: userId,
      SystemModstamp: l.SystemModstamp,
      LastReferencedDate: null,
      LastViewedDate: null,
    });
    let tenant = tenants.get(org15);
    if (!tenant) {
      const account = l.sfLma__Account__c ? store.lookup(String(l.sfLma__Account__c)) : undefined;
      const lead = l.sfLma__Lead__c ? store.lookup(String(l.sfLma__Lead__c)) : undefined;
      tenant = {
        ...system(String(account?.Name ?? lead?.Company ?? org15), toId18(serialId15('1Ts', tenants.size + 1))),
        Tenant: toId18(org15),
        IsSandbox: l.sfLma__Subscriber_Org_Is_Sandbox__c === true,
        TenantStatus: l.sfLma__Org_Status_Formula__c ?? null,
        CustomerId: null,
      };
      tenants.set(org15, tenant);
    }
    const pkg = store.lookup(String(l.sfLma__Package__c));
    const version = store.lookup(String(l.sfLma__Package_Version__c));
    const n = tenantPackages.length + 1;
    const tenantPackage: DemoRecord = {
      ...system(`PTP-${String(n).padStart(8, '0')}`, toId18(serialId15('1Tp', n))),
      PartnerTenantId: tenant.Id,
      PartnerPackageId: pkg?.sfLma__Package_ID__c ?? null,
      PartnerPackageVersion: version?.sfLma__Version_ID__c ?? null,
      Status: l.sfLma__Status__c === 'Uninstalled' ? 'u' : 'i',
      InstalledDate: installed,
      LastInstalledDate: installed,
    };
    tenantPackages.push(tenantPackage);
    if (tenantPackage.Status === 'u') continue;
    const k = licenses.length + 1;
    const seats = typeof l.sfLma__Seats__c === 'number' ? l.sfLma__Seats__c : null;
    const expiration = typeof l.sfLma__Expiration__c === 'string' && l.sfLma__Expiration__c !== PERPETUAL ? sfDateTime(dayMs(l.sfLma__Expiration__c)) : null;
    const status = managementStatus(l);
    let managementSeats = seats;
    let managementExpiration = expiration;
    let subscriberSeats = seats;
    let subscriberStatus = status;
    const id = toId18(serialId15('1Tl', k));
    const base = { licenseId: l.Id, pkgLicenseId: id, orgId15: org15, packageId: String(pkg?.sfLma__Package_ID__c ?? '') };
    if (k % SEATS_EVERY === 5 && seats !== null && seats > 0) {
      subscriberSeats = seats + 5;
      disagreements.push({ ...base, field: 'seats', between: 'management-subscriber', management: seats, subscriber: subscriberSeats });
    } else if (k % STATUS_EVERY === 7 && status !== null) {
      // A perpetual Active license the subscriber org holds as Expired; otherwise the other side of a trial conversion.
      subscriberStatus = status === 'Active' ? (expiration === null ? 'Expired' : 'Trial') : 'Active';
      disagreements.push({ ...base, field: 'status', between: 'management-subscriber', management: status, subscriber: subscriberStatus });
    } else if (k % LAGGING_SEATS_EVERY === 11 && seats !== null && seats > 0) {
      managementSeats = subscriberSeats = seats > 5 ? seats - 5 : seats + 5;
      disagreements.push({ ...base, field: 'seats', between: 'lma-management', lma: seats, management: managementSeats, subscriber: subscriberSeats });
    } else if (k % LAGGING_EXPIRATION_EVERY === 13 && expiration !== null) {
      managementExpiration = sfDateTime(dayMs(String(l.sfLma__Expiration__c)) - YEAR_MS);
      disagreements.push({
        ...base,
        field: 'expiration',
        between: 'lma-management',
        lma: l.sfLma__Expiration__c,
        management: managementExpiration,
        subscriber: managementExpiration,
      });
    }
    licenses.push({
      ...system(`PTPL-${String(k).padStart(8, '0')}`, id),
      PartnerTenantPackageId: tenantPackage.Id,
      ManagementProvisionedSeats: managementSeats,
      ManagementExpirationDate: managementExpiration,
      ManagementLicenseStatus: status,
      SubscriberProvisionedSeats: subscriberSeats,
      SubscriberUsedSeats: typeof l.sfLma__Used_Licenses__c === 'number' ? l.sfLma__Used_Licenses__c : null,
      SubscriberExpirationDate: managementExpiration,
      SubscriberLicenseStatus: subscriberStatus,
    });
  }
  store.replaceRows(SFDC_PARTNER_TENANT.name, [...tenants.values()]);
  store.replaceRows(SFDC_PARTNER_TENANT_PACKAGE.name, tenantPackages);
  store.replaceRows(SFDC_PARTNER_TNT_PKG_LICENSE.name, licenses);
  return disagreements;
}
