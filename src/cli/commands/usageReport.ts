/** How `usage` says its result: the JSON of schemas/usage.schema.json, and text for a terminal. */
import { singleLine } from '../../core/displayText';
import { type PboComparison } from '../../core/usage/pboLicenses';
import { type SeatUsageResult, type UsageRow } from '../../core/usage/seatUsage';

const n = (v: number) => v.toLocaleString('en-US');
const plural = (v: number, one: string, many = `${one}s`) => `${n(v)} ${v === 1 ? one : many}`;
const percent = (ratio: number | undefined) => (ratio === undefined ? '—' : `${Math.round(ratio * 100)} %`);

export interface UsageScope {
  readonly org: string;
  readonly month: string;
  readonly packages: readonly { id: string; name: string }[];
  readonly cacheDir: string | null;
  readonly appAnalyticsCalls: number;
  readonly apiCalls: number;
  readonly downloads: number;
  readonly fromCache: boolean;
  readonly rowsRead: number;
  readonly maxShelfware: number | undefined;
  readonly findings: readonly string[];
  /** The PBO's license records beside the live licenses; undefined where the org has none. */
  readonly pbo: PboComparison | undefined;
}

/** The PBO comparison as JSON: counts and each disagreement (docs/salesforce/pbo-licenses.md). */
export function pboJson(pbo: PboComparison | undefined) {
  if (!pbo) return null;
  return {
    compared: pbo.counts.compared,
    disagreeing: pbo.counts.disagreeing,
    noPboRow: pbo.counts.noPboRow,
    disagreements: pbo.rows.flatMap((r) =>
      r.disagreements.map((d) => ({
        licenseId: r.licenseId,
        subscriber: r.subscriber,
        orgId: r.orgKey,
        packageId: r.packageId ?? null,
        field: d.field,
        between: d.between,
        values: [...d.values],
        message: d.message,
      })),
    ),
  };
}

function rowJson(r: UsageRow) {
  return {
    licenseId: r.licenseId,
    licenseName: r.licenseName,
    subscriber: r.subscriber,
    orgId: r.orgKey,
    packageId: r.packageId ?? null,
    packageName: r.packageName ?? null,
    status: r.status,
    seats: r.seats,
    usedLicenses: r.usedLicenses ?? null,
    activeUsers: r.measure.kind === 'measured' ? r.measure.activeUsers : null,
    notMeasured: r.measure.kind === 'notMeasured' ? r.measure.reason : null,
    ratio: r.ratio ?? null,
    shelfware: r.shelfware,
    atCap: r.atCap,
    dormant: r.dormant ?? null,
  };
}

export function usageJson(result: SeatUsageResult, scope: UsageScope) {
  const measured = result.rows.filter((r) => r.measure.kind === 'measured');
  return {
    org: scope.org,
    month: scope.month,
    state: 'ready' as const,
    packages: scope.packages,
    cacheDir: scope.cacheDir,
    fromCache: scope.fromCache,
    appAnalyticsCalls: scope.appAnalyticsCalls,
    apiCalls: scope.apiCalls,
    downloads: scope.downloads,
    rowsRead: scope.rowsRead,
    thresholds: { shelfwarePercent: Math.round(result.shelfwareMaxRatio * 100), dormantMonths: result.dormantMonths, maxShelfware: scope.maxShelfware ?? null },
    summary: {
      licenses: result.rows.length,
      measured: measured.length,
      activeUsers: measured.reduce((s, r) => s + (r.measure.kind === 'measured' ? r.measure.activeUsers : 0), 0),
      shelfware: result.shelfware.length,
      atCap: result.atCap.length,
      dormant: result.dormant.kind === 'ready' ? result.dormant.rows.length : null,
      sandboxExcluded: result.excluded.sandbox,
      trialNotMeasured: result.excluded.trial,
      notMeasured: result.excluded.notMeasured,
    },
    dormant:
      result.dormant.kind === 'ready'
        ? { status: 'ready' as const, months: result.dormant.months, missing: [] }
        : { status: 'notEnoughHistory' as const, months: result.dormant.months, missing: result.dormant.missing },
    byPackage: result.packages.map((p) => ({ ...p, packageId: p.packageId ?? null, packageName: p.packageName ?? null })),
    findings: scope.findings,
    pbo: pboJson(scope.pbo),
    licenses: result.rows.map(rowJson),
  };
}

