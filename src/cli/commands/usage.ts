/**
 * `usage`: seat usage from App Analytics (docs/salesforce/seat-usage.md). For each live license,
 * the users active in a month (the last complete one by default) against its seats and Used
 * Licenses, with shelfware, licenses at cap and dormant licenses. The month's package usage
 * summary is requested in the LMO, polled, downloaded and counted as it streams, then kept as
 * counts in the month cache, so the next run (or a month past App Analytics' retention) downloads
 * nothing. Exit 1 when a threshold given is crossed or the month cannot be measured (the state and
 * its action say why), 4 when the user cannot create App Analytics requests.
 */
import { type Package } from '../../core/package';
import { type MonthUsage, type SeatUsageResult, overThresholds, seatUsage } from '../../core/usage/seatUsage';
import { type UsageMonth, addMonths, lastCompleteMonth, parseUsageMonth } from '../../core/usage/usageMonth';
import { type UsageSummaryResult, AppAnalytics } from '../../data/lmo/appAnalytics';
import { usageError } from '../../data/org/errors';
import { CallMeter } from '../../data/org/orgApi';
import { UsageCache, defaultUsageCacheDir } from '../../storage/usageCache';
import { EXIT } from '../output';
import { type CliCommand, type CommandContext, wholeNumber } from '../session';
import { findPackage } from './dashboard';
import { usageJson, usageText } from './usageReport';

export const usageCommand: CliCommand = {
  name: 'usage',
  summary: 'Seat usage from App Analytics: active users against seats, shelfware, licenses at cap, dormant licenses',
  usage: `Usage: lma-workbench usage [--month YYYY-MM] [--package <name|id>] [--max-shelfware <n>] [org options]

  --month <YYYY-MM>          The month measured, in UTC (default: the last complete month)
  --package <name|id>        One package: its exact name (any case), record id or 033 package id (default: every package with a 033 id)
  --shelfware-percent <p>    Shelfware: active users at or below this percent of the seats (0 to 100; default 20)
  --max-shelfware <n>        Exit 1 when more licenses than this are shelfware (for CI)
  --dormant-months <n>       Dormant: no use for this many months, the month measured included (1 to 24; default 3)
  --cache-dir <dir>          Where downloaded months are kept as counts (default: the user cache folder, per LMO)
  --no-cache                 Neither read nor write the cache: download every month needed`,
  options: {
    month: { type: 'string' },
    package: { type: 'string' },
    'shelfware-percent': { type: 'string' },
    'max-shelfware': { type: 'string' },
    'dormant-months': { type: 'string' },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
  },
  run: usage,
};

/** "Now" for which months are over: the --today date (at noon UTC) when given, else the clock. */
function nowOf(ctx: CommandContext): Date {
  return ctx.args.today ? new Date(`${ctx.today}T12:00:00.000Z`) : ctx.clock.now();
}

