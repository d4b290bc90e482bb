import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { type License } from '../../../src/core/license';
import { seatUsage, usageKey } from '../../../src/core/usage/seatUsage';
import { flaggedRows, flagsOf, isUsageFlag, usageBadge, usageSummaryText } from '../../../src/core/usage/usageFlags';
import { usageMonth } from '../../../src/core/usage/usageMonth';
import { aLicense } from '../../support/builders';

const PKG = '033000000000AAA';
const base = { month: usageMonth('2026-03'), today: '2026-04-10', packageIds: new Map([['a0PA', PKG]]), dormantMonths: 1 };
const license = (name: string, seats: number | 'site', used: number | undefined, overrides: Partial<License> = {}) =>
  aLicense({
    name,
    accountName: name,
    packageId: 'a0PA',
    seats: seats === 'site' ? { kind: 'site' } : { kind: 'perSeat', count: seats },
    usedSeats: used,
    installDate: calendarDate('2025-01-01'),
    ...overrides,
  });

describe('core/usage/usageFlags: the lists in reading order, and the words on a row', () => {
  const idle = license('Idle', 100, 10); // 0 of 100 active: shelfware, the most idle seats
  const light = license('Light', 50, 5); // 5 of 50 (10 %): shelfware
  const tie = license('Tie', 50, 5); // 5 of 50: ties with Light on share and seats, then by name
  const over = license('Over', 10, 14); // 14 assigned on 10: at cap, 4 over
  const full = license('Full', 20, 20); // 20 on 20: at cap, 0 over
  const busy = license('Busy', 'site', 3);
  const trial = license('Trial', 10, 10, { status: 'Trial', statusLabel: 'Trial' });
  const active = new Map([
    [usageKey(light.subscriberOrgId, PKG), 5],
    [usageKey(tie.subscriberOrgId, PKG), 5],
    [usageKey(over.subscriberOrgId, PKG), 9],
    [usageKey(full.subscriberOrgId, PKG), 18],
    [usageKey(busy.subscriberOrgId, PKG), 12],
  ]);
  const result = seatUsage([tie, full, busy, idle, over, light, trial], active, base);

  it('orders shelfware by the share used, then the seats idle, then the name; at cap by how far over the seats', () => {
    assert.deepEqual(
      flaggedRows(result, 'shelfware').map((r) => r.licenseName),
      ['Idle', 'Light', 'Tie'],
    );
    assert.deepEqual(
      flaggedRows(result, 'atCap').map((r) => r.licenseName),
      ['Over', 'Full', 'Trial'],
    );
    assert.deepEqual(
      flaggedRows(result, 'dormant').map((r) => r.licenseName),
      ['Idle'],
    );
  });

  it('says a row in words and as a badge, flags first-named', () => {
    const row = (l: License) => result.rows.find((r) => r.licenseId === l.id)!;
    assert.equal(usageBadge(row(light)), '5/50 active · shelfware');
    assert.equal(usageSummaryText(row(idle)), '0 of 100 seats active · shelfware · dormant');
    assert.deepEqual(flagsOf(row(idle)), ['shelfware', 'dormant']);
    assert.equal(usageBadge(row(over)), '9/10 active · at cap');
    assert.equal(usageBadge(row(busy)), '12 active');
    assert.equal(usageSummaryText(row(busy)), '12 active (site-wide)');
    assert.equal(usageBadge(row(trial)), 'usage n/a');
    assert.match(usageSummaryText(row(trial)), /does not track trial orgs/);
  });

  it('knows its flags', () => {
    for (const f of ['shelfware', 'atCap', 'dormant']) assert.ok(isUsageFlag(f));
    for (const f of ['Shelfware', 'at cap', '', undefined, 3]) assert.ok(!isUsageFlag(f));
  });
});
