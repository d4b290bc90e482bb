import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { groupBySubscriberOrg, rollupState } from '../../src/core/subscriberOrg';
import { aLicense } from '../support/builders';

const today = calendarDate('2026-03-10');

describe('subscriber orgs', () => {
  it('groups the 15- and 18-character ids of one org together', () => {
    const orgs = groupBySubscriberOrg([
      aLicense({ subscriberOrgId: '00D5g000004ABCD', accountName: undefined, leadCompany: 'Lead Co' }),
      aLicense({ subscriberOrgId: '00D5g000004ABCDEAK', accountName: 'Acme Corp' }),
      aLicense({ subscriberOrgId: '00D5g000009ZZZZ', accountName: 'Other' }),
    ]);
    assert.equal(orgs.length, 2);
    assert.equal(orgs[0].licenses.length, 2);
    assert.equal(orgs[0].name, 'Lead Co');
  });

  it('rolls up to the best state across the org licenses', () => {
    const expired = aLicense({ status: 'Active', expiration: { kind: 'date', date: calendarDate('2026-01-01') } });
    assert.equal(rollupState([aLicense({ status: 'Uninstalled' }), aLicense({ status: 'Trial' })], today), 'trial');
    assert.equal(rollupState([expired, aLicense({ status: 'Uninstalled' })], today), 'expired');
    assert.equal(rollupState([expired, aLicense({ status: 'Active' })], today), 'active');
  });
});
