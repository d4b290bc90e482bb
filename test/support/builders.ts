import { calendarDate } from '../../src/core/calendarDate';
import { type LicenseSnapshot, type LicenseValues } from '../../src/core/licenseChanges/values';
import { type License } from '../../src/core/license';
import { orgKey, toId18 } from '../../src/core/orgId';
import { type OwnedPackage, type OwnedVersion } from '../../src/core/linking/ownedPackages';
import { type PackageSubscriber } from '../../src/core/linking/subscribers';
import { type Package } from '../../src/core/package';

let serial = 0;

/** A realistic License with overrides: what the data layer would have produced. */
export function aLicense(overrides: Partial<License> = {}): License {
  serial++;
  const subscriberOrgId = overrides.subscriberOrgId ?? `00D5g00000${String(serial).padStart(5, '0')}`;
  return {
    // Real ids differ within their first 15 characters (the case-sensitive part).
    id: toId18(`a0L5g${String(serial).padStart(10, '0')}`),
    name: `L-${String(serial).padStart(5, '0')}`,
    status: 'Active',
    statusLabel: overrides.status ?? 'Active',
    seats: { kind: 'perSeat', count: 10 },
    usedSeats: 4,
    expiration: { kind: 'perpetual' },
    installDate: calendarDate('2025-01-15'),
    isSandbox: false,
    orgEdition: 'Enterprise Edition',
    orgInstance: 'NA101',
    orgStatus: 'Active',
    packageId: 'a0P5g0000000001AAA',
    packageName: 'Acme Billing',
    packageVersionId: 'a0V5g0000000001AAA',
    versionNumber: '2.3.0',
    accountName: `Customer ${serial}`,
    leadCompany: undefined,
    lastModified: '2026-01-01T00:00:00.000+0000',
    createdDate: '2024-01-01T00:00:00.000+0000',
    ...overrides,
    subscriberOrgId,
    orgKey: orgKey(subscriberOrgId),
  };
}

/** A license as a change plan reads it, with overrides. */
export function aSnapshot(values: Partial<LicenseValues> = {}, extra: Partial<LicenseSnapshot> = {}): LicenseSnapshot {
  return {
    id: 'a0L5g0000000001AAA',
    name: 'L-00001',
    orgId: '00D5g0000000001',
    subscriber: 'Blue Logistics Inc.',
    packageName: 'Acme Billing',
    installDate: calendarDate('2026-03-01'),
    usedSeats: 4,
    isSandbox: false,
    readOnly: false,
    values: { status: 'Active', seats: 10, expiration: calendarDate('2026-12-31'), ...values },
    ...extra,
  };
}

/** An LMO Package record (sfLma__Package__c) as the data layer returns it. */
export function aPackage(overrides: Partial<Package> = {}): Package {
  serial++;
  return {
    id: toId18(`a0P5g${String(serial).padStart(10, '0')}`),
    name: `Package ${serial}`,
    packageId: toId18(`0335g${String(serial).padStart(10, '0')}`),
    developerName: 'Acme Dev Hub',
    developerOrgId: '00D5g0000DEVHUBEAQ',
    latestVersion: '1.0.0',
    releaseDate: calendarDate('2025-06-01'),
    leadManagerId: '0055g0000000001AAA',
    lastLicenseRefresh: undefined,
    ...overrides,
  };
}

/** A released version of a package the Dev Hub owns. */
export function anOwnedVersion(versionNumber: string, subscriberPackageVersionId: string): OwnedVersion {
  return { subscriberPackageVersionId, versionNumber, buildNumber: 1, name: `ver ${versionNumber}`, createdDate: '2025-06-01T10:00:00.000+0000' };
}

/** A 2GP package the Dev Hub owns, managed unless told otherwise. */
export function anOwnedPackage(overrides: Partial<OwnedPackage> = {}): OwnedPackage {
  serial++;
  return {
    generation: '2gp',
    package2Id: toId18(`0Ho5g${String(serial).padStart(10, '0')}`),
    subscriberPackageId: toId18(`0335g${String(serial).padStart(10, '0')}`),
    name: `Owned ${serial}`,
    namespace: `ns${serial}`,
    managed: true,
    releasedVersions: [],
    ...overrides,
  };
}

/** A PackageSubscriber row: the package installed in an org. */
export function aSubscriber(overrides: Partial<PackageSubscriber> & Pick<PackageSubscriber, 'orgKey' | 'subscriberPackageId'>): PackageSubscriber {
  serial++;
  return {
    id: toId18(`0Hf5g${String(serial).padStart(10, '0')}`),
    orgName: `Subscriber ${serial}`,
    orgStatus: 'Active',
    orgType: 'Production',
    installedStatus: 'i',
    instanceName: 'NA101',
    subscriberPackageVersionId: undefined,
    parentOrg: undefined,
    ...overrides,
  };
}
