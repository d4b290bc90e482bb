/** Where a license starts (its package's defaults) and where it is today: status, seats, expiration, version. */
import { type CalendarDate, addDays, daysBetween } from '../core/calendarDate';
import { type LicenseState, PERPETUAL, initialState } from './lifecycle';
import { type PackageRow, type VersionRow } from './packageData';
import { type Random } from './random';
import { type DemoOrg } from './subscriberOrgs';

export interface LicensePlan {
  installDate: CalendarDate;
  initial: LicenseState;
  final: LicenseState;
  used: number | null;
  /** Sandboxes sometimes run the beta (not a released version). */
  beta: VersionRow | undefined;
  /** Provisioned like an AppExchange Checkout purchase (Active, site-wide, a year), not by the package's defaults. */
  checkout: boolean;
}

/** Where a license starts (its package's defaults) and where it is today. */
export function planLicense(random: Random, pkg: PackageRow, org: DemoOrg, today: CalendarDate, serial: number): LicensePlan {
  const defaults = pkg.spec.defaults;
  const status = random.weighted([
    ['Active', 65],
    ['Trial', 12],
    ['Suspended', 5],
    ['Uninstalled', 18],
  ] as const);
  const trialDays = defaults.trialDays ?? 30;
  const historyDays = daysBetween(pkg.firstRelease, today);
  // A license still in Trial was installed recently (its trial may have run out); others any time.
  let installDate = status === 'Trial' ? addDays(today, -random.int(0, Math.max(trialDays * 2, 60))) : addDays(pkg.firstRelease, random.int(0, historyDays));
  // A Trial is only possible for packages that start in Trial.
  const finalStatus = status === 'Trial' && defaults.status !== 'Trial' ? 'Active' : status;
  if (finalStatus !== status) installDate = addDays(pkg.firstRelease, random.int(0, historyDays));
  const releasedBy = (day: CalendarDate) => pkg.released.map((v, i) => ({ v, i })).filter(({ v }) => v.released <= day);
  const available = releasedBy(installDate);
  // New installs get the newest version number out at the time (a hotfix of an older line is not it).
  const atInstall = available.length ? available[available.length - 1].i : 0;
  if (!available.length) installDate = pkg.released[0].released;
  const newer = releasedBy(today).filter(({ i }) => i >= atInstall);
  const finalVersion = random.chance(0.35) ? atInstall : newer[Math.min(newer.length - 1, Math.floor(Math.sqrt(random.next()) * newer.length))].i;
  // A sandbox may run the beta, installed as such (no upgrade history to it).
  const beta = pkg.beta && org.isSandbox && random.chance(0.3) ? pkg.beta : undefined;
  // Checkout-like purchases start Active and site-wide whatever the defaults say.
  // (Never one still in Trial: a license that has left Trial cannot return to it.)
  const checkout = !org.isSandbox && random.chance(0.03) && finalStatus !== 'Trial';
  const initial = checkout
    ? { status: 'Active', seats: -1, expiration: addDays(installDate, 365), version: atInstall }
    : initialState(defaults, installDate, org.isSandbox, atInstall);

  let seats: number | null;
  if (org.isSandbox && serial % 37 === 0)
    seats = 5; // someone edited a sandbox license down to a few seats
  else if (org.isSandbox || initial.seats === -1 || random.chance(0.08)) seats = -1;
  else if (serial % 211 === 7) seats = null;
  else seats = random.chance(0.4) && initial.seats !== null ? initial.seats : Math.max(1, Math.round(Math.exp(random.next() * 7)));
  // Null seats still report used seats (the org has users), which per-seat totals must not count.
  const used =
    seats === null
      ? random.int(1, 40)
      : seats < 0
        ? random.int(0, 400)
        : Math.min(seats, Math.round(seats * random.next() * (finalStatus === 'Trial' ? 0.4 : 1.05)));

  let expiration: string | null;
  if (finalStatus === 'Trial') expiration = random.chance(0.85) ? initial.expiration : addDays(installDate, trialDays + random.pick([7, 14, 30]));
  else if (initial.status === 'Active' && random.chance(0.5)) expiration = initial.expiration;
  else if (random.chance(0.35)) expiration = PERPETUAL;
  else if (random.chance(0.06)) expiration = null;
  else expiration = addDays(today, random.int(-200, 500));
  if (finalStatus === 'Trial') seats = initial.seats;
  return { installDate, initial, final: { status: finalStatus, seats, expiration, version: beta ? atInstall : finalVersion }, used, beta, checkout };
}
