/** How a license change reads in the Recent Changes view and the change digest. */
import * as assert from 'node:assert/strict';
import { byDay, changeSubject, changeSummary } from '../../../src/core/changes/describeChange';
import { type ChangeValue, type LicenseChange, type LicenseChangeType, type LicenseFacts } from '../../../src/core/changes/licenseChange';
import { scopeLabel } from '../../../src/core/scope';

const FACTS: LicenseFacts = {
  name: 'L-00001',
  subscriberOrgId: '00D5g0000012345',
  packageId: 'a0P5g0000000001AAA',
  packageName: 'Acme Billing',
  packageVersionId: null,
  versionNumber: null,
  accountId: null,
  accountName: 'Globex',
  leadCompany: 'Globex Corporation',
  status: 'Active',
  seats: 20,
  expiration: null,
  isSandbox: false,
  isDeleted: false,
};

function aChange(type: LicenseChangeType, oldValue: ChangeValue, newValue: ChangeValue, extra: Partial<LicenseChange> = {}): LicenseChange {
  return {
    id: '0175g000000000AAA',
    type,
    time: '2026-03-10T12:00:00.000Z',
    licenseId: 'a0L5g0000000001AAA',
    field: null,
    oldValue,
    newValue,
    oldLabel: null,
    newLabel: null,
    actor: null,
    license: FACTS,
    ...extra,
  };
}

describe('describing a license change', () => {
  it('names installs and deletes by their kind alone', () => {
    assert.equal(changeSummary(aChange('license.created', null, null)), 'Installed');
    assert.equal(changeSummary(aChange('license.deleted', null, null)), 'Deleted');
  });

  it('shows old → new for status, seats and version, with site licenses and empty values in words', () => {
    assert.equal(changeSummary(aChange('license.status_changed', 'Trial', 'Active')), 'Status Trial → Active');
    assert.equal(changeSummary(aChange('license.seats_changed', 10, 25)), 'Seats 10 → 25');
    assert.equal(changeSummary(aChange('license.seats_changed', 10, -1)), 'Seats 10 → site');
    assert.equal(changeSummary(aChange('license.seats_changed', 0, 5)), 'Seats 0 → 5');
    assert.equal(changeSummary(aChange('license.seats_changed', null, 5)), 'Seats — → 5');
    assert.equal(changeSummary(aChange('license.version_changed', 'a0V1', 'a0V2')), 'Version a0V1 → a0V2');
  });

  it('prefers the display names of a lookup over its ids', () => {
    const change = aChange('license.version_changed', 'a0V5g0000000001AAA', 'a0V5g0000000002AAA', { oldLabel: '2.2.0', newLabel: '2.3.0' });
    assert.equal(changeSummary(change), 'Version 2.2.0 → 2.3.0');
  });

  it('shows an expiration as its date, and the LMA sentinel as "Does not expire"', () => {
    assert.equal(changeSummary(aChange('license.expiration_changed', '2026-04-01', '1970-01-01')), 'Expiration 2026-04-01 → Does not expire');
    assert.equal(changeSummary(aChange('license.expiration_changed', null, '2027-01-31')), 'Expiration — → 2027-01-31');
  });

  it("names the subscriber by account, else by the lead's company (as the Install Base does), else by org id, else by the license id", () => {
    assert.deepEqual(changeSubject(aChange('license.created', null, null)), { subscriber: 'Globex', packageName: 'Acme Billing' });
    assert.deepEqual(changeSubject(aChange('license.created', null, null, { license: { ...FACTS, accountName: null } })), {
      subscriber: 'Globex Corporation',
      packageName: 'Acme Billing',
    });
    assert.deepEqual(changeSubject(aChange('license.created', null, null, { license: { ...FACTS, accountName: '', leadCompany: null } })), {
      subscriber: '00D5g0000012345',
      packageName: 'Acme Billing',
    });
    assert.deepEqual(changeSubject(aChange('license.created', null, null, { license: null })), { subscriber: 'a0L5g0000000001AAA', packageName: '' });
  });

  it('groups newest-first changes by UTC day, keeping their order', () => {
    const at = (time: string, id: string) => ({ time, id });
    const changes = [at('2026-03-10T23:59:00.000Z', 'c'), at('2026-03-10T00:00:00.000Z', 'b'), at('2026-03-08T10:00:00.000Z', 'a')];
    assert.deepEqual(
      byDay(changes).map((g) => [g.day, g.changes.map((c) => c.id)]),
      [
        ['2026-03-10', ['c', 'b']],
        ['2026-03-08', ['a']],
      ],
    );
    assert.deepEqual(byDay([]), []);
  });
});

describe('naming a scope of the install base', () => {
  it('says which package and whether sandboxes count', () => {
    assert.equal(scopeLabel('Acme Billing', false), 'Acme Billing, sandboxes excluded');
    assert.equal(scopeLabel(undefined, true), 'all packages, sandboxes included');
  });
});
