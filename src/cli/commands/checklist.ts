/** `checklist`: the LMA setup checklist, verified live in the org; exits 1 when a step is missing or broken. */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import shippedBaseline from '../../core/lmaBaseline.json';
import { resolveBaseline } from '../../core/lmaCurrency';
import { type Checklist, buildChecklist, stepsNeedingFixes } from '../../core/setup/checklist';
import { type ProjectPackageRef, changeFeedRan, projectPackageRefs } from '../../core/setup/input';
import { type FindingLevel, VERDICT_LABELS } from '../../core/setup/verdicts';
import { parseSfdxProject } from '../../core/sfdxProject';
import { salesforceStack } from '../../data/org/connect';
import { usageError } from '../../data/org/errors';
import { lastFeedRun } from '../../storage/feedLocation';
import { EXIT } from '../output';
import { type CliCommand } from '../session';

const MARK: Record<FindingLevel, string> = { done: '✔', attention: '!', broken: '✖', missing: '✖', unverifiable: '?', info: '·' };

async function projectPackages(dir: string | undefined): Promise<ProjectPackageRef[] | undefined> {
  const file = join(resolve(dir ?? process.cwd()), 'sfdx-project.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (dir) throw usageError(`--project: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
    return undefined;
  }
  const parsed = parseSfdxProject(text);
  if (!parsed.ok) throw usageError(`${file} is not a valid sfdx-project.json: ${parsed.error}`);
  return projectPackageRefs(parsed.project.packages);
}

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
  usage: `Usage: lma-workbench checklist [--project <dir>] [--lma-baseline <version>] [org options]

  --project <dir>           The Salesforce DX project whose packages should be linked (default: the current folder, if it is one)
  --lma-baseline <version>  The latest LMA version you know of (default: the shipped baseline)

Exit code 1 when a step is missing or broken (attention alone exits 0).`,
  options: {
    project: { type: 'string' },
    'lma-baseline': { type: 'string' },
  },
  async run(ctx) {
    const baseline = resolveBaseline(shippedBaseline, { version: typeof ctx.args['lma-baseline'] === 'string' ? ctx.args['lma-baseline'] : undefined });
    if (!baseline.ok) throw usageError(`--lma-baseline: ${baseline.problem}`);
    const packages = await projectPackages(typeof ctx.args.project === 'string' ? ctx.args.project : undefined);
    const client = await ctx.org('target-org', 'target-org');
    const { CallMeter, readSetupSignals } = await salesforceStack();
    const meter = new CallMeter();
    const signals = await readSetupSignals(client, { signal: ctx.signal, meter });
    const checklist = buildChecklist({
      signals,
      today: ctx.today,
      checkedAt: ctx.clock.now().toISOString(),
      baseline: baseline.baseline,
      projectPackages: packages,
      changeFeed: changeFeedRan(lastFeedRun(client.target.username)),
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
