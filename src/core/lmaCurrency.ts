/**
 * Is the License Management App current? Salesforce publishes no feed of LMA releases, so the
 * latest known version is data: a baseline file shipped with the extension, which a setting can
 * override. Every verdict says which baseline it used and where it comes from.
 */
import { type CalendarDate, parseCalendarDate } from './calendarDate';
import { parseVersionNumber } from './versionNumber';

export interface LmaBaseline {
  readonly version: string;
  readonly asOf: CalendarDate | undefined;
  readonly source: string;
  /** Shipped in the extension, or set by the user. */
  readonly origin: 'shipped' | 'setting';
}

export type BaselineResult = { ok: true; baseline: LmaBaseline } | { ok: false; problem: string };

/** Reads the shipped baseline file (format 1). Malformed content is a problem, never a throw. */
export function parseShippedBaseline(json: unknown): BaselineResult {
  const data = json as { formatVersion?: unknown; latestKnownVersion?: unknown; asOf?: unknown; source?: unknown } | null;
  if (!data || typeof data !== 'object') return { ok: false, problem: 'the baseline file is not a JSON object' };
  if (data.formatVersion !== 1) return { ok: false, problem: `the baseline file has format ${String(data.formatVersion)}, expected 1` };
  if (typeof data.latestKnownVersion !== 'string' || !parseVersionNumber(data.latestKnownVersion)) {
    return { ok: false, problem: `the baseline file's latestKnownVersion ${JSON.stringify(data.latestKnownVersion)} is not a version number` };
  }
  return {
    ok: true,
    baseline: {
      version: data.latestKnownVersion,
      asOf: parseCalendarDate(typeof data.asOf === 'string' ? data.asOf : undefined),
      source: typeof data.source === 'string' ? data.source : 'unknown source',
      origin: 'shipped',
    },
  };
}

/** The baseline to use: a valid setting wins over the shipped file; an invalid setting is reported, not silently ignored. */
export function resolveBaseline(shipped: unknown, override: { version?: string; asOf?: string }): BaselineResult & { warning?: string } {
  const version = override.version?.trim();
  if (version) {
    if (parseVersionNumber(version)) {
      return {
        ok: true,
        baseline: { version, asOf: parseCalendarDate(override.asOf), source: 'your lmaWorkbench.lmaBaseline.version setting', origin: 'setting' },
      };
    }
    const fallback = parseShippedBaseline(shipped);
    return {
      ...fallback,
      warning: `The setting lmaWorkbench.lmaBaseline.version is not a version number (${JSON.stringify(version)}); using the shipped baseline.`,
    };
  }
  return parseShippedBaseline(shipped);
}

export type LmaCurrency =
  | { readonly kind: 'current'; readonly installed: string; readonly baseline: LmaBaseline }
  | { readonly kind: 'behind'; readonly installed: string; readonly baseline: LmaBaseline }
  | { readonly kind: 'notInstalled'; readonly baseline: LmaBaseline | undefined }
  | { readonly kind: 'unknown'; readonly reason: string; readonly baseline: LmaBaseline | undefined };

/**
 * Compares at the baseline's precision: a baseline of 1.20 (major.minor, as the Metadata API
 * reports it) is met by 1.20.x. An installed version known only as major.minor (Publisher) is
 * compared on major.minor.
 */
export function assessLmaCurrency(installed: string, baseline: LmaBaseline): LmaCurrency {
  const have = parseVersionNumber(installed);
  const want = parseVersionNumber(baseline.version);
  if (!have || !want) return { kind: 'unknown', reason: `cannot compare "${installed}" with "${baseline.version}"`, baseline };
  const depth = Math.min(want.length, have.length);
  for (let i = 0; i < depth; i++) {
    if (have[i] !== want[i]) return { kind: have[i] > want[i] ? 'current' : 'behind', installed, baseline };
  }
  return { kind: 'current', installed, baseline };
}

/**
 * The newest known release and where that knowledge comes from, in one clause with no nested parentheses:
 * "1.20, seen in an LMO on 2021-11-21 (Salesforce publishes no list of LMA releases)", or
 * "1.25, from your lmaWorkbench.lmaBaseline.version setting (as of 2026-10-01)".
 */
export function describeBaseline(baseline: LmaBaseline): string {
  if (baseline.origin === 'setting')
    return `${baseline.version}, from your lmaWorkbench.lmaBaseline.version setting${baseline.asOf ? ` (as of ${baseline.asOf})` : ''}`;
  const seen = baseline.asOf ? `, seen in an LMO on ${baseline.asOf}` : '';
  return `${baseline.version}${seen} (Salesforce publishes no list of LMA releases)`;
}

/** A key that changes only when the finding changes: used so the same finding never nags twice. */
export function findingKey(currency: LmaCurrency): string {
  switch (currency.kind) {
    case 'behind':
    case 'current':
      return `${currency.kind}:${currency.installed}:${currency.baseline.version}`;
    case 'notInstalled':
      return 'notInstalled';
    case 'unknown':
      return `unknown:${currency.reason}`;
  }
}

/**
 * Whether a finding is announced: always when the user asked; otherwise never for "current",
 * never twice for the same finding, and not while snoozed (until the snooze date, inclusive).
 */
export function shouldAnnounce(input: {
  currency: LmaCurrency;
  interactive: boolean;
  lastAnnounced: string | undefined;
  snoozedUntil: string | undefined;
  today: CalendarDate;
}): boolean {
  if (input.interactive) return true;
  if (input.currency.kind === 'current') return false;
  if (input.lastAnnounced === findingKey(input.currency)) return false;
  return !(input.snoozedUntil && input.snoozedUntil >= input.today);
}

/** Milliseconds until the next scheduled check, or undefined for "on connect and on demand only". Never beyond what a timer can hold. */
export function checkIntervalMs(hours: number, maxTimerMs = 2 ** 31 - 1): number | undefined {
  if (!Number.isFinite(hours) || hours <= 0) return undefined;
  return Math.min(Math.round(hours * 3_600_000), maxTimerMs);
}
