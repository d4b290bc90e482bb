/**
 * `rules infer`: each package's defaults as recent installs show them (with the evidence), and a
 * rules file written from them; `rules audit`: drift between those and a rules file, and the
 * licenses breaking its policies — exit 1 when there is any, so it can gate CI.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { lineLocator } from '../../core/jsonSchemaFile';
import { type PackageInference, defaultsOf, describeObserved } from '../../core/provisioning/inference';
import { auditProvisioning } from '../../core/provisioning/audit';
import { validatePlan, withoutRefused } from '../../core/licenseChanges/validation';
import { fixRequest } from '../../core/provisioning/policies';
import { MAX_RULES_FILE_CHARS, parseRulesFile, rulesFileTooLarge } from '../../core/provisioning/rulesFile';
import { partnerConsoleValues, rulesFileFromInference } from '../../core/provisioning/rulesTemplate';
import { singleLine } from '../../core/displayText';
import { LmoError, cancelled, isLmoError, usageError } from '../../data/org/errors';
import { EXIT } from '../output';
import { type CliCommand, type CommandContext, wholeNumber } from '../session';

const USAGE = `Usage: lma-workbench rules infer [--window-days <days>] [--per-package <n>] [--write <file>] [org options]
       lma-workbench rules audit --rules <file> [--fix-plan <file>] [--window-days <days>] [org options]

  infer                   Each package's default license, read off its recent installs that nobody changed
  audit                   Compare a rules file with those installs (drift) and list the licenses breaking its
                          policies; exits 1 when it finds any, 2 when the rules file is not valid
  --rules <file>          The rules file (JSON with comments; schema: schemas/provisioning.schema.json)
  --write <file>          infer: also write a rules file from what was inferred (never overwrites)
  --fix-plan <file>       audit: also write a plan file fixing the violations that have a fix (seats up to those
                          used, sandboxes site-wide, trials cut to the policy, expired Active licenses
                          suspended), for licenses modify --plan (never overwrites)
  --window-days <days>    Installs of the last this many days (1 to 3,650; default 180)
  --per-package <n>       At most this many recent installs per package (1 to 2,000; default 200)`;

/** At most this many problems of an invalid rules file are printed. */
const MAX_PROBLEMS_SHOWN = 100;

/** Ctrl-C or SIGTERM stops the audit between its steps (the requests in flight are aborted by the same signal). */
function stopIfCancelled(ctx: CommandContext): void {
  if (ctx.signal.aborted) throw cancelled();
}

function describeInference(i: PackageInference): string {
  const head = `## ${singleLine(i.packageName)}${i.packageKey ? ` (${i.packageKey})` : ''}`;
  const read = `Installs read: ${i.installs} production (${i.unchanged} never changed; the last ${i.sample} used${i.sampleFrom ? `, installed ${i.sampleFrom} to ${i.sampleTo}` : ''}); sandboxes apart: ${i.sandboxes.installs} (${i.sandboxes.siteWide} site-wide).`;
  if (!i.defaults) return [head, 'No recent install that nobody changed: the defaults cannot be read from this window.', read].join('\n');
  const d = i.defaults;
  return [
    head,
    `Defaults (${i.confidence} confidence):`,
    `  status    ${describeObserved('status', d.status)}`,
    ...(d.trialDays ? [`  trial     ${describeObserved('trialDays', d.trialDays)}`] : []),
    ...(d.termDays ? [`  term      ${describeObserved('termDays', d.termDays)}`] : []),
    `  seats     ${describeObserved('seats', d.seats)}`,
    `Partner Console: ${partnerConsoleValues(defaultsOf(d))}.`,
    read,
  ].join('\n');
}

