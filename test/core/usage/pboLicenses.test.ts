/**
 * core/usage/pboLicenses: each LMA license joined to its PBO row on the org (15 or 18) and the 033
 * package (15 or 18), and every disagreement a user would be told about, in words — and none where
 * the two agree (site licenses, perpetual licenses, Free for Active, Suspended without a status).
 */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { type License } from '../../../src/core/license';
import { toId18 } from '../../../src/core/orgId';
import { type PboComparison, type PboLicense, comparePboLicenses } from '../../../src/core/usage/pboLicenses';
import { aLicense } from '../../support/builders';

const TODAY = calendarDate('2026-03-10');
const PKG = '033000000000AAA';
const PKG_RECORD = 'a0P5g0000000001AAA';
const packageIds = new Map<string, string | undefined>([[PKG_RECORD, toId18(PKG)]]);
const ORG = '00D5g0000012345';

let serial = 0;
/** The PBO row that agrees with a 10-seat perpetual Active license of ORG, with overrides. */
function aPboRow(overrides: Partial<PboLicense> = {}): PboLicense {
  serial++;
  return {
    id: `1Tl00000000${String(serial).padStart(4, '0')}`,
    orgId: toId18(ORG),
    packageId: PKG,
    tenantPackageStatus: 'i',
    managementStatus: 'Active',
    managementSeats: 10,
    managementExpiration: null,
    subscriberStatus: 'Active',
    subscriberSeats: 10,
    subscriberUsedSeats: 4,
    subscriberExpiration: null,
    ...overrides,
  };
}
const lic = (overrides: Partial<License> = {}) => aLicense({ subscriberOrgId: ORG, packageId: PKG_RECORD, ...overrides });
const compare = (licenses: License[], rows: PboLicense[]) => comparePboLicenses(licenses, rows, { packageIds, today: TODAY });
const only = (result: PboComparison) => {
  assert.equal(result.rows.length, 1);
  return result.rows[0];
};
const said = (result: PboComparison) => only(result).disagreements.map((d) => `${d.between} ${d.field}: ${d.values.join(' / ')}`);