function rowLine(r: UsageRow): string {
  const active = r.measure.kind === 'measured' ? n(r.measure.activeUsers) : 'not measured';
  const seats = typeof r.seats === 'number' ? n(r.seats) : r.seats === 'site' ? 'site license' : 'seats not set';
  const used = r.usedLicenses === undefined ? '' : `, ${n(r.usedLicenses)} assigned`;
  return `  ${r.licenseName}  ${singleLine(r.subscriber, 40)} (${r.orgKey})  ${singleLine(r.packageName ?? '', 30)}: ${active} active / ${seats}${used}  ${percent(r.ratio)}`;
}

function section(title: string, rows: readonly UsageRow[], limit = 20): string[] {
  if (!rows.length) return [`${title}: none`];
  const more = rows.length - limit;
  return [`${title}: ${n(rows.length)}`, ...rows.slice(0, limit).map(rowLine), ...(more > 0 ? [`  … and ${n(more)} more (--json lists them all)`] : [])];
}

export function usageText(
  result: SeatUsageResult,
  scope: { org: string; fromCache: boolean; cacheDir: string | undefined; findings: readonly string[]; pbo: PboComparison | undefined },
): string {
  const measured = result.rows.filter((r) => r.measure.kind === 'measured').length;
  const lines = [
    `Seat usage in ${scope.org}, ${result.month} (App Analytics${scope.fromCache ? ', from the cache' : ''}):`,
    `  ${plural(result.rows.length, 'live license')}, ${n(measured)} measured. Sandbox licenses apart: ${n(result.excluded.sandbox)}.`,
  ];
  if (result.excluded.trial)
    lines.push(`  ${plural(result.excluded.trial, 'trial license')} not measured: App Analytics does not track trial orgs (not the same as unused).`);
  if (result.excluded.notMeasured > result.excluded.trial)
    lines.push(`  ${plural(result.excluded.notMeasured - result.excluded.trial, 'license')} of packages not measured (no 033 id, or not in the request).`);
  for (const p of result.packages)
    lines.push(
      `  ${singleLine(p.packageName ?? p.packageId ?? '', 40)}: ${n(p.activeUsers)} active users on ${n(p.seats)} seats (${plural(p.measured, 'license')} measured)`,
    );
  lines.push('', ...section(`Shelfware (active users at or below ${Math.round(result.shelfwareMaxRatio * 100)} % of paid seats)`, result.shelfware));
  lines.push('', ...section('At cap (Used Licenses reached Seats)', result.atCap));
  lines.push('');
  if (result.dormant.kind === 'ready') lines.push(...section(`Dormant (no use in ${result.dormant.months.join(', ')})`, result.dormant.rows));
  else
    lines.push(
      `Dormant: not enough history — needs ${plural(result.dormantMonths, 'month')} of summaries; missing ${result.dormant.missing.join(', ')} (not published, or not available).`,
    );
  if (scope.pbo) {
    const rows = scope.pbo.rows.filter((r) => r.disagreements.length);
    lines.push('', `PBO licenses (SfdcPartnerTntPkgLicense): ${n(scope.pbo.counts.compared)} compared, ${plural(rows.length, 'license')} disagreeing.`);
    for (const r of rows.slice(0, 20))
      lines.push(`  ${r.licenseName}  ${singleLine(r.subscriber, 40)} (${r.orgKey}): ${r.disagreements.map((d) => d.message).join(' ')}`);
    if (rows.length > 20) lines.push(`  … and ${n(rows.length - 20)} more (--json lists them all)`);
  }
  if (scope.cacheDir) lines.push('', `Counts kept in ${scope.cacheDir} (customer data: active users per subscriber org).`);
  if (scope.findings.length) lines.push('', ...scope.findings.map((f) => `Over the threshold: ${f}.`));
  return lines.join('\n');
}