async function infer(ctx: CommandContext): Promise<number> {
  const windowDays = wholeNumber('window-days', ctx.args['window-days'], 1, 3650, 180);
  const perPackage = wholeNumber('per-package', ctx.args['per-package'], 1, 2000, 200);
  const target = typeof ctx.args.write === 'string' ? resolve(ctx.args.write) : undefined;
  if (target && existsSync(target)) throw usageError(`${target} exists already; rules infer never overwrites a rules file.`);
  const lmo = await ctx.lmo();
  const { inferences, windowFrom } = await lmo.inferDefaults({ today: ctx.today, windowDays, perPackage, signal: ctx.signal });
  if (target) {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, rulesFileFromInference(inferences, { today: ctx.today }), { flag: 'wx' });
  }
  ctx.out.data({ org: lmo.target.label, today: ctx.today, windowFrom, inferences, ...(target ? { written: target } : {}) });
  ctx.out.text(
    [
      `# Default licenses, inferred — ${lmo.target.label}, installs since ${windowFrom}`,
      '',
      'The Partner Console, where defaults are set, has no API: these are read off recent installs whose License history shows no change since they were created.',
      '',
      ...inferences.map((i) => `${describeInference(i)}\n`),
      ...(target ? [`Rules file written: ${target}`] : []),
    ].join('\n'),
  );
  return EXIT.ok;
}

