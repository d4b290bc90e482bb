/** LMA records as the REST API returns them, to the licenses, packages and versions the user sees. */
import * as assert from 'node:assert/strict';
import { toLicense, toPackage, toPackageVersion } from '../../src/data/lmo/records';

describe('LMA records to the install base', () => {
  it('reads every License field, relationships included', () => {
    const license = toLicense({
      attributes: { type: 'sfLma__License__c' },
      Id: 'a0L5g0000000001AAA',
      Name: 'L-00001',
      LastModifiedDate: '2026-03-01T10:00:00.000+0000',
      CreatedDate: '2025-02-01T09:30:00.000+0000',
      sfLma__Status__c: 'active',
      sfLma__Seats__c: 25,
      sfLma__Used_Licenses__c: 12,
      sfLma__Expiration__c: '2027-01-31',
      sfLma__Install_Date__c: '2025-02-01',
      sfLma__Subscriber_Org_ID__c: '00D5g0000012345AAA',
      sfLma__Subscriber_Org_Is_Sandbox__c: true,
      sfLma__Org_Type__c: 'Enterprise Edition',
      sfLma__Org_Instance__c: 'NA135',
      sfLma__Org_Status_Formula__c: 'ACTIVE',
      sfLma__Package__c: 'a0P5g0000000001AAA',
      sfLma__Package__r: { attributes: { type: 'sfLma__Package__c' }, Name: 'Acme Billing' },
      sfLma__Package_Version__c: 'a0V5g0000000002AAA',
      sfLma__Version_Number__c: '2.3.0',
      sfLma__Account__r: { Name: 'Globex' },
      sfLma__Lead__r: { Company: 'Globex Lead' },
    });
    assert.deepEqual(license, {
      id: 'a0L5g0000000001AAA',
      name: 'L-00001',
      status: 'Active',
      statusLabel: 'active',
      seats: { kind: 'perSeat', count: 25 },
      usedSeats: 12,
      expiration: { kind: 'date', date: '2027-01-31' },
      installDate: '2025-02-01',
      subscriberOrgId: '00D5g0000012345AAA',
      orgKey: '00D5g0000012345',
      isSandbox: true,
      orgEdition: 'Enterprise Edition',
      orgInstance: 'NA135',
      orgStatus: 'ACTIVE',
      packageId: 'a0P5g0000000001AAA',
      packageName: 'Acme Billing',
      packageVersionId: 'a0V5g0000000002AAA',
      versionNumber: '2.3.0',
      accountName: 'Globex',
      leadCompany: 'Globex Lead',
      lastModified: '2026-03-01T10:00:00.000+0000',
      createdDate: '2025-02-01T09:30:00.000+0000',
    });
  });

  it('reads a License with empty fields as unknown, not as zero or false', () => {
    const license = toLicense({
      Id: 'a0L5g0000000002AAA',
      Name: null,
      sfLma__Status__c: null,
      sfLma__Seats__c: null,
      sfLma__Used_Licenses__c: Number.NaN,
      sfLma__Expiration__c: null,
      sfLma__Subscriber_Org_ID__c: null,
      sfLma__Subscriber_Org_Is_Sandbox__c: 'true',
      sfLma__Package__r: null,
      sfLma__Account__r: 'Globex',
      sfLma__Lead__r: null,
    });
    assert.equal(license.name, 'a0L5g0000000002AAA');
    assert.equal(license.status, undefined);
    assert.equal(license.statusLabel, '');
    assert.deepEqual(license.seats, { kind: 'unset' });
    assert.equal(license.usedSeats, undefined);
    assert.deepEqual(license.expiration, { kind: 'perpetual' });
    assert.equal(license.installDate, undefined);
    assert.equal(license.subscriberOrgId, '');
    assert.equal(license.orgKey, '');
    assert.equal(license.isSandbox, false);
    assert.equal(license.packageName, undefined);
    assert.equal(license.accountName, undefined);
    assert.equal(license.leadCompany, undefined);
  });

  it('reads a site license (the LMA writes -1 seats)', () => {
    assert.deepEqual(toLicense({ Id: 'a0L3', sfLma__Seats__c: -1 }).seats, { kind: 'site' });
  });

  it('reads a Package, its name falling back to its id', () => {
    assert.deepEqual(
      toPackage({
        Id: 'a0P5g0000000001AAA',
        Name: 'Acme Billing',
        sfLma__Package_ID__c: '0335g0000000001AAA',
        sfLma__Developer_Name__c: 'Acme',
        sfLma__Developer_Org_ID__c: '00D5g0000000009AAA',
        sfLma__Latest_Version__c: '2.3.0',
        sfLma__Release_Date__c: '2026-01-15',
        sfLma__Lead_Manager__c: '0055g0000000001AAA',
        sfLma__Last_License_Refresh__c: '2026-03-09',
      }),
      {
        id: 'a0P5g0000000001AAA',
        name: 'Acme Billing',
        packageId: '0335g0000000001AAA',
        developerName: 'Acme',
        developerOrgId: '00D5g0000000009AAA',
        latestVersion: '2.3.0',
        releaseDate: '2026-01-15',
        leadManagerId: '0055g0000000001AAA',
        lastLicenseRefresh: '2026-03-09',
      },
    );
    assert.equal(toPackage({ Id: 'a0P2', Name: null }).name, 'a0P2');
  });

  it('reads a Package Version, and skips one without a version number', () => {
    assert.deepEqual(
      toPackageVersion({
        Id: 'a0V5g0000000002AAA',
        Name: 'Spring',
        sfLma__Package__c: 'a0P5g0000000001AAA',
        sfLma__Version_Number__c: '2.3.0',
        sfLma__Version_ID__c: '04t5g0000000002AAA',
        sfLma__Release_Date__c: '2026-01-15',
        sfLma__Is_Beta__c: true,
        sfLma__Sequence__c: 7,
      }),
      {
        id: 'a0V5g0000000002AAA',
        packageId: 'a0P5g0000000001AAA',
        name: 'Spring',
        versionNumber: '2.3.0',
        versionId: '04t5g0000000002AAA',
        releaseDate: '2026-01-15',
        isBeta: true,
        sequence: 7,
      },
    );
    const unnamed = toPackageVersion({ Id: 'a0V3', sfLma__Package__c: 'a0P1', sfLma__Version_Number__c: '1.0.0', sfLma__Is_Beta__c: 'true' });
    assert.equal(unnamed?.name, '1.0.0');
    assert.equal(unnamed?.isBeta, false);
    assert.equal(toPackageVersion({ Id: 'a0V4', sfLma__Version_Number__c: '' }), undefined);
    assert.equal(toPackageVersion({ Id: 'a0V4', sfLma__Version_Number__c: null }), undefined);
  });
});
