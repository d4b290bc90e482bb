/** `dashboard` (formerly `report`, still accepted): the install-base dashboard's numbers, as Markdown or JSON. */
import { type Package } from '../../core/package';
import { metricsMarkdown } from '../../core/dashboard/summary';
import { scopeLabel } from '../../core/scope';
import { usageError } from '../../data/org/errors';
import { EXIT } from '../output';
import { type CliCommand, wholeNumber } from '../session';

/** A package named exactly: its record id or 033 package id (15 or 18 characters), or its name (any case). */
export function findPackage(packages: readonly Package[], wanted: string): Package {
  const text = wanted.trim();
  const id15 = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(text) ? text.slice(0, 15) : undefined;
  const byId = id15 ? packages.find((p) => p.id.slice(0, 15) === id15 || p.packageId?.slice(0, 15) === id15) : undefined;
  const byName = packages.filter((p) => p.name.trim().toLowerCase() === text.toLowerCase());
  const found = byId ?? (byName.length === 1 ? byName[0] : undefined);
  if (found) return found;
  const list = packages.map((p) => `  ${p.name} (${p.id}${p.packageId ? `, ${p.packageId}` : ''})`).join('\n');
  const why = byName.length > 1 ? `Several packages are named "${text}"; pass the id instead.` : `No package is named "${text}" or has that id.`;
  throw usageError(`${why} Packages:\n${list || '  (none)'}`);
}

export const dashboardCommand: CliCommand = {
  name: 'dashboard',
  aliases: ['report'],
  summary: 'The install-base dashboard: subscribers, seats, renewals, churn, version adoption',
  usage: `Usage: lma-workbench dashboard [--package <name|id>] [--include-sandboxes] [--churn-days <days>] [org options]

  --package <name|id>     One package: its exact name (any case), record id or 033 package id
  --include-sandboxes     Count sandbox licenses too (excluded by default)
  --churn-days <days>     The churn period (1 to 3,650; default 90)`,
  options: {
    package: { type: 'string' },
    'include-sandboxes': { type: 'boolean', default: false },
    'churn-days': { type: 'string' },
  },
  async run(ctx) {
    const churnDays = wholeNumber('churn-days', ctx.args['churn-days'], 1, 3650, 90);
    const includeSandboxes = ctx.args['include-sandboxes'] === true;
    const lmo = await ctx.lmo();
    let pkg: Package | undefined;
    if (typeof ctx.args.package === 'string') pkg = findPackage(await lmo.packages({ signal: ctx.signal }), ctx.args.package);
    const { metrics, apiCalls, roundTrips } = await lmo.dashboard(
      { today: ctx.today, includeSandboxes, churnDays, packageId: pkg?.id },
      { signal: ctx.signal },
    );
    const scope = scopeLabel(pkg?.name, includeSandboxes);
    ctx.out.data({ org: lmo.target.label, scope, apiCalls, roundTrips, metrics });
    ctx.out.text(metricsMarkdown(metrics, { orgLabel: lmo.target.label, scopeLabel: scope }));
    return EXIT.ok;
  },
};
