import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DemoLmo } from '../../src/demo';
import { TODAY } from './demoOrg';

/** Licenses Modify License's rules let a test change: Active, editable, at least `minSeats` seats, expiring after TODAY. */
export function editableLicenses(demo: DemoLmo, count: number, minSeats = 0) {
  return demo.store
    .rows('sfLma__License__c')
    .filter(
      (l) =>
        l.IsDeleted !== true &&
        l.sfLma__Status__c === 'Active' &&
        l.sfLma__License_Type__c === 'Editable' &&
        typeof l.sfLma__Seats__c === 'number' &&
        l.sfLma__Seats__c >= minSeats &&
        typeof l.sfLma__Expiration__c === 'string' &&
        l.sfLma__Expiration__c > TODAY,
    )
    .slice(0, count);
}

/** Writes a license change plan file into `dir`. */
export function writePlanFile(dir: string, description: string, changes: object[]): string {
  const file = join(dir, 'plan.json');
  writeFileSync(file, JSON.stringify({ description, changes }));
  return file;
}
