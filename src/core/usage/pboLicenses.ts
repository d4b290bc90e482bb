/**
 * The PBO's own record of a license beside the LMA's (docs/salesforce/pbo-licenses.md): where a
 * Partner Business Org has SfdcPartnerTntPkgLicense, each LMA license is joined to its row (org id
 * on 15 characters, 033 package id on 15) and the two are compared — seats, status, expiration —
 * and, where the org has the subscriber-side fields, the management side against the subscriber
 * side. Pure: the rows come in already read (src/data/lmo/pboLicenses.ts), the LMA licenses and
 * the package ids from the LMA, "today" injected.
 *
 * A license without a PBO row is said, not flagged: the PBO keeps rows only for installed
 * packages, and an LMO may have licenses from before the PBO tracked them.
 */
import { type CalendarDate } from '../calendarDate';
import { type Expiration, type License, type Seats, describeExpiration, describeSeats, expirationFrom, seatsFrom, subscriberName } from '../license';
import { orgKey } from '../orgId';

/**
 * One SfdcPartnerTntPkgLicense as read. A field the org's describe does not have (or the user
 * cannot see) is `undefined` and is not compared; a field read empty is `null`.
 */
export interface PboLicense {
  readonly id: string;
  readonly name?: string;
  /** The subscriber org (SfdcPartnerTenant.Tenant: 18 characters, or 15). */
  readonly orgId: string | undefined;
  /** SfdcPartnerTenantPackage.PartnerPackageId: the 033 id (15 or 18), as read. */
  readonly packageId: string | undefined;
  /** SfdcPartnerTenantPackage.Status: `i` installed, `u` uninstalled. */
  readonly tenantPackageStatus?: string | null;
  readonly managementStatus?: string | null;
  readonly managementSeats?: number | null;
  /** Date or date-time, as read. */
  readonly managementExpiration?: string | null;
  readonly subscriberStatus?: string | null;
  readonly subscriberSeats?: number | null;
  readonly subscriberUsedSeats?: number | null;
  readonly subscriberExpiration?: string | null;
}

/** The LMA fields the comparison reads. */
export type PboLmaLicense = Pick<
  License,
  | 'id'
  | 'name'
  | 'status'
  | 'statusLabel'
  | 'seats'
  | 'usedSeats'
  | 'expiration'
  | 'subscriberOrgId'
  | 'packageId'
  | 'packageName'
  | 'accountName'
  | 'leadCompany'
>;

export type PboField = 'seats' | 'status' | 'expiration';
/** Which two records disagree: the LMA and the PBO's management side, or the PBO's two sides. */
export type PboBetween = 'lma-management' | 'management-subscriber';

export interface PboDisagreement {
  readonly field: PboField;
  readonly between: PboBetween;
  /** The two values as a user reads them, in the order of `between`. */
  readonly values: readonly [string, string];
  /** In words, e.g. "Seats: the LMA grants 10 seats, the PBO's management side 15 seats." */
  readonly message: string;
}

/** How an LMA license met the PBO. */
export type PboMatch = 'compared' | 'noPboRow' | 'noPackageId';

export interface PboComparisonRow {
  readonly licenseId: string;
  readonly licenseName: string;
  readonly subscriber: string;
  /** 15 characters. */
  readonly orgKey: string;
  /** The 033 id of the license's package, 15 characters (undefined when the package record has none). */
  readonly packageId: string | undefined;
  readonly packageName: string | undefined;
  readonly lma: { readonly status: string; readonly seats: string; readonly usedSeats: number | undefined; readonly expiration: string };
  readonly match: PboMatch;
  readonly pbo: PboLicense | undefined;
  readonly disagreements: readonly PboDisagreement[];
  /** Why there is nothing to compare, in words (match ≠ compared). */
  readonly note?: string;
}

/** A PBO row no LMA license matched. */
export interface PboOnlyRow {
  readonly pbo: PboLicense;
  /** 'noLicense': no LMA license of that org and package; 'duplicate': the license has a PBO row already; 'noKey': the row has no org or 033 id. */
  readonly reason: 'noLicense' | 'duplicate' | 'noKey';
}

export interface PboComparison {
  /** One per LMA license, in the order given. */
  readonly rows: readonly PboComparisonRow[];
  readonly pboOnly: readonly PboOnlyRow[];
  readonly counts: {
    readonly licenses: number;
    readonly compared: number;
    readonly disagreeing: number;
    readonly noPboRow: number;
    readonly noPackageId: number;
    readonly pboOnly: number;
  };
}

