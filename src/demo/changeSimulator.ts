/**
 * The demo LMO's change simulator: license changes of every kind (status, seats, expiration,
 * version upgrades, new installs, deletes), written through the same paths an API write takes,
 * so License history, the `updated` and `deleted` resources and queryAll all agree. Steered by
 * the control API (`simulateChanges`, `makeChanges`) and `--changes-per-minute` on the CLI.
 */
import { ApiError } from './apiError';
import { addDays } from '../core/calendarDate';
import { compareVersionNumbers } from '../core/versionNumber';
import { toId18 } from '../core/orgId';
import { Random, serialId15, randomBase62 } from './random';
import { type DemoRecord } from './schema';
import { type DemoStore, LICENSE_OBJECT } from './store';
import { sfDateTime } from './time';

export const SIMULATED_KINDS = ['status', 'seats', 'expiration', 'version', 'install', 'delete'] as const;
export type SimulatedKind = (typeof SIMULATED_KINDS)[number];

export interface SimulatedChange {
  readonly kind: SimulatedKind;
  readonly licenseId: string;
}

export interface SimulatorHost {
  readonly store: DemoStore;
  now(): number;
  /** Writes fields through the API's update path (history written as a PATCH writes it). */
  write(objectName: string, id: string, fields: Record<string, unknown>): DemoRecord;
}

const NEXT_STATUS: Readonly<Record<string, string>> = { Trial: 'Active', Active: 'Suspended', Suspended: 'Active' };
const TICK_MS = 100;

export class ChangeSimulator {
  private readonly random: Random;
  private timer: ReturnType<typeof setInterval> | undefined;
  private carry = 0;
  private turn = 0;
  private installs = 0;
  perMinute = 0;
  /** Changes made since start. */
  made = 0;

  constructor(
    private readonly host: SimulatorHost,
    seed = 7,
  ) {
    this.random = new Random(seed);
  }

