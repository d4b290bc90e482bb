/**
 * The org's user profiles: the standard object Profile (REST SOQL) and the Tooling object Profile,
 * whose FullName is the profile's metadata name — what a CustomApplication's
 * profileActionOverrides name (docs/demo.md#home-page-assignments). Both read the same rows.
 * Read-only here: the Tooling object is GET/HEAD only in Salesforce; the standard object's Name and
 * Description are updatable there, not in the demo (stricter).
 */
import { toId18 } from '../../core/orgId';
import { serialId15 } from '../random';
import { type DemoRecord, audit, define, ro } from '../schemaDsl';
import { ADMIN_PROFILE_ID } from '../setup';
import { type DemoStore } from '../store';
import { sfDateTime } from '../time';

const USER_TYPES = ['Standard', 'PowerPartner', 'PowerCustomerSuccess', 'CustomerSuccess', 'CspLitePortal', 'CsnOnly', 'SelfService', 'Guest'];

/** Profile (00e), as REST SOQL sees it. */
export const PROFILE = define(
  'Profile',
  'Profile',
  '00e',
  ro([
    ['Id', 'Profile ID', 'id'],
    ...audit(),
    ['Name', 'Name', 'string', { length: 255 }],
    ['Description', 'Description', 'string', { length: 255 }],
    ['UserType', 'User Type', 'picklist', { picklistValues: USER_TYPES }],
  ]),
);

/** Tooling Profile: FullName, the metadata name, comes only to a query of at most one row. */
export const TOOLING_PROFILE = define(
  'Profile',
  'Profile',
  '00e',
  ro([
    ['Id', 'Profile ID', 'id'],
    ...audit(),
    ['Name', 'Name', 'string', { length: 255 }],
    ['FullName', 'Full Name', 'string', { length: 255, filterable: false, sortable: false }],
    ['Description', 'Description', 'string', { length: 255 }],
  ]),
  { tooling: true, singleRowFields: ['FullName'] },
);

/**
 * The demo org's profiles: the standard ones the product meets (their metadata names are those a
 * retrieve shows, [3P]) and the partner's own "Executives" profile, the likely audience of the
 * executives' Home page.
 */
const DEMO_PROFILES: readonly { name: string; fullName: string; description: string | null }[] = [
  { name: 'System Administrator', fullName: 'Admin', description: null },
  { name: 'Standard User', fullName: 'Standard', description: null },
  { name: 'Read Only', fullName: 'ReadOnly', description: null },
  { name: 'Executives', fullName: 'Executives', description: 'Leadership: reads the License Management App and the executive dashboard.' },
];

export interface ProfileEntry {
  readonly id: string;
  /** The label people see ("System Administrator"). */
  readonly name: string;
  /** The metadata name ("Admin"): what profileActionOverrides hold. */
  readonly fullName: string;
}

export class Profiles {
  constructor(private readonly ctx: { store: DemoStore; now(): number; userId(): string }) {
    const stamp = sfDateTime(ctx.now());
    DEMO_PROFILES.forEach((p, i) => {
      const row: DemoRecord = {
        Id: i === 0 ? ADMIN_PROFILE_ID : toId18(serialId15(PROFILE.keyPrefix, 900_001 + i)),
        IsDeleted: false,
        CreatedDate: stamp,
        CreatedById: ctx.userId(),
        LastModifiedDate: stamp,
        LastModifiedById: ctx.userId(),
        SystemModstamp: stamp,
        Name: p.name,
        FullName: p.fullName,
        Description: p.description,
        UserType: 'Standard',
      };
      ctx.store.insert(PROFILE.name, row);
    });
  }

  all(): ProfileEntry[] {
    return this.ctx.store
      .rows(PROFILE.name)
      .filter((r) => r.IsDeleted !== true)
      .map((r) => ({ id: r.Id, name: String(r.Name), fullName: String(r.FullName) }));
  }

  /** A profile by its metadata name, without regard to case. */
  byFullName(fullName: string): ProfileEntry | undefined {
    return this.all().find((p) => p.fullName.toLowerCase() === fullName.toLowerCase());
  }

  /** A profile by its label, without regard to case. */
  byName(name: string): ProfileEntry | undefined {
    return this.all().find((p) => p.name.toLowerCase() === name.toLowerCase());
  }
}
