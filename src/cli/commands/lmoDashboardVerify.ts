/**
 * `lmo-dashboard verify`: setup step 5, checked in the org (docs/salesforce/lmo-dashboard.md#verify):
 * the generated reports and dashboard exist, the Home page carries it and is assigned, and each
 * report, run through the Analytics REST API, totals what `lma-workbench dashboard` counts for the
 * same scope and day. The options (names, scope, churn) come from the generated folder's
 * lmo-dashboard.json, so it checks what was generated. Exit 0 when the step is done, 1 otherwise.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_OPTIONS, type LmoDashboardOptions, LmoDashboardOptionsError, OPTIONS_FILE, optionsFromFile } from '../../core/lmoDashboard/options';
import { VERDICT_LABELS } from '../../core/checklist/verdicts';
import { verifyLmoDashboardIn } from '../../data/lmo/lmoDashboardReader';
import { usageError } from '../../data/org/errors';
import { EXIT } from '../output';
import { type CommandContext } from '../session';

/** The folder `generate` wrote (default ./lmo-dashboard), when it holds lmo-dashboard.json. */
export const DEFAULT_SOURCE = 'lmo-dashboard';

/** The generated folder's options; the defaults when the folder has none (and --source was not given). */
export async function optionsIn(source: string | undefined): Promise<{ options: LmoDashboardOptions; from: string }> {
  const dir = resolve(source ?? DEFAULT_SOURCE);
  let text: string;
  try {
    text = await readFile(join(dir, OPTIONS_FILE), 'utf8');
  } catch {
    if (source !== undefined) throw usageError(`${join(dir, OPTIONS_FILE)} cannot be read: --source names the folder lmo-dashboard generate wrote.`);
    return { options: DEFAULT_OPTIONS, from: 'the defaults (no lmo-dashboard/ here)' };
  }
  try {
    return { options: optionsFromFile(text), from: join(dir, OPTIONS_FILE) };
  } catch (err) {
    if (err instanceof LmoDashboardOptionsError) throw usageError(`${join(dir, OPTIONS_FILE)}: ${err.message}`);
    throw err;
  }
}

export async function verifyLmoDashboard(ctx: CommandContext): Promise<number> {
  const { options: o, from } = await optionsIn(typeof ctx.args.source === 'string' ? ctx.args.source : undefined);
  const lmo = await ctx.lmo();
  const { contribution, comparisons, deployed, apiCalls } = await verifyLmoDashboardIn(lmo, o, ctx.today, { signal: ctx.signal });
  const client = lmo.client;
  ctx.out.data({
    org: client.target.label,
    today: ctx.today,
    options: from,
    verdict: contribution.verdict,
    findings: contribution.findings,
    comparisons,
    deployed,
    action: contribution.action,
    apiCalls,
  });
  const figure = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString('en-US'));
  ctx.out.text(
    [
      `Step 5, the executives' dashboard in ${client.target.label}: ${VERDICT_LABELS[contribution.verdict]} (options from ${from}).`,
      ...contribution.findings.map((f) => `  ${f.level.padEnd(12)} ${f.text}`),
      '',
      `  ${'report'.padEnd(40)} ${'in the org'.padStart(10)} ${'product'.padStart(10)}`,
      ...comparisons.map(
        (c) => `  ${c.developerName.padEnd(40)} ${figure(c.theirs).padStart(10)} ${figure(c.ours).padStart(10)}${c.problem ? `  (${c.problem})` : ''}`,
      ),
      '',
      `${apiCalls} API calls, as of ${ctx.today}.`,
    ].join('\n'),
  );
  return contribution.verdict === 'done' ? EXIT.ok : EXIT.findings;
}