export interface PboCompareOptions {
  /** sfLma__Package__c record id → its 033 package id. */
  readonly packageIds: ReadonlyMap<string, string | undefined>;
  /** For a subscriber side that says Expired after the management expiration date. */
  readonly today: CalendarDate;
}

const id15 = (id: string) => id.trim().slice(0, 15);
const key = (org: string, pkg: string) => `${orgKey(org)}|${id15(pkg)}`;

/**
 * Compares each LMA license with its PBO row. Within one org and package, PBO rows pair with the
 * LMA licenses in order, an uninstalled license last (the PBO keeps rows for installed packages).
 */
export function comparePboLicenses(lmaLicenses: readonly PboLmaLicense[], pboRows: readonly PboLicense[], options: PboCompareOptions): PboComparison {
  const pboOnly: PboOnlyRow[] = [];
  const byKey = new Map<string, PboLicense[]>();
  for (const row of pboRows) {
    if (!row.orgId?.trim() || !row.packageId?.trim()) {
      pboOnly.push({ pbo: row, reason: 'noKey' });
      continue;
    }
    const k = key(row.orgId, row.packageId);
    byKey.set(k, [...(byKey.get(k) ?? []), row]);
  }
  const packageOf = (l: PboLmaLicense) => {
    const p = l.packageId ? options.packageIds.get(l.packageId) : undefined;
    return p?.trim() ? id15(p) : undefined;
  };
  // Installed licenses take a key's PBO rows first.
  const order = lmaLicenses.map((l, i) => ({ l, i })).sort((a, b) => Number(a.l.status === 'Uninstalled') - Number(b.l.status === 'Uninstalled') || a.i - b.i);
  const paired = new Map<number, PboLicense>();
  for (const { l, i } of order) {
    const pkg = packageOf(l);
    const rows = pkg ? byKey.get(key(l.subscriberOrgId, pkg)) : undefined;
    const row = rows?.shift();
    if (row) paired.set(i, row);
  }
  const lmaKeys = new Set<string>();
  for (const l of lmaLicenses) {
    const pkg = packageOf(l);
    if (pkg) lmaKeys.add(key(l.subscriberOrgId, pkg));
  }
  for (const [k, rest] of byKey) for (const row of rest) pboOnly.push({ pbo: row, reason: lmaKeys.has(k) ? 'duplicate' : 'noLicense' });

  const rows = lmaLicenses.map((l, i) => compareOne(l, packageOf(l), paired.get(i), options.today));
  return {
    rows,
    pboOnly,
    counts: {
      licenses: rows.length,
      compared: rows.filter((r) => r.match === 'compared').length,
      disagreeing: rows.filter((r) => r.disagreements.length > 0).length,
      noPboRow: rows.filter((r) => r.match === 'noPboRow').length,
      noPackageId: rows.filter((r) => r.match === 'noPackageId').length,
      pboOnly: pboOnly.length,
    },
  };
}

function compareOne(l: PboLmaLicense, packageId: string | undefined, pbo: PboLicense | undefined, today: CalendarDate): PboComparisonRow {
  const base = {
    licenseId: l.id,
    licenseName: l.name,
    subscriber: subscriberName(l),
    orgKey: orgKey(l.subscriberOrgId),
    packageId,
    packageName: l.packageName,
    lma: { status: l.statusLabel || 'none', seats: describeSeats(l.seats), usedSeats: l.usedSeats, expiration: describeExpiration(l.expiration) },
  };
  if (!packageId)
    return {
      ...base,
      match: 'noPackageId',
      pbo: undefined,
      disagreements: [],
      note: 'The LMA package record has no 033 package id: nothing to join the PBO on.',
    };
  if (!pbo)
    return {
      ...base,
      match: 'noPboRow',
      pbo: undefined,
      disagreements: [],
      note:
        l.status === 'Uninstalled'
          ? 'Uninstalled: the PBO keeps no license for it.'
          : 'The PBO has no license row for this org and package (not an error: it may not track this license yet).',
    };
  return { ...base, match: 'compared', pbo, disagreements: [...lmaAgainstManagement(l, pbo), ...managementAgainstSubscriber(pbo, today)] };
}

const LMA = 'the LMA';
const MANAGEMENT = "the PBO's management side";
const SUBSCRIBER = "the PBO's subscriber side";

