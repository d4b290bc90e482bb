/** Edges of the license model a user meets: the LMA's sentinels, blank names, version text as people type it. */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { describeSeats, expirationFrom, firstText, licenseState, statusFrom } from '../../src/core/license';
import { looksLikeOrgId } from '../../src/core/orgId';
import { compareVersionNumbers, formatVersionNumber, parseVersionNumber } from '../../src/core/versionNumber';

const TODAY = calendarDate('2026-03-10');

describe('license model edges', () => {
  it('reads the LMA’s 1970-01-01 sentinel as "does not expire", also when it comes as a date-time', () => {
    assert.deepEqual(expirationFrom('1970-01-01'), { kind: 'perpetual' });
    assert.deepEqual(expirationFrom('1970-01-01T00:00:00.000+0000'), { kind: 'perpetual' });
    assert.deepEqual(expirationFrom('2027-01-31'), { kind: 'date', date: '2027-01-31' });
  });

  it('reads a status in any case and spacing, and no status as none', () => {
    assert.equal(statusFrom(' suspended '), 'Suspended');
    assert.equal(statusFrom(undefined), undefined);
    assert.equal(statusFrom(''), undefined);
  });

  it('names the state of every status; an expired live license reads expired', () => {
    const state = (status: Parameters<typeof licenseState>[0]['status'], expiration = { kind: 'perpetual' as const }) =>
      licenseState({ status, expiration }, TODAY);
    assert.equal(state('Suspended'), 'suspended');
    assert.equal(state('Uninstalled'), 'uninstalled');
    assert.equal(state(undefined), 'unknown');
    assert.equal(licenseState({ status: 'Trial', expiration: { kind: 'date', date: calendarDate('2026-03-09') } }, TODAY), 'expired');
    assert.equal(licenseState({ status: 'Trial', expiration: { kind: 'date', date: TODAY } }, TODAY), 'trial');
  });

  it('takes the first name that is not blank', () => {
    assert.equal(firstText(undefined, 'Globex'), 'Globex');
    assert.equal(firstText('', 'Globex'), 'Globex');
    assert.equal(firstText('   ', 'Globex'), 'Globex');
    assert.equal(firstText(' Initech ', 'Globex'), ' Initech ');
    assert.equal(firstText('', undefined), undefined);
  });

  it('describes seats in words', () => {
    assert.equal(describeSeats({ kind: 'unset' }), 'Seats not set');
    assert.equal(describeSeats({ kind: 'site' }), 'Site license');
    assert.equal(describeSeats({ kind: 'perSeat', count: 1 }), '1 seat');
    assert.equal(describeSeats({ kind: 'perSeat', count: 1200 }), '1,200 seats');
  });

  it('recognises a whole org id (15 or 18 characters, spaces around allowed) and nothing longer or embedded', () => {
    assert.equal(looksLikeOrgId(' 00D5g0000012345 '), true);
    assert.equal(looksLikeOrgId('00D5g0000012345AAA'), true);
    assert.equal(looksLikeOrgId('x00D5g0000012345'), false);
    assert.equal(looksLikeOrgId('00D5g0000012345AAAB'), false);
  });
});

describe('version numbers as people write them', () => {
  it('accepts a v / ver / version prefix and surrounding spaces', () => {
    assert.deepEqual(parseVersionNumber(' 1.2.3 '), [1, 2, 3]);
    assert.deepEqual(parseVersionNumber('v1.2'), [1, 2]);
    assert.deepEqual(parseVersionNumber('Version 2.0.1'), [2, 0, 1]);
    assert.deepEqual(parseVersionNumber('ver3.1'), [3, 1]);
    assert.deepEqual(parseVersionNumber('1.2.3-4'), [1, 2, 3, 4]);
  });

  it('refuses text around the number', () => {
    assert.equal(parseVersionNumber('1.2v3'), undefined);
    assert.equal(parseVersionNumber('x1.2'), undefined);
    assert.equal(parseVersionNumber('1.2x'), undefined);
    assert.equal(parseVersionNumber('1.2.3.4.5'), undefined);
  });

  it('puts unreadable versions after readable ones, and orders them by text', () => {
    assert.ok(compareVersionNumbers('1.0', 'beta') > 0);
    assert.ok(compareVersionNumbers('beta', '1.0') < 0);
    assert.ok(compareVersionNumbers('gamma', 'beta') > 0);
    assert.ok(compareVersionNumbers('beta', 'gamma') < 0);
    assert.equal(compareVersionNumbers('1.2', '1.2.0'), 0);
  });

  it('shows major.minor.patch without the build number', () => {
    assert.equal(formatVersionNumber([1, 2, 3, 4]), '1.2.3');
    assert.equal(formatVersionNumber([2, 0]), '2.0');
  });
});
