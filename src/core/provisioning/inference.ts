/**
 * What each package's defaults really are. The Partner Console, where they are set, has no API;
 * the LMO keeps no record of them. But a new license carries them until someone changes it: so
 * the defaults are read off recent, non-sandbox installs whose history shows no change since
 * `created` (most recent first), with the evidence (n of m installs) and a confidence.
 * Sandboxes get a site license whatever the defaults say: they are counted apart.
 */
import { type CalendarDate, daysBetween } from '../calendarDate';
import { type License } from '../license';
import { type Package } from '../package';
import { type DefaultSeats, type DefaultTerm, type PackageDefaults } from './rulesFile';

/** A License history row (sfLma__License__History): only which license and which field. */
export interface LicenseHistoryRow {
  readonly licenseId: string;
  /** API name of the field, or `created`. */
  readonly field: string;
}

/** Fields whose change means the license no longer shows its defaults (a version upgrade does not). */
export const DEFAULT_FIELDS = ['sfLma__Status__c', 'sfLma__Seats__c', 'sfLma__Expiration__c'] as const;

export type Confidence = 'high' | 'medium' | 'low';

/** A value seen on `count` of `of` installs. */
export interface Observed<T> {
  readonly value: T;
  readonly count: number;
  readonly of: number;
  readonly confidence: Confidence;
}

export interface InferredDefaults {
  readonly status: Observed<'Trial' | 'Active'>;
  /** Expiration − Install Date of the unchanged trials (status Trial). */
  readonly trialDays?: Observed<number>;
  readonly seats: Observed<DefaultSeats>;
  /** Expiration − Install Date, or perpetual (status Active). */
  readonly termDays?: Observed<DefaultTerm>;
}

export interface PackageInference {
  /** sfLma__Package__c record id. */
  readonly packageId: string;
  readonly packageName: string;
  /** 033 id. */
  readonly packageKey: string | undefined;
  /** Non-sandbox installs in the window (as many as were read). */
  readonly installs: number;
  /** Of those, the ones whose history shows no change to Status, Seats or Expiration. */
  readonly unchanged: number;
  /** The unchanged installs the defaults were read from (the most recent ones). */
  readonly sample: number;
  /** The install dates of that sample. */
  readonly sampleFrom: CalendarDate | undefined;
  readonly sampleTo: CalendarDate | undefined;
  readonly sandboxes: { readonly installs: number; readonly siteWide: number };
  /** Undefined when no unchanged install was found. */
  readonly defaults: InferredDefaults | undefined;
  /** The weakest confidence of the inferred values. */
  readonly confidence: Confidence | undefined;
}

export interface InferenceOptions {
  /** At most this many of the most recent unchanged installs per package (default 50). */
  readonly sampleSize?: number;
}

/** n of m: high from 10 installs with 90 % agreeing, medium from 5 with 70 %, else low. */
export function confidenceOf(count: number, of: number): Confidence {
  const share = of ? count / of : 0;
  if (of >= 10 && share >= 0.9) return 'high';
  if (of >= 5 && share >= 0.7) return 'medium';
  return 'low';
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** The most common value; a tie goes to the value of the most recent install (values come newest first). */
function mostCommon<T extends string | number>(values: readonly T[], of: number): Observed<T> | undefined {
  if (!values.length) return undefined;
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0];
  for (const [v, n] of counts) if (n > (counts.get(best) ?? 0)) best = v;
  const count = counts.get(best) ?? 0;
  return { value: best, count, of, confidence: confidenceOf(count, of) };
}

function seatsOf(l: License): DefaultSeats | undefined {
  return l.seats.kind === 'site' ? 'site' : l.seats.kind === 'perSeat' ? l.seats.count : undefined;
}

function termOf(l: License): DefaultTerm | undefined {
  if (l.expiration.kind === 'perpetual') return 'perpetual';
  return l.installDate ? daysBetween(l.installDate, l.expiration.date) : undefined;
}

