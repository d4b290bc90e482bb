import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { compareVersionNumbers } from '../../src/core/versionNumber';
import { HOSTILE_NAMES } from '../../src/demo/catalog';
import { generateDemoData } from '../../src/demo/generator';
import { type DemoRecord } from '../../src/demo/schema';

const today = calendarDate('2026-03-10');
const licensesOf = (data: ReturnType<typeof generateDemoData>) => data.tables.sfLma__License__c;

describe('demo data generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateDemoData({ licenses: 300, seed: 7, today });
    const b = generateDemoData({ licenses: 300, seed: 7, today });
    const c = generateDemoData({ licenses: 300, seed: 8, today });
    assert.deepEqual(a, b);
    assert.notDeepEqual(licensesOf(a), licensesOf(c));
  });

  it('makes exactly the number of licenses asked for, one per package per org', () => {
    for (const size of [100, 1234]) {
      const licenses = licensesOf(generateDemoData({ licenses: size, seed: 1, today }));
      assert.equal(licenses.length, size);
      // The key is case-sensitive: orgs whose ids differ only in case are different orgs.
      const pairs = new Set(licenses.map((l) => `${String(l.sfLma__Subscriber_Org_ID__c).slice(0, 15)}|${l.sfLma__Package__c}`));
      assert.equal(pairs.size, size);
    }
  });

  it('has the shapes the product must handle', () => {
    const data = generateDemoData({ licenses: 2000, seed: 42, today });
    const licenses = licensesOf(data);
    const has = (p: (l: DemoRecord) => boolean) => licenses.some(p);
    for (const status of ['Active', 'Trial', 'Suspended', 'Uninstalled'])
      assert.ok(
        has((l) => l.sfLma__Status__c === status),
        status,
      );
    assert.ok(
      has((l) => l.sfLma__Seats__c === -1),
      'site licenses',
    );
    assert.ok(
      has((l) => l.sfLma__Seats__c === null && typeof l.sfLma__Used_Licenses__c === 'number' && l.sfLma__Used_Licenses__c > 0),
      'null seats that still report used seats',
    );
    assert.ok(
      has((l) => l.sfLma__Expiration__c === '1970-01-01'),
      'perpetual',
    );
    assert.ok(
      has((l) => l.sfLma__Expiration__c === null),
      'empty expiration',
    );
    assert.ok(
      has((l) => typeof l.sfLma__Expiration__c === 'string' && l.sfLma__Expiration__c > '1970-01-01' && l.sfLma__Expiration__c < today),
      'expired',
    );
    assert.ok(
      has((l) => typeof l.sfLma__Expiration__c === 'string' && l.sfLma__Expiration__c >= today),
      'future expirations',
    );
    assert.ok(
      has((l) => l.sfLma__Subscriber_Org_Is_Sandbox__c === true),
      'sandboxes',
    );
    assert.ok(
      has((l) => String(l.sfLma__Subscriber_Org_ID__c).length === 18),
      '18-character org ids',
    );
    assert.ok(
      has((l) => l.IsDeleted === true),
      'licenses in the Recycle Bin',
    );
    const versions = data.tables.sfLma__Package_Version__c;
    assert.ok(
      versions.some((v) => v.sfLma__Is_Beta__c === true),
      'betas',
    );
    const names = new Set([...data.tables.Account.map((a) => a.Name), ...data.tables.Lead.map((l) => l.Company)]);
    for (const hostile of HOSTILE_NAMES.filter((n) => n !== null)) assert.ok(names.has(hostile), `hostile name ${hostile}`);
    for (const lead of ['+', '-', '@', '='])
      assert.ok(
        [...names].some((n) => String(n).startsWith(lead)),
        `a name starting with ${lead}`,
      );
    const installDates = licenses.map((l) => String(l.sfLma__Install_Date__c)).sort();
    assert.ok(installDates[0] < '2022-01-01', 'installs over years');
    const orgIds = licenses.map((l) => String(l.sfLma__Subscriber_Org_ID__c).slice(0, 15));
    for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')
      assert.ok(
        orgIds.some((id) => id.includes(letter)),
        `an org id with ${letter}`,
      );
    const lower = new Map<string, Set<string>>();
    for (const id of orgIds) lower.set(id.toLowerCase(), (lower.get(id.toLowerCase()) ?? new Set()).add(id));
    assert.ok(
      [...lower.values()].some((ids) => ids.size > 1),
      'two org ids that differ only in letter case',
    );
  });

  it('releases a version out of order: a hotfix of an older line after a newer one', () => {
    const versions = generateDemoData({ licenses: 200, seed: 1, today }).tables.sfLma__Package_Version__c.filter((v) => v.sfLma__Is_Beta__c === false);
    const byPackage = new Map<unknown, DemoRecord[]>();
    for (const v of versions) byPackage.set(v.sfLma__Package__c, [...(byPackage.get(v.sfLma__Package__c) ?? []), v]);
    const outOfOrder = [...byPackage.values()].some((list) => {
      const byDate = [...list].sort((a, b) => String(a.sfLma__Release_Date__c).localeCompare(String(b.sfLma__Release_Date__c)));
      return byDate.some((v, i) => i > 0 && compareVersionNumbers(String(v.sfLma__Version_Number__c), String(byDate[i - 1].sfLma__Version_Number__c)) < 0);
    });
    assert.ok(outOfOrder);
  });

  it('gives every license a history that leads to its current state, and a record type that follows its status', () => {
    const data = generateDemoData({ licenses: 3000, seed: 9, today });
    const licenses = new Map(licensesOf(data).map((l) => [l.Id, l]));
    const recordTypes = new Map(data.tables.RecordType.map((r) => [r.Id, r.Name]));
    const changes = [...data.history.scan(licensesOf(data), () => false)].filter((r) => r.Field !== 'created' && r.DataType !== 'Text');
    assert.ok(changes.length > licenses.size / 3, `${changes.length} changes`);
    const byLicenseField = new Map<string, DemoRecord[]>();
    for (const c of changes) byLicenseField.set(`${c.ParentId}|${c.Field}`, [...(byLicenseField.get(`${c.ParentId}|${c.Field}`) ?? []), c]);
    for (const [key, list] of byLicenseField) {
      const [id, field] = key.split('|');
      list.sort((a, b) => String(a.CreatedDate).localeCompare(String(b.CreatedDate)));
      for (let i = 1; i < list.length; i++) assert.deepEqual(list[i].OldValue, list[i - 1].NewValue, `${key} is a chain`);
      const license = licenses.get(id) as DemoRecord;
      assert.deepEqual(list[list.length - 1].NewValue, license[field], `${key} ends at the current value`);
      assert.ok(String(list[0].CreatedDate) >= String(license.CreatedDate), `${key} starts after the install`);
    }
    for (const kind of ['sfLma__Status__c', 'sfLma__Seats__c', 'sfLma__Expiration__c', 'sfLma__Package_Version__c'])
      assert.ok(
        changes.some((c) => c.Field === kind),
        `changes of ${kind}`,
      );
    for (const l of licenses.values()) {
      const type = recordTypes.get(String(l.RecordTypeId));
      assert.ok(
        type === l.sfLma__Status__c || (type === 'Expired' && (l.sfLma__Status__c === 'Active' || l.sfLma__Status__c === 'Trial')),
        `${String(l.Name)}: ${type} for ${String(l.sfLma__Status__c)}`,
      );
    }
    const expired = [...licenses.values()].filter(
      (l) =>
        (l.sfLma__Status__c === 'Active' || l.sfLma__Status__c === 'Trial') &&
        typeof l.sfLma__Expiration__c === 'string' &&
        l.sfLma__Expiration__c > '1970-01-01' &&
        l.sfLma__Expiration__c < today,
    );
    assert.ok(
      expired.some((l) => recordTypes.get(String(l.RecordTypeId)) === 'Expired') && expired.some((l) => recordTypes.get(String(l.RecordTypeId)) !== 'Expired'),
      'past expiry in both record types',
    );
  });

  it('touches most licenses in recent syncs, so LastModifiedDate says little about real changes', () => {
    const licenses = licensesOf(generateDemoData({ licenses: 2000, seed: 4, today }));
    const weekAgo = `${'2026-03-03'}T00:00:00`;
    const recent = licenses.filter((l) => String(l.LastModifiedDate) >= weekAgo).length;
    assert.ok(recent / licenses.length > 0.7, `${recent} of ${licenses.length}`);
    const churnedLongAgo = licenses.filter((l) => l.sfLma__Status__c === 'Uninstalled' && String(l.LastModifiedDate) >= weekAgo);
    assert.ok(churnedLongAgo.length > 50, 'uninstalled licenses modified this week (by a sync, not an uninstall)');
  });

  it('dates nothing after its now: started ten minutes past midnight, no license and no history row is in the future', () => {
    const nowMs = Date.parse(`${today}T00:10:00Z`);
    const data = generateDemoData({ licenses: 3000, seed: 42, today, nowMs });
    const licenses = licensesOf(data);
    const rows = [...data.history.scan(licenses, () => false)];
    const latest = Math.max(...rows.map((r) => Date.parse(String(r.CreatedDate))));
    assert.ok(latest <= nowMs, `a history row at ${new Date(latest).toISOString()}, after ${new Date(nowMs).toISOString()}`);
    assert.ok(
      licenses.every((l) => Date.parse(String(l.CreatedDate)) <= nowMs),
      'every license installed before now',
    );
    // The same seed at noon still has changes made today (the clamp moves them, it does not drop them).
    const noon = generateDemoData({ licenses: 3000, seed: 42, today, nowMs: Date.parse(`${today}T12:00:00Z`) });
    assert.equal([...noon.history.scan(licensesOf(noon), () => false)].length, rows.length);
  });
});