function disagreement(field: PboField, between: PboBetween, a: string, b: string): PboDisagreement {
  const [left, right] = between === 'lma-management' ? [LMA, MANAGEMENT] : [MANAGEMENT, SUBSCRIBER];
  const label = { seats: 'Seats', status: 'Status', expiration: 'Expiration' }[field];
  return { field, between, values: [a, b], message: `${label}: ${left} says ${a}, ${right} ${b}.` };
}

/** -1 (any negative) is a site license on either side, as in the LMA (unconfirmed for the PBO). */
function sameSeats(a: Seats, b: Seats): boolean {
  return a.kind === b.kind && (a.kind !== 'perSeat' || a.count === (b as { count: number }).count);
}

function sameExpiration(a: Expiration, b: Expiration): boolean {
  return a.kind === b.kind && (a.kind !== 'date' || a.date === (b as { date: string }).date);
}

const statusText = (s: string | null | undefined) => (s?.trim() ? s.trim() : 'no status');

/**
 * The status mapping (docs/salesforce/pbo-licenses.md): LMA Active ↔ management Active or Free;
 * Trial ↔ Trial; Suspended ↔ no management status (the picklist has no Suspended); Uninstalled is
 * compared only against the tenant package, which must not say installed; an LMA status this
 * version does not know is not compared.
 */
function statusAgrees(l: PboLmaLicense, pbo: PboLicense): boolean | undefined {
  if (l.status === 'Uninstalled') return pbo.tenantPackageStatus !== 'i';
  if (pbo.managementStatus === undefined) return undefined;
  const m = (pbo.managementStatus ?? '').trim().toLowerCase();
  switch (l.status) {
    case 'Active':
      return m === 'active' || m === 'free';
    case 'Trial':
      return m === 'trial';
    case 'Suspended':
      return m === '';
    default:
      return undefined;
  }
}

function lmaAgainstManagement(l: PboLmaLicense, pbo: PboLicense): PboDisagreement[] {
  const out: PboDisagreement[] = [];
  const status = statusAgrees(l, pbo);
  if (status === false) {
    const pboSide = l.status === 'Uninstalled' ? `${statusText(pbo.managementStatus)} (tenant package installed)` : statusText(pbo.managementStatus);
    out.push(disagreement('status', 'lma-management', l.statusLabel, pboSide));
  }
  if (l.status === 'Uninstalled') return out;
  if (pbo.managementSeats !== undefined) {
    const m = seatsFrom(pbo.managementSeats);
    if (!sameSeats(l.seats, m)) out.push(disagreement('seats', 'lma-management', describeSeats(l.seats), describeSeats(m)));
  }
  if (pbo.managementExpiration !== undefined) {
    const m = expirationFrom(pbo.managementExpiration);
    if (!sameExpiration(l.expiration, m)) out.push(disagreement('expiration', 'lma-management', describeExpiration(l.expiration), describeExpiration(m)));
  }
  return out;
}

/** Both sides of the PBO row, where both fields were read. A subscriber side Expired after the management expiration date agrees. */
function managementAgainstSubscriber(pbo: PboLicense, today: CalendarDate): PboDisagreement[] {
  const out: PboDisagreement[] = [];
  if (pbo.managementStatus !== undefined && pbo.subscriberStatus !== undefined) {
    const m = (pbo.managementStatus ?? '').trim().toLowerCase();
    const s = (pbo.subscriberStatus ?? '').trim().toLowerCase();
    const managementExpiry = expirationFrom(pbo.managementExpiration);
    const expiredOnTime = s === 'expired' && managementExpiry.kind === 'date' && managementExpiry.date < today;
    if (m !== s && !expiredOnTime)
      out.push(disagreement('status', 'management-subscriber', statusText(pbo.managementStatus), statusText(pbo.subscriberStatus)));
  }
  if (pbo.managementSeats !== undefined && pbo.subscriberSeats !== undefined) {
    const [m, s] = [seatsFrom(pbo.managementSeats), seatsFrom(pbo.subscriberSeats)];
    if (!sameSeats(m, s)) out.push(disagreement('seats', 'management-subscriber', describeSeats(m), describeSeats(s)));
  }
  if (pbo.managementExpiration !== undefined && pbo.subscriberExpiration !== undefined) {
    const [m, s] = [expirationFrom(pbo.managementExpiration), expirationFrom(pbo.subscriberExpiration)];
    if (!sameExpiration(m, s)) out.push(disagreement('expiration', 'management-subscriber', describeExpiration(m), describeExpiration(s)));
  }
  return out;
}
