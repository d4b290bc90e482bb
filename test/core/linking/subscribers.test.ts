import * as assert from 'node:assert/strict';
import { SubscriberIndex, installedWithoutLicense, licensesWithoutInstall, subscriberDrift } from '../../../src/core/linking/subscribers';
import { toId18 } from '../../../src/core/orgId';
import { aLicense, aPackage, aSubscriber } from '../../support/builders';

const BILLING_033 = '0335g0000000001AAA';
const PAYROLL_033 = '0335g0000000009AAA';
const billing = aPackage({ name: 'Acme Billing', packageId: BILLING_033 });

// Two orgs whose ids differ only in the case of one letter: different orgs.
const ORG = '00D5g00000Xabcd';
const TWIN = '00D5g00000xabcd';

describe('subscribers: PackageSubscriber installs beside the LMO licenses', () => {
  it('installed without a license: an org with the package installed and no license for it', () => {
    const licensed = aLicense({ subscriberOrgId: ORG, packageId: billing.id });
    const subscribers = [
      aSubscriber({ orgKey: toId18(ORG), subscriberPackageId: BILLING_033 }),
      aSubscriber({ orgKey: toId18('00D5g00000NEW01'), subscriberPackageId: BILLING_033, orgName: 'Installed before linking' }),
    ];
    assert.deepEqual(
      installedWithoutLicense(subscribers, [licensed], [billing]).map((s) => s.orgName),
      ['Installed before linking'],
    );
  });

  it('keeps case twins apart: a license for one org does not cover the twin, whose 18-character key differs', () => {
    const licensed = aLicense({ subscriberOrgId: ORG, packageId: billing.id });
    const twin = aSubscriber({ orgKey: toId18(TWIN), subscriberPackageId: BILLING_033, orgName: 'Twin' });
    assert.notEqual(toId18(ORG), toId18(TWIN));
    assert.deepEqual(
      installedWithoutLicense([twin], [licensed], [billing]).map((s) => s.orgName),
      ['Twin'],
    );
    // And the licensed org, with only its twin installed, is a license without an install.
    assert.deepEqual(
      licensesWithoutInstall([licensed], new SubscriberIndex([twin]), [billing]).map((l) => l.subscriberOrgId),
      [ORG],
    );
  });

  it('joins 15-character license ids and 18-character ones to the 18-character OrgKey', () => {
    const short = aLicense({ subscriberOrgId: ORG, packageId: billing.id });
    const long = aLicense({ subscriberOrgId: toId18('00D5g00000LONG1'), packageId: billing.id });
    const index = new SubscriberIndex([
      aSubscriber({ orgKey: toId18(ORG), subscriberPackageId: BILLING_033 }),
      aSubscriber({ orgKey: toId18('00D5g00000LONG1'), subscriberPackageId: '0335g0000000001' }),
    ]);
    assert.deepEqual(licensesWithoutInstall([short, long], index, [billing]), []);
  });

  it('an Uninstalled license is still a license, and is never "without install"', () => {
    const gone = aLicense({ subscriberOrgId: ORG, packageId: billing.id, status: 'Uninstalled' });
    const reinstalled = aSubscriber({ orgKey: toId18(ORG), subscriberPackageId: BILLING_033 });
    assert.deepEqual(installedWithoutLicense([reinstalled], [gone], [billing]), []);
    assert.deepEqual(licensesWithoutInstall([gone], new SubscriberIndex([]), [billing]), []);
  });

  it("licenses without an install: live or suspended licenses whose org's row says uninstalled, or is missing", () => {
    const a = aLicense({ subscriberOrgId: '00D5g00000AAAAA', packageId: billing.id });
    const b = aLicense({ subscriberOrgId: '00D5g00000BBBBB', packageId: billing.id, status: 'Suspended' });
    const c = aLicense({ subscriberOrgId: '00D5g00000CCCCC', packageId: billing.id });
    const index = new SubscriberIndex([
      aSubscriber({ orgKey: toId18('00D5g00000AAAAA'), subscriberPackageId: BILLING_033, installedStatus: 'u' }),
      aSubscriber({ orgKey: toId18('00D5g00000CCCCC'), subscriberPackageId: BILLING_033 }),
    ]);
    assert.deepEqual(
      licensesWithoutInstall([a, b, c], index, [billing]).map((l) => l.subscriberOrgId),
      ['00D5g00000AAAAA', '00D5g00000BBBBB'],
    );
  });

  it('ignores installs of packages the LMO does not know (not linked: no license is expected) and uninstalled rows', () => {
    const subscribers = [
      aSubscriber({ orgKey: toId18('00D5g00000PAY01'), subscriberPackageId: PAYROLL_033 }),
      aSubscriber({ orgKey: toId18('00D5g00000GONE1'), subscriberPackageId: BILLING_033, installedStatus: 'u' }),
    ];
    assert.deepEqual(installedWithoutLicense(subscribers, [], [billing]), []);
  });

  it('an installed row wins over an uninstalled one of the same org; the index gives the installed version', () => {
    const index = new SubscriberIndex([
      aSubscriber({ orgKey: toId18(ORG), subscriberPackageId: BILLING_033, installedStatus: 'i', subscriberPackageVersionId: '04t5g0100000010AAA' }),
      aSubscriber({ orgKey: toId18(ORG), subscriberPackageId: BILLING_033, installedStatus: 'u' }),
    ]);
    assert.equal(index.installedVersionOf(ORG, '0335g0000000001'), '04t5g0100000010AAA');
    assert.equal(index.installedVersionOf(TWIN, BILLING_033), undefined);
  });

  it('gives both views at once, with the org keys for tree filters', () => {
    const licensed = aLicense({ subscriberOrgId: ORG, packageId: billing.id });
    const drift = subscriberDrift([aSubscriber({ orgKey: toId18(TWIN), subscriberPackageId: BILLING_033 })], [licensed], [billing]);
    assert.deepEqual([...drift.unlicensedOrgs], [TWIN]);
    assert.deepEqual([...drift.uninstalledOrgs], [ORG]);
  });
});