  /** N changes a minute, kinds in turn (0 stops). */
  run(perMinute: number): void {
    if (!Number.isFinite(perMinute) || perMinute < 0 || perMinute > 600_000) throw new RangeError(`Changes per minute: 0 to 600,000, not ${perMinute}`);
    this.stop();
    this.perMinute = perMinute;
    if (perMinute === 0) return;
    this.timer = setInterval(() => {
      this.carry += (perMinute * TICK_MS) / 60_000;
      const n = Math.floor(this.carry);
      this.carry -= n;
      if (n > 0) this.make(n);
    }, TICK_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.perMinute = 0;
  }

  /** `count` changes now, of the given kinds in turn (default: every kind). */
  make(count: number, kinds: readonly SimulatedKind[] = SIMULATED_KINDS): SimulatedChange[] {
    const out: SimulatedChange[] = [];
    for (let i = 0; i < count; i++) {
      const kind = kinds[this.turn++ % kinds.length];
      const change = this.one(kind);
      if (change) out.push(change);
    }
    this.made += out.length;
    return out;
  }

  private one(kind: SimulatedKind): SimulatedChange | undefined {
    if (kind === 'install') return this.install();
    for (let attempt = 0; attempt < 50; attempt++) {
      const license = this.pick();
      if (!license) return undefined;
      const id = license.Id;
      try {
        switch (kind) {
          case 'status': {
            const next = NEXT_STATUS[String(license.sfLma__Status__c)];
            if (!next) continue;
            this.host.write(LICENSE_OBJECT, id, { sfLma__Status__c: next });
            return { kind, licenseId: id };
          }
          case 'seats': {
            const seats = typeof license.sfLma__Seats__c === 'number' ? license.sfLma__Seats__c : -1;
            const next = seats < 0 ? 25 : Math.max(1, seats + this.random.int(-5, 20));
            if (next === seats) continue;
            this.host.write(LICENSE_OBJECT, id, { sfLma__Seats__c: next });
            return { kind, licenseId: id };
          }
          case 'expiration': {
            const current =
              typeof license.sfLma__Expiration__c === 'string' && license.sfLma__Expiration__c !== '1970-01-01' ? license.sfLma__Expiration__c : this.today();
            // A trial is extended within its 90 days; anything else by a year.
            const days = license.sfLma__Status__c === 'Trial' ? 14 : 365;
            this.host.write(LICENSE_OBJECT, id, { sfLma__Expiration__c: addDays(current.slice(0, 10) as never, days) });
            return { kind, licenseId: id };
          }
          case 'version': {
            const next = this.nextVersion(license);
            if (!next) continue;
            const record = this.host.write(LICENSE_OBJECT, id, { sfLma__Package_Version__c: next.Id });
            // The LMA keeps the version number in step with the lookup.
            record.sfLma__Version_Number__c = next.sfLma__Version_Number__c;
            return { kind, licenseId: id };
          }
          case 'delete': {
            this.host.store.delete(license, this.host.now());
            return { kind, licenseId: id };
          }
        }
      } catch (err) {
        // Modify License's rules refuse this change (a trial past 90 days, a Read-Only license): the simulator makes only changes a user could.
        if (err instanceof ApiError && err.errorCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION') continue;
        throw err;
      }
    }
    return undefined;
  }

  private today(): string {
    return new Date(this.host.now()).toISOString().slice(0, 10);
  }

  private pick(): DemoRecord | undefined {
    const licenses = this.host.store.rows(LICENSE_OBJECT);
    for (let i = 0; i < 20 && licenses.length; i++) {
      const l = licenses[this.random.int(0, licenses.length - 1)];
      if (l.IsDeleted !== true && l.sfLma__Status__c !== 'Uninstalled') return l;
    }
    return undefined;
  }

  private nextVersion(license: DemoRecord): DemoRecord | undefined {
    const current = String(license.sfLma__Version_Number__c ?? '');
    return this.host.store
      .rows('sfLma__Package_Version__c')
      .filter((v) => v.sfLma__Package__c === license.sfLma__Package__c && v.sfLma__Is_Beta__c !== true)
      .filter((v) => compareVersionNumbers(String(v.sfLma__Version_Number__c), current) > 0)
      .sort((a, b) => compareVersionNumbers(String(a.sfLma__Version_Number__c), String(b.sfLma__Version_Number__c)))[0];
  }

  /** A new install: a trial of a random package's latest version in a new org (its `created` history row follows). */
  private install(): SimulatedChange | undefined {
    const template = this.pick();
    if (!template) return undefined;
    const versions = this.host.store
      .rows('sfLma__Package_Version__c')
      .filter((v) => v.sfLma__Package__c === template.sfLma__Package__c && v.sfLma__Is_Beta__c !== true)
      .sort((a, b) => compareVersionNumbers(String(b.sfLma__Version_Number__c), String(a.sfLma__Version_Number__c)));
    const version = versions[0];
    const nowMs = Math.floor(this.host.now() / 1000) * 1000;
    const serial = ++this.installs;
    const id = toId18(serialId15('a0L', 30_000_000 + serial));
    const today = this.today();
    const record: DemoRecord = {
      ...template,
      Id: id,
      Name: `L-S${String(serial).padStart(5, '0')}`,
      IsDeleted: false,
      CreatedDate: sfDateTime(nowMs),
      LastModifiedDate: sfDateTime(nowMs),
      SystemModstamp: sfDateTime(nowMs),
      sfLma__Status__c: 'Trial',
      sfLma__Seats__c: 10,
      sfLma__Used_Licenses__c: 0,
      sfLma__Expiration__c: addDays(today as never, 30),
      sfLma__Install_Date__c: today,
      sfLma__Package_Version__c: version?.Id ?? template.sfLma__Package_Version__c,
      sfLma__Version_Number__c: version?.sfLma__Version_Number__c ?? template.sfLma__Version_Number__c,
      sfLma__Subscriber_Org_ID__c: `00D${randomBase62(this.random, 12)}`,
      sfLma__Account__c: null,
      sfLma__Last_Modified__c: sfDateTime(nowMs),
    };
    this.host.store.insert(LICENSE_OBJECT, record);
    return { kind: 'install', licenseId: id };
  }
}
