import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { describeSeats, expirationFrom, isExpired, isLive, licenseState, seatsFrom, statusFrom, daysUntilExpiry } from '../../src/core/license';
import { aLicense } from '../support/builders';

const today = calendarDate('2026-03-10');

describe('license normalisation', () => {
  it('reads negative seats as a site license and null as unset', () => {
    assert.deepEqual(seatsFrom(-1), { kind: 'site' });
    assert.deepEqual(seatsFrom(-5), { kind: 'site' });
    assert.deepEqual(seatsFrom(0), { kind: 'perSeat', count: 0 });
    assert.deepEqual(seatsFrom(25), { kind: 'perSeat', count: 25 });
    assert.deepEqual(seatsFrom(null), { kind: 'unset' });
    assert.equal(describeSeats(seatsFrom(-1)), 'Site license');
    assert.equal(describeSeats(seatsFrom(1200)), '1,200 seats');
  });

  it('reads empty and 1970-01-01 expirations as perpetual', () => {
    assert.deepEqual(expirationFrom(null), { kind: 'perpetual' });
    assert.deepEqual(expirationFrom(''), { kind: 'perpetual' });
    assert.deepEqual(expirationFrom('1970-01-01'), { kind: 'perpetual' });
    assert.deepEqual(expirationFrom('2026-04-01'), { kind: 'date', date: '2026-04-01' });
  });

  it('takes the status from the picklist, case-insensitively, and leaves unknown values unknown', () => {
    assert.equal(statusFrom('Active'), 'Active');
    assert.equal(statusFrom('trial'), 'Trial');
    assert.equal(statusFrom('Expired'), undefined);
    assert.equal(statusFrom(null), undefined);
  });

  it('treats a license expiring today as live and one that expired yesterday as expired', () => {
    const expiringToday = aLicense({ status: 'Active', expiration: { kind: 'date', date: today } });
    const expiredYesterday = aLicense({ status: 'Active', expiration: { kind: 'date', date: calendarDate('2026-03-09') } });
    assert.equal(isExpired(expiringToday, today), false);
    assert.equal(isLive(expiringToday, today), true);
    assert.equal(daysUntilExpiry(expiringToday, today), 0);
    assert.equal(isExpired(expiredYesterday, today), true);
    assert.equal(isLive(expiredYesterday, today), false);
    assert.equal(licenseState(expiredYesterday, today), 'expired');
  });

  it('never calls suspended or uninstalled licenses live, and perpetual ones never expire', () => {
    assert.equal(isLive(aLicense({ status: 'Suspended' }), today), false);
    assert.equal(isLive(aLicense({ status: 'Uninstalled' }), today), false);
    assert.equal(isLive(aLicense({ status: 'Trial', expiration: { kind: 'perpetual' } }), today), true);
    assert.equal(licenseState(aLicense({ status: undefined }), today), 'unknown');
  });
});
