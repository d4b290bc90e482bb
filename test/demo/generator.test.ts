import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { HOSTILE_NAMES } from '../../src/demo/catalog';
import { generateDemoData } from '../../src/demo/generator';

const today = calendarDate('2026-03-10');

describe('demo data generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateDemoData({ licenses: 300, seed: 7, today });
    const b = generateDemoData({ licenses: 300, seed: 7, today });
    const c = generateDemoData({ licenses: 300, seed: 8, today });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.sfLma__License__c, c.sfLma__License__c);
  });

  it('makes exactly the number of licenses asked for, one per package per org', () => {
    for (const size of [100, 1234]) {
      const licenses = generateDemoData({ licenses: size, seed: 1, today }).sfLma__License__c;
      assert.equal(licenses.length, size);
      const pairs = new Set(licenses.map((l) => `${String(l.sfLma__Subscriber_Org_ID__c).slice(0, 15)}|${l.sfLma__Package__c}`));
      assert.equal(pairs.size, size);
    }
  });

  it('has the shapes the product must handle', () => {
    const data = generateDemoData({ licenses: 2000, seed: 42, today });
    const licenses = data.sfLma__License__c;
    const has = (p: (l: Record<string, unknown>) => boolean) => licenses.some(p);
    for (const status of ['Active', 'Trial', 'Suspended', 'Uninstalled']) assert.ok(has((l) => l.sfLma__Status__c === status), status);
    assert.ok(has((l) => l.sfLma__Seats__c === -1), 'site licenses');
    assert.ok(has((l) => l.sfLma__Seats__c === null), 'null seats');
    assert.ok(has((l) => l.sfLma__Expiration__c === '1970-01-01'), 'perpetual');
    assert.ok(has((l) => l.sfLma__Expiration__c === null), 'empty expiration');
    assert.ok(has((l) => typeof l.sfLma__Expiration__c === 'string' && l.sfLma__Expiration__c > '1970-01-01' && l.sfLma__Expiration__c < today), 'expired');
    assert.ok(has((l) => typeof l.sfLma__Expiration__c === 'string' && l.sfLma__Expiration__c >= today), 'future expirations');
    assert.ok(has((l) => l.sfLma__Subscriber_Org_Is_Sandbox__c === true), 'sandboxes');
    assert.ok(has((l) => String(l.sfLma__Subscriber_Org_ID__c).length === 18), '18-character org ids');
    const versions = data.sfLma__Package_Version__c;
    assert.ok(versions.some((v) => v.sfLma__Is_Beta__c === true), 'betas');
    const names = new Set([...data.Account.map((a) => a.Name), ...data.Lead.map((l) => l.Company)]);
    for (const hostile of HOSTILE_NAMES.filter((n) => n !== null)) assert.ok(names.has(hostile), `hostile name ${hostile}`);
    const installDates = licenses.map((l) => String(l.sfLma__Install_Date__c)).sort();
    assert.ok(installDates[0] < '2022-01-01', 'installs over years');
  });
});