describe('core/usage/pboLicenses: the LMA license beside the PBO', () => {
  it('joins an 18-character PBO org id to a 15-character LMA one (and the 15-character 033 to the 18 the package record holds)', () => {
    const result = compare([lic()], [aPboRow()]);
    assert.equal(only(result).match, 'compared');
    assert.deepEqual(said(result), []);
    assert.deepEqual(result.counts, { licenses: 1, compared: 1, disagreeing: 0, noPboRow: 0, noPackageId: 0, pboOnly: 0 });
  });

  it('joins an 18-character LMA org id to a 15-character PBO one, but not an org that differs only in case', () => {
    assert.equal(only(compare([lic({ subscriberOrgId: toId18(ORG) })], [aPboRow({ orgId: ORG })])).match, 'compared');
    const otherCase = compare([lic()], [aPboRow({ orgId: ORG.toLowerCase() })]);
    assert.equal(only(otherCase).match, 'noPboRow');
    assert.deepEqual(
      otherCase.pboOnly.map((p) => p.reason),
      ['noLicense'],
    );
  });

  it('seats: the LMA against the management side, in words', () => {
    const result = compare([lic({ seats: { kind: 'perSeat', count: 10 } })], [aPboRow({ managementSeats: 15, subscriberSeats: 15 })]);
    assert.deepEqual(said(result), ['lma-management seats: 10 seats / 15 seats']);
    assert.equal(only(result).disagreements[0].message, "Seats: the LMA says 10 seats, the PBO's management side 15 seats.");
  });

  it('a site license (-1 in the LMA) agrees with a negative management count, not with a number or none', () => {
    const site = { kind: 'site' } as const;
    assert.deepEqual(said(compare([lic({ seats: site })], [aPboRow({ managementSeats: -1, subscriberSeats: -1 })])), []);
    assert.deepEqual(said(compare([lic({ seats: site })], [aPboRow({ managementSeats: 50, subscriberSeats: 50 })])), [
      'lma-management seats: Site license / 50 seats',
    ]);
    assert.deepEqual(said(compare([lic({ seats: site })], [aPboRow({ managementSeats: null, subscriberSeats: null })])), [
      'lma-management seats: Site license / Seats not set',
    ]);
  });

  it('status: Active agrees with Active or Free, Trial with Trial, Suspended with no status', () => {
    const agree: [License['status'], string | null][] = [
      ['Active', 'Active'],
      ['Active', 'Free'],
      ['Trial', 'Trial'],
      ['Suspended', null],
    ];
    for (const [status, management] of agree)
      assert.deepEqual(
        said(compare([lic({ status, statusLabel: String(status) })], [aPboRow({ managementStatus: management, subscriberStatus: management })])),
        [],
        `${status}`,
      );
    const disagree: [License['status'], string | null, string][] = [
      ['Active', 'Trial', 'Active / Trial'],
      ['Active', null, 'Active / no status'],
      ['Trial', 'Active', 'Trial / Active'],
      ['Trial', 'Free', 'Trial / Free'],
      ['Suspended', 'Active', 'Suspended / Active'],
    ];
    for (const [status, management, values] of disagree)
      assert.deepEqual(
        said(compare([lic({ status, statusLabel: String(status) })], [aPboRow({ managementStatus: management, subscriberStatus: management })])),
        [`lma-management status: ${values}`],
        `${status} vs ${management}`,
      );
  });

  it('an uninstalled license disagrees only with a tenant package that says installed', () => {
    const uninstalled = lic({ status: 'Uninstalled', statusLabel: 'Uninstalled', seats: { kind: 'perSeat', count: 3 } });
    assert.deepEqual(said(compare([uninstalled], [aPboRow({ tenantPackageStatus: 'u' })])), []);
    assert.deepEqual(said(compare([uninstalled], [aPboRow({ tenantPackageStatus: 'i' })])), [
      'lma-management status: Uninstalled / Active (tenant package installed)',
    ]);
  });

  it('expiration: none or 1970-01-01 in the LMA against a date; the date part of a date-time', () => {
    assert.deepEqual(
      said(
        compare([lic({ expiration: { kind: 'perpetual' } })], [aPboRow({ managementExpiration: '1970-01-01T00:00:00.000+0000', subscriberExpiration: null })]),
      ),
      [],
    );
    assert.deepEqual(
      said(
        compare(
          [lic({ expiration: { kind: 'perpetual' } })],
          [aPboRow({ managementExpiration: '2027-01-31T00:00:00.000+0000', subscriberExpiration: '2027-01-31' })],
        ),
      ),
      ['lma-management expiration: Does not expire / 2027-01-31'],
    );
    const dated = lic({ expiration: { kind: 'date', date: calendarDate('2027-01-31') } });
    assert.deepEqual(said(compare([dated], [aPboRow({ managementExpiration: '2027-01-31T00:00:00.000+0000', subscriberExpiration: '2027-01-31' })])), []);
    assert.deepEqual(said(compare([dated], [aPboRow({ managementExpiration: '2026-01-31T00:00:00.000+0000', subscriberExpiration: '2026-01-31' })])), [
      'lma-management expiration: 2027-01-31 / 2026-01-31',
    ]);
  });

  it('the management side against the subscriber side: seats, status, expiration', () => {
    assert.deepEqual(said(compare([lic()], [aPboRow({ subscriberSeats: 15 })])), ['management-subscriber seats: 10 seats / 15 seats']);
    assert.deepEqual(said(compare([lic()], [aPboRow({ subscriberStatus: 'Suspended' })])), ['management-subscriber status: Active / Suspended']);
    assert.deepEqual(said(compare([lic()], [aPboRow({ subscriberExpiration: '2026-06-30' })])), [
      'management-subscriber expiration: Does not expire / 2026-06-30',
    ]);
    const message = only(compare([lic()], [aPboRow({ subscriberSeats: 15 })])).disagreements[0].message;
    assert.equal(message, "Seats: the PBO's management side says 10 seats, the PBO's subscriber side 15 seats.");
  });

  it('a subscriber side Expired agrees once the management expiration date has passed, not before', () => {
    const past = { kind: 'date', date: calendarDate('2026-03-01') } as const;
    assert.deepEqual(
      said(
        compare(
          [lic({ expiration: past })],
          [aPboRow({ managementExpiration: '2026-03-01', subscriberExpiration: '2026-03-01', subscriberStatus: 'Expired' })],
        ),
      ),
      [],
    );
    const future = { kind: 'date', date: calendarDate('2026-03-10') } as const;
    assert.deepEqual(
      said(
        compare(
          [lic({ expiration: future })],
          [aPboRow({ managementExpiration: '2026-03-10', subscriberExpiration: '2026-03-10', subscriberStatus: 'Expired' })],
        ),
      ),
      ['management-subscriber status: Active / Expired'],
    );
  });

  it('fields the org does not have (undefined) are not compared: a PBO without the subscriber side flags only the LMA', () => {
    const row = aPboRow({
      managementSeats: 12,
      subscriberSeats: undefined,
      subscriberStatus: undefined,
      subscriberExpiration: undefined,
      subscriberUsedSeats: undefined,
    });
    assert.deepEqual(said(compare([lic()], [row])), ['lma-management seats: 10 seats / 12 seats']);
    const bare: PboLicense = { id: '1Tl000000000XYZ', orgId: ORG, packageId: PKG };
    assert.deepEqual(said(compare([lic()], [bare])), []);
  });

  it('several disagreements of one license are all said', () => {
    const result = compare(
      [lic({ status: 'Trial', statusLabel: 'Trial' })],
      [aPboRow({ managementStatus: 'Active', managementSeats: 5, subscriberStatus: 'Trial', subscriberSeats: 5 })],
    );
    assert.deepEqual(said(result), [
      'lma-management status: Trial / Active',
      'lma-management seats: 10 seats / 5 seats',
      'management-subscriber status: Active / Trial',
    ]);
    assert.equal(result.counts.disagreeing, 1);
  });

  it('none on either side: a license without a PBO row is said, not flagged; a PBO row without a license is listed', () => {
    const other = '00D5g0000099999';
    const result = compare(
      [lic(), lic({ status: 'Uninstalled', statusLabel: 'Uninstalled', subscriberOrgId: '00D5g0000077777' })],
      [aPboRow({ orgId: toId18(other) })],
    );
    assert.deepEqual(
      result.rows.map((r) => [r.match, r.disagreements.length]),
      [
        ['noPboRow', 0],
        ['noPboRow', 0],
      ],
    );
    assert.match(result.rows[0].note ?? '', /not an error/);
    assert.match(result.rows[1].note ?? '', /Uninstalled/);
    assert.deepEqual(
      result.pboOnly.map((p) => [p.pbo.orgId, p.reason]),
      [[toId18(other), 'noLicense']],
    );
    assert.deepEqual(result.counts, { licenses: 2, compared: 0, disagreeing: 0, noPboRow: 2, noPackageId: 0, pboOnly: 1 });
  });

  it('a license whose package record has no 033 id is not joined; a PBO row without org or package is listed as such', () => {
    const result = compare([lic({ packageId: 'a0P5g0000000009AAA' })], [aPboRow({ packageId: undefined })]);
    assert.equal(only(result).match, 'noPackageId');
    assert.deepEqual(
      result.pboOnly.map((p) => p.reason),
      ['noKey'],
    );
  });

  it('one org and package: the installed license takes a single PBO row, whatever the order; a third row is a duplicate', () => {
    const old = lic({ status: 'Uninstalled', statusLabel: 'Uninstalled' });
    const current = lic();
    const one = compare([old, current], [aPboRow()]);
    assert.deepEqual(
      one.rows.map((r) => [r.licenseId, r.match]),
      [
        [old.id, 'noPboRow'],
        [current.id, 'compared'],
      ],
    );
    assert.deepEqual(
      compare([current, old], [aPboRow()]).rows.map((r) => r.match),
      ['compared', 'noPboRow'],
    );
    const three = compare([old, current], [aPboRow(), aPboRow({ tenantPackageStatus: 'u' }), aPboRow()]);
    assert.deepEqual(
      three.rows.map((r) => r.match),
      ['compared', 'compared'],
    );
    assert.deepEqual(
      three.pboOnly.map((p) => p.reason),
      ['duplicate'],
    );
  });
});