async function usage(ctx: CommandContext): Promise<number> {
  const now = nowOf(ctx);
  let month: UsageMonth = lastCompleteMonth(now);
  if (ctx.args.month !== undefined) {
    const given = parseUsageMonth(String(ctx.args.month));
    if (!given) throw usageError(`--month must be a month: YYYY-MM, not ${JSON.stringify(ctx.args.month)}.`);
    month = given;
  }
  const shelfwarePercent = wholeNumber('shelfware-percent', ctx.args['shelfware-percent'], 0, 100, 20);
  const dormantMonths = wholeNumber('dormant-months', ctx.args['dormant-months'], 1, 24, 3);
  const maxShelfware = ctx.args['max-shelfware'] === undefined ? undefined : wholeNumber('max-shelfware', ctx.args['max-shelfware'], 0, 1_000_000, 0);
  const noCache = ctx.args['no-cache'] === true;
  if (noCache && ctx.args['cache-dir'] !== undefined) throw usageError('--cache-dir and --no-cache go separately: pick one.');
  if (typeof ctx.args['cache-dir'] === 'string' && !ctx.args['cache-dir'].trim()) throw usageError('--cache-dir needs a folder.');

  const lmo = await ctx.lmo();
  const before = lmo.client.apiCalls;
  const call = { signal: ctx.signal };
  const allPackages = await lmo.packages(call);
  const chosen: Package[] = typeof ctx.args.package === 'string' ? [findPackage(allPackages, ctx.args.package)] : allPackages;
  const measurable = chosen.filter((p) => p.packageId && /^033[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(p.packageId));
  if (!measurable.length)
    throw usageError(
      `${chosen.length === 1 ? `${chosen[0].name} has` : 'No package in this LMO has'} no 033 package id: App Analytics reports by package id, so there is nothing to measure.`,
    );
  const packageIds = measurable.map((p) => p.packageId as string);
  const cacheDir = noCache
    ? undefined
    : typeof ctx.args['cache-dir'] === 'string'
      ? ctx.args['cache-dir']
      : defaultUsageCacheDir(lmo.target.orgId ?? lmo.target.label);
  const cache = cacheDir ? new UsageCache(cacheDir) : undefined;
  const analytics = new AppAnalytics(lmo.client);
  const meter = new CallMeter();
  let downloads = 0;
  const fetchMonth = async (m: UsageMonth): Promise<UsageSummaryResult> => {
    const result = await analytics.usageSummary(m, packageIds, {
      cache,
      signal: ctx.signal,
      meter,
      now,
      onPoll: (state, attempt) => ctx.out.note(`App Analytics ${m}: ${state || 'waiting'} (check ${attempt})`),
    });
    downloads += result.downloads;
    return result;
  };

  const studied = await fetchMonth(month);
  const costs = () => ({ appAnalyticsCalls: meter.calls, apiCalls: lmo.client.apiCalls - before, downloads });
  const scope = { org: lmo.target.label, month, packages: measurable.map((p) => ({ id: p.packageId as string, name: p.name })), cacheDir: cacheDir ?? null };
  if (studied.state !== 'ready') {
    ctx.out.data({ ...scope, state: studied.state, message: studied.message, action: studied.action, ...costs() });
    ctx.out.text(`Seat usage in ${lmo.target.label}, ${month}: not measured.\n\n${studied.message}\n\nWhat to do: ${studied.action}`);
    return studied.state === 'noAccess' ? EXIT.lmaMissing : EXIT.findings;
  }

  // Earlier months for dormancy: from the cache, else requested (each once: then cached too).
  const history: MonthUsage[] = [];
  for (let i = 1; i < dormantMonths; i++) {
    const m = addMonths(month, -i);
    const earlier = await fetchMonth(m);
    if (earlier.state === 'ready') history.push({ month: m, activeUsers: earlier.activeUsers });
    else ctx.out.note(`App Analytics ${m}: ${earlier.message}`);
  }

  // Live licenses of the packages measured, a page per call.
  const licenses = [];
  for (const p of chosen) {
    const read = await lmo.licenses({ packageId: p.id, liveOnly: true }, call);
    licenses.push(...read.records);
  }
  const result: SeatUsageResult = seatUsage(licenses, studied.activeUsers, {
    month,
    today: ctx.today,
    packageIds: new Map(allPackages.map((p) => [p.id, p.packageId])),
    measuredPackages: packageIds,
    shelfwareMaxRatio: shelfwarePercent / 100,
    dormantMonths,
    history,
  });
  const findings = overThresholds(result, { maxShelfware });
  ctx.out.data(usageJson(result, { ...scope, ...costs(), fromCache: studied.fromCache, rowsRead: studied.rowsRead, maxShelfware, findings }));
  ctx.out.text(usageText(result, { org: lmo.target.label, fromCache: studied.fromCache, cacheDir, findings }));
  return findings.length ? EXIT.findings : EXIT.ok;
}
