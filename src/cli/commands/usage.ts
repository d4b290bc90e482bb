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
import { type SeatUsageResult, overThresholds } from '../../core/usage/seatUsage';
import { type UsageMonth, lastCompleteMonth, parseUsageMonth } from '../../core/usage/usageMonth';
import { measurablePackages, measureSeatUsage } from '../../data/lmo/seatUsageRun';
import { usageError } from '../../data/org/errors';
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
  const allPackages = await lmo.packages({ signal: ctx.signal });
  const chosen: Package[] = typeof ctx.args.package === 'string' ? [findPackage(allPackages, ctx.args.package)] : allPackages;
  const measurable = measurablePackages(chosen);
  if (!measurable.length)
    throw usageError(
      `${chosen.length === 1 ? `${chosen[0].name} has` : 'No package in this LMO has'} no 033 package id: App Analytics reports by package id, so there is nothing to measure.`,
    );
  const cacheDir = noCache
    ? undefined
    : typeof ctx.args['cache-dir'] === 'string'
      ? ctx.args['cache-dir']
      : defaultUsageCacheDir(lmo.target.orgId ?? lmo.target.label);
  const run = await measureSeatUsage(lmo, {
    month,
    packages: chosen,
    allPackages,
    today: ctx.today,
    now,
    shelfwareMaxRatio: shelfwarePercent / 100,
    dormantMonths,
    cache: cacheDir ? new UsageCache(cacheDir) : undefined,
    signal: ctx.signal,
    onPoll: (m, state, attempt) => ctx.out.note(`App Analytics ${m}: ${state || 'waiting'} (check ${attempt})`),
    onEarlierMonth: (m, message) => ctx.out.note(`App Analytics ${m}: ${message}`),
  });
  const costs = { appAnalyticsCalls: run.appAnalyticsCalls, apiCalls: lmo.client.apiCalls - before, downloads: run.downloads };
  const scope = { org: lmo.target.label, month, packages: measurable.map((p) => ({ id: p.packageId as string, name: p.name })), cacheDir: cacheDir ?? null };
  if (run.state !== 'ready') {
    ctx.out.data({ ...scope, state: run.state, message: run.message, action: run.action, ...costs });
    ctx.out.text(`Seat usage in ${lmo.target.label}, ${month}: not measured.\n\n${run.message}\n\nWhat to do: ${run.action}`);
    return run.state === 'noAccess' ? EXIT.lmaMissing : EXIT.findings;
  }
  const result: SeatUsageResult = run.result;
  const findings = overThresholds(result, { maxShelfware });
  ctx.out.data(usageJson(result, { ...scope, ...costs, fromCache: run.fromCache, rowsRead: run.rowsRead, maxShelfware, findings, pbo: run.pbo }));
  ctx.out.text(usageText(result, { org: lmo.target.label, fromCache: run.fromCache, cacheDir, findings, pbo: run.pbo }));
  return findings.length ? EXIT.findings : EXIT.ok;
}
