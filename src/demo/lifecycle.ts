/**
 * One license's life, from install to today: it starts with its package's Partner Console
 * defaults (or site-wide in a sandbox), and every change to a tracked field on the way to its
 * current state is a dated history row — trials converted, seats changed, renewals, upgrades,
 * suspensions and uninstalls on their real dates.
 */
import { type CalendarDate, addDays, daysBetween } from '../core/calendarDate';
import { type DemoLicenseDefaults } from './catalog';
import { type Random } from './random';
import { DAY_MS, dayMs } from './time';

export interface LicenseState {
  status: string;
  seats: number | null;
  expiration: string | null;
  /** Index into the package's released versions (for the version lookup). */
  version: number;
}

export interface LifecycleChange {
  readonly field: 'sfLma__Status__c' | 'sfLma__Seats__c' | 'sfLma__Expiration__c' | 'sfLma__Package_Version__c';
  readonly oldValue: string | number | null;
  readonly newValue: string | number | null;
  readonly atMs: number;
}

export interface Lifecycle {
  readonly initial: LicenseState;
  readonly final: LicenseState;
  readonly changes: readonly LifecycleChange[];
  /** The last real change (or the install). */
  readonly lastChangeMs: number;
}

export const PERPETUAL = '1970-01-01';

/** A new license's state: the package's defaults; a sandbox install is site-wide. */
export function initialState(defaults: DemoLicenseDefaults, installDate: CalendarDate, isSandbox: boolean, version: number): LicenseState {
  const expiration =
    defaults.status === 'Trial' ? addDays(installDate, defaults.trialDays ?? 30) : defaults.termDays ? addDays(installDate, defaults.termDays) : PERPETUAL;
  return { status: defaults.status, seats: isSandbox || defaults.seats === 'site' ? -1 : defaults.seats, expiration, version };
}

/**
 * The changes that take a license from `initial` to `final`, dated between the install and
 * today (the version changes only once the new version exists) — and never after `nowMs`, the
 * demo's "now": a real org has no history in the future.
 */
export function lifecycle(
  random: Random,
  initial: LicenseState,
  final: LicenseState,
  installDate: CalendarDate,
  today: CalendarDate,
  releasedOn: (version: number) => CalendarDate,
  nowMs?: number,
): Lifecycle {
  const changes: LifecycleChange[] = [];
  const todayMs = nowMs === undefined ? dayMs(today) + 12 * 3_600_000 : Math.min(dayMs(today) + 12 * 3_600_000, nowMs - 60_000);
  const installMs = nowMs === undefined ? dayMs(installDate) + 3_600_000 : Math.min(dayMs(installDate) + 3_600_000, todayMs - 30 * 60_000);
  const span = Math.max(1, daysBetween(installDate, today));
  const at = (fraction: number) => Math.min(todayMs - 60_000, installMs + Math.max(1, Math.round(span * fraction)) * DAY_MS - random.int(0, 20_000_000));
  let t = 0.05 + random.next() * 0.2;
  const current: LicenseState = { ...initial };
  let lastMs = installMs;
  const change = (field: LifecycleChange['field'], key: keyof LicenseState, value: string | number | null, fraction: number) => {
    if (current[key] === value) return;
    // Changes happen in the order they are made here, a minute apart at least.
    lastMs = Math.min(todayMs, Math.max(lastMs + 60_000, at(fraction)));
    changes.push({ field, oldValue: current[key] as string | number | null, newValue: value, atMs: lastMs });
    (current as unknown as Record<string, unknown>)[key] = value;
  };

  // A trial that became a customer: conversion within (or just after) the trial.
  const converts = initial.status === 'Trial' && final.status !== 'Trial' && final.status !== 'Uninstalled';
  if (converts || (initial.status === 'Trial' && final.status === 'Uninstalled' && random.chance(0.5))) {
    const trialDays = initial.expiration && initial.expiration !== PERPETUAL ? Math.max(1, daysBetween(installDate, initial.expiration as CalendarDate)) : 30;
    t = Math.min(0.9, (trialDays * (0.4 + random.next() * 0.7)) / span);
    change('sfLma__Status__c', 'status', 'Active', t);
    change('sfLma__Seats__c', 'seats', final.seats, t);
    change('sfLma__Expiration__c', 'expiration', final.expiration === initial.expiration ? PERPETUAL : final.expiration, t);
  }
  // Seats bought or dropped later.
  if (current.seats !== final.seats) change('sfLma__Seats__c', 'seats', final.seats, (t = Math.min(0.95, t + random.next() * (1 - t) * 0.6)));
  // Renewals: the expiration moved.
  if (current.expiration !== final.expiration)
    change('sfLma__Expiration__c', 'expiration', final.expiration, (t = Math.min(0.96, t + random.next() * (1 - t) * 0.6)));
  // Upgrades: one step through an intermediate version, then the current one, each after its release.
  if (current.version !== final.version) {
    const steps =
      final.version - current.version > 1 && random.chance(0.5)
        ? [current.version + Math.floor((final.version - current.version) / 2), final.version]
        : [final.version];
    for (const v of steps) {
      const released = Math.max(0, daysBetween(installDate, releasedOn(v)) / span);
      t = Math.min(0.97, Math.max(t, released) + random.next() * 0.05);
      change('sfLma__Package_Version__c', 'version', v, t);
    }
  }
  // The end: uninstalled or suspended, on its own date.
  if (current.status !== final.status) change('sfLma__Status__c', 'status', final.status, Math.min(0.99, t + random.next() * (1 - t)));
  return { initial, final, changes, lastChangeMs: changes.length ? changes[changes.length - 1].atMs : installMs };
}