/** The defaults of each package, from its recent installs and their history. */
export function inferDefaults(
  packages: readonly Package[],
  installs: readonly License[],
  history: readonly LicenseHistoryRow[],
  options: InferenceOptions = {},
): PackageInference[] {
  const sampleSize = options.sampleSize ?? 50;
  const changed = new Set(history.filter((h) => (DEFAULT_FIELDS as readonly string[]).includes(h.field)).map((h) => h.licenseId.slice(0, 15)));
  const newestFirst = [...installs].sort((a, b) => (b.installDate ?? '').localeCompare(a.installDate ?? '') || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return packages.map((pkg) => {
    const mine = newestFirst.filter((l) => l.packageId?.slice(0, 15) === pkg.id.slice(0, 15));
    const production = mine.filter((l) => !l.isSandbox);
    const sandboxes = mine.filter((l) => l.isSandbox);
    const unchanged = production.filter((l) => !changed.has(l.id.slice(0, 15)));
    const sample = unchanged.slice(0, sampleSize);
    const defaults = inferFrom(sample);
    const confidences = defaults ? [defaults.status, defaults.seats, defaults.trialDays, defaults.termDays].filter((o) => o !== undefined) : [];
    return {
      packageId: pkg.id,
      packageName: pkg.name,
      packageKey: pkg.packageId,
      installs: production.length,
      unchanged: unchanged.length,
      sample: sample.length,
      sampleFrom: sample[sample.length - 1]?.installDate,
      sampleTo: sample[0]?.installDate,
      sandboxes: { installs: sandboxes.length, siteWide: sandboxes.filter((l) => l.seats.kind === 'site').length },
      defaults,
      confidence: confidences.length ? confidences.map((o) => o.confidence).reduce((a, b) => (RANK[b] < RANK[a] ? b : a)) : undefined,
    };
  });
}

function inferFrom(sample: readonly License[]): InferredDefaults | undefined {
  const statuses = sample.map((l) => l.status).filter((s): s is 'Trial' | 'Active' => s === 'Trial' || s === 'Active');
  const status = mostCommon(statuses, sample.length);
  if (!status) return undefined;
  const seats = mostCommon(
    sample.map(seatsOf).filter((s): s is DefaultSeats => s !== undefined),
    sample.length,
  ) ?? { value: 'site' as DefaultSeats, count: 0, of: sample.length, confidence: 'low' as Confidence };
  // Trial length and term are read from the installs with the inferred status.
  const same = sample.filter((l) => l.status === status.value);
  const terms = same.map(termOf).filter((t): t is DefaultTerm => t !== undefined);
  if (status.value === 'Trial') {
    const trialDays = mostCommon(
      terms.filter((t): t is number => typeof t === 'number'),
      same.length,
    );
    return { status, seats, ...(trialDays ? { trialDays } : {}) };
  }
  const termDays = mostCommon(terms, same.length);
  return { status, seats, ...(termDays ? { termDays } : {}) };
}

/** The inferred defaults as a rules-file entry (the values only). */
export function defaultsOf(inferred: InferredDefaults): PackageDefaults {
  return {
    status: inferred.status.value,
    ...(inferred.trialDays ? { trialDays: inferred.trialDays.value } : {}),
    seats: inferred.seats.value,
    ...(inferred.termDays ? { termDays: inferred.termDays.value } : {}),
  };
}

/** "30-day trial", "10 seats", "site-wide", "365-day term", "perpetual". */
export function describeDefault(field: keyof PackageDefaults, value: unknown): string {
  switch (field) {
    case 'status':
      return String(value);
    case 'trialDays':
      return `${String(value)}-day trial`;
    case 'seats':
      return value === 'site' ? 'site-wide' : `${Number(value).toLocaleString('en-US')} ${value === 1 ? 'seat' : 'seats'}`;
    default:
      return value === 'perpetual' ? 'no expiration' : `${String(value)}-day term`;
  }
}

/** "10 seats (24 of the last 25 installs, high confidence)". */
export function describeObserved(field: keyof PackageDefaults, observed: Observed<unknown>): string {
  return `${describeDefault(field, observed.value)} (${observed.count} of the last ${observed.of} installs, ${observed.confidence} confidence)`;
}