async function audit(ctx: CommandContext): Promise<number> {
  if (typeof ctx.args.rules !== 'string' || !ctx.args.rules.trim()) throw usageError(`rules audit needs --rules <file>.\n\n${USAGE}`);
  const file = resolve(ctx.args.rules);
  let text: string;
  try {
    // Refused before it is read when it is far too large (rulesFile.ts).
    const { size } = await stat(file);
    // A character takes at most 4 bytes: past that, the file is refused before it is read (rulesFile.ts counts characters).
    if (size > 4 * MAX_RULES_FILE_CHARS) throw usageError(`${file}: ${rulesFileTooLarge(size, 'bytes')}`);
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (isLmoError(err)) throw err;
    throw usageError(`Cannot read the rules file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
  const parsed = parseRulesFile(text);
  if (!parsed.ok) {
    const locate = lineLocator(text);
    const shown = parsed.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => ({ ...p, ...locate(p.span.offset) }));
    const more = parsed.problems.length - shown.length;
    throw new LmoError(
      'usage',
      `The rules file is not valid:\n${shown.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join('\n')}${more > 0 ? `\n… and ${more.toLocaleString('en-US')} more problems.` : ''}`,
      'invalid rules file',
    );
  }
  stopIfCancelled(ctx);
  const windowDays = wholeNumber('window-days', ctx.args['window-days'], 1, 3650, 180);
  const perPackage = wholeNumber('per-package', ctx.args['per-package'], 1, 2000, 200);
  const fixPlan = typeof ctx.args['fix-plan'] === 'string' ? resolve(ctx.args['fix-plan']) : undefined;
  if (fixPlan && existsSync(fixPlan)) throw usageError(`${fixPlan} exists already; rules audit never overwrites a plan file.`);
  const lmo = await ctx.lmo();
  const { packages, inferences } = await lmo.inferDefaults({ today: ctx.today, windowDays, perPackage, signal: ctx.signal });
  stopIfCancelled(ctx);
  const { violations, complete } = await lmo.policyViolations(parsed.rules.policies, { today: ctx.today, signal: ctx.signal });
  stopIfCancelled(ctx);
  const result = auditProvisioning(parsed.rules, packages, inferences, violations);
  // A chance for Ctrl-C or SIGTERM to land before the report is written.
  await new Promise((done) => setImmediate(done));
  stopIfCancelled(ctx);
  const fixes = fixRequest(violations, `Fix provisioning policy violations (${ctx.today})`);
  // Only fixes Modify License's rules accept (not, e.g., a Read-Only Checkout license) go in the plan.
  let refused: string[] = [];
  if (fixPlan && fixes.request.changes.length) {
    const built = await lmo.planLicenseChanges(fixes.request, { signal: ctx.signal });
    const accepted = withoutRefused(built.plan, validatePlan(built.plan, ctx.today));
    refused = accepted.refused.map((r) => `${r.change.license.name}: ${r.errors[0].message}`);
    const keep = new Set(accepted.plan.changes.map((c) => c.license.id.slice(0, 15)));
    fixes.request.changes = fixes.request.changes.filter((c) => keep.has(c.license.slice(0, 15)));
    if (fixes.request.changes.length) {
      await mkdir(dirname(fixPlan), { recursive: true });
      await writeFile(fixPlan, `${JSON.stringify(fixes.request, null, 2)}\n`, { flag: 'wx' });
    }
  }
  const locate = lineLocator(text);
  const at = (offset: number) => {
    const { line, column } = locate(offset);
    return `${file}:${line}:${column}`;
  };
  ctx.out.data({
    org: lmo.target.label,
    today: ctx.today,
    rulesFile: file,
    valid: true,
    failed: result.failed,
    complete,
    drift: result.drift.map((d) => ({ ...d, ...locate(d.span.offset) })),
    notes: result.notes.map((n) => ({ ...n, ...locate(n.span.offset) })),
    violations: result.violations,
    ...(fixPlan && fixes.request.changes.length ? { fixPlan } : {}),
  });
  const lines = [`# Provisioning audit — ${lmo.target.label}, ${ctx.today}`, ''];
  lines.push(result.drift.length ? '## Drift' : 'No drift: recent installs got the defaults the rules declare.');
  for (const d of result.drift) lines.push(`${at(d.span.offset)}: ${d.severity}: ${singleLine(d.message, 300)}`);
  const notes = result.notes;
  if (notes.length) lines.push('', '## Notes', ...notes.map((n) => `${at(n.span.offset)}: ${n.severity}: ${singleLine(n.message, 300)}`));
  lines.push('', result.violations.length ? `## Policy violations (${result.violations.length})` : 'No license breaks a policy.');
  for (const v of result.violations)
    lines.push(
      `${v.licenseName}  ${v.licenseId}  org ${v.orgId}  ${singleLine(v.subscriber, 40)}  ${singleLine(v.packageName ?? '', 30)}  ${v.policy}: ${singleLine(v.message, 200)}`,
    );
  if (!complete) lines.push('', 'Some policies had more candidate licenses than one audit reads (20,000): their violations are a lower bound.');
  if (fixPlan)
    lines.push(
      '',
      fixes.request.changes.length
        ? `Fix plan written: ${fixPlan} (${fixes.request.changes.length} licenses; ${fixes.unfixable.length} violations need a decision). Preview it with: lma-workbench licenses modify --plan ${fixPlan}`
        : 'No violation has a fix that follows from its policy and the Modify License rules: no fix plan written.',
      ...refused.map((r) => `Left out of the fix plan: ${singleLine(r, 200)}`),
    );
  lines.push('', result.failed ? 'Audit failed: see above.' : 'Audit passed.');
  ctx.out.text(lines.join('\n'));
  return result.failed ? EXIT.findings : EXIT.ok;
}

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'Provisioning rules: infer each package’s defaults from recent installs; audit a rules file (drift, policy violations)',
  usage: USAGE,
  allowPositionals: true,
  options: {
    rules: { type: 'string' },
    write: { type: 'string' },
    'fix-plan': { type: 'string' },
    'window-days': { type: 'string' },
    'per-package': { type: 'string' },
  },
  async run(ctx) {
    const [sub, ...extra] = ctx.positionals;
    if (extra.length) throw usageError(`Unexpected argument "${extra[0]}".\n\n${USAGE}`);
    if (sub === 'infer') return infer(ctx);
    if (sub === 'audit') return audit(ctx);
    throw usageError(`${sub ? `Unknown subcommand "${sub}"` : 'Say what to do'}: infer or audit.\n\n${USAGE}`);
  },
};
