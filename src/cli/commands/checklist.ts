/** `checklist`: the LMA setup checklist, verified live in the org; exits 1 when a step is missing or broken. */
import shippedBaseline from '../../core/lmaBaseline.json';
import { addDays } from '../../core/calendarDate';
import { resolveBaseline } from '../../core/lmaCurrency';
import { type Checklist, buildChecklist, stepsNeedingFixes } from '../../core/checklist/checklist';
import { linkingContribution } from '../../core/linking/checklist';
import { resolveProjectPackages } from '../../core/linking/resolve';
import { type StepContribution, changeFeedRan, projectPackageRefs } from '../../core/checklist/input';
import { type FindingLevel, VERDICT_LABELS } from '../../core/checklist/verdicts';
import { salesforceStack } from '../../data/org/connect';
import { usageError } from '../../data/org/errors';
import { lastFeedRun } from '../../storage/feedLocation';
import { EXIT } from '../output';
import { readProjectPackages } from '../project';
import { type CliCommand } from '../session';
import { optionsIn } from './lmoDashboardVerify';

const MARK: Record<FindingLevel, string> = { done: '✔', attention: '!', broken: '✖', missing: '✖', unverifiable: '?', info: '·' };

export function checklistText(checklist: Checklist, orgLabel: string): string {
  const lines = [`LMA setup checklist for ${orgLabel} (checked ${checklist.checkedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')})`, ''];
  for (const step of checklist.steps) {
    lines.push(`${MARK[step.verdict]} ${step.number}. ${step.title}: ${VERDICT_LABELS[step.verdict]}. ${step.summary}`);
    for (const f of step.findings) lines.push(`    ${MARK[f.level]} ${f.text}`);
    if (step.action && step.verdict !== 'done') lines.push(`    → ${step.action.label}${step.action.target ? `: ${step.action.target}` : ''}`);
    lines.push('');
  }
  lines.push('Gotchas');
  for (const g of checklist.gotchas) lines.push(`  ${g.level === 'attention' ? '!' : '·'} ${g.title}: ${g.text}`);
  return lines.join('\n');
}

export const checklistCommand: CliCommand = {
  name: 'checklist',
  summary: 'The LMA setup checklist, verified live: the LMO, the LMA, linked packages, defaults, dashboard, billing',
  usage: `Usage: lma-workbench checklist [--project <dir>] [--target-dev-hub <alias>] [--lma-baseline <version>] [org options]

  --project <dir>           The Salesforce DX project whose packages should be linked (default: the current folder, if it is one)
  --target-dev-hub <alias>  The Dev Hub (or packaging org) that owns the packages: step 3 then verifies each link by package id
                            and developer org (default: the project's target-dev-hub; without one, packages are matched by name)
  --lma-baseline <version>  The latest LMA version you know of (default: the shipped baseline)
  --verify-dashboard        Step 5 verified in the org as lmo-dashboard verify does (the reports, the dashboard, the Home page
                            and each report's total; options from ./lmo-dashboard, else the defaults): about 15 more API calls

Exit code 1 when a step is missing or broken (attention alone exits 0).`,
  options: {
    project: { type: 'string' },
    'target-dev-hub': { type: 'string' },
    'lma-baseline': { type: 'string' },
    'verify-dashboard': { type: 'boolean', default: false },
  },
  async run(ctx) {
    const baseline = resolveBaseline(shippedBaseline, { version: typeof ctx.args['lma-baseline'] === 'string' ? ctx.args['lma-baseline'] : undefined });
    if (!baseline.ok) throw usageError(`--lma-baseline: ${baseline.problem}`);
    const project = await readProjectPackages(typeof ctx.args.project === 'string' ? ctx.args.project : undefined);
    const client = await ctx.org('target-org', 'target-org');
    const devHub = ctx.args['target-dev-hub'] === undefined && ctx.args.demo ? undefined : await ctx.devHub();
    const { CallMeter, readSetupSignals, readLinkInventory, reportOf, verifyLmoDashboardIn } = await salesforceStack();
    const dashboardOptions = ctx.args['verify-dashboard'] === true ? (await optionsIn(undefined)).options : undefined;
    // Counts this command's calls, to the LMO and to the Dev Hub.
    const meter = new CallMeter();
    // With a Dev Hub, step 3 is verified by package id and developer org (two more API calls per org at most).
    const [signals, inventory, lmoDashboard] = await Promise.all([
      // With --today, the numbers are as of that day: licenses created after it ends are left out.
      readSetupSignals(client, {
        signal: ctx.signal,
        meter,
        createdBefore: ctx.args.today ? ctx.clock.startOfDay(addDays(ctx.today, 1)).toISOString() : undefined,
      }),
      devHub
        ? readLinkInventory(client, devHub, { signal: ctx.signal, meter }).catch((err: Error) => {
            ctx.out.note(`The Dev Hub could not be read (${err.message}); the project's packages are matched by name.`);
            return undefined;
          })
        : undefined,
      dashboardOptions ? ctx.lmo().then((lmo) => verifyLmoDashboardIn(lmo, dashboardOptions, ctx.today, { signal: ctx.signal, meter })) : undefined,
    ]);
    let linking: StepContribution | undefined;
    let packages = project ? projectPackageRefs(project) : undefined;
    if (inventory && !inventory.owner.ok) ctx.out.note(`${inventory.owner.error.message} The project's packages are matched by name.`);
    if (inventory?.owner.ok) {
      linking = linkingContribution(reportOf(inventory, project), inventory.owner.label);
      packages = project ? resolveProjectPackages(project, inventory.owner.org.packages) : undefined;
    }
    const checklist = buildChecklist({
      signals,
      today: ctx.today,
      checkedAt: ctx.clock.now().toISOString(),
      baseline: baseline.baseline,
      projectPackages: packages,
      changeFeed: changeFeedRan(lastFeedRun(client.target.username)),
      linking,
      lmoDashboard: lmoDashboard?.contribution,
    });
    const failing = stepsNeedingFixes(checklist);
    ctx.out.data({
      org: client.target.label,
      apiCalls: meter.calls,
      needsFixing: failing.map((s) => s.id),
      ...checklist,
    });
    ctx.out.text(checklistText(checklist, client.target.label));
    if (failing.length) ctx.out.note(`${failing.length} step${failing.length === 1 ? '' : 's'} missing or broken: ${failing.map((s) => s.number).join(', ')}.`);
    return failing.length ? EXIT.findings : EXIT.ok;
  },
};
