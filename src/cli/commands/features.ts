/**
 * `features`: the Feature Management App in the LMO — each package's feature parameters with their
 * value distributions across live licenses; `features drift` compares the package source
 * (feature parameter files, Apex that reads them) with the LMO; `features values` shows a
 * license's values; `features set` edits LMO → subscriber values through the guarded path (a plan
 * file, checks, a preview, and only with --yes a write: batched, per record, verified, journaled);
 * `features undo` restores a journaled run. A dry run (the default) writes nothing.
 */
import { resolve } from 'node:path';
import { singleLine } from '../../core/displayText';
import { LmoFeatureIndex, featureDrift, indexFeatureSource } from '../../core/features/drift';
import { parameterAdoption } from '../../core/features/adoption';
import { SUBSCRIBER_TO_LMO_NOTE, PROPAGATION_NOTE, describeDirection, describeFeatureValue, introducedVersion } from '../../core/features/parameter';
import { parseValuePlanFile } from '../../core/features/planFile';
import { type FeatureValuePlan, validateValuePlan, valueConfirmationFor, valuePreviewRows } from '../../core/features/valueChanges';
import { lineColumn } from '../../core/jsonSchemaFile';
import { alreadyUndoneNotes } from '../../core/licenseChanges/journal';
import { renderIssueTable } from '../../core/licenseChanges/preview';
import { type Package } from '../../core/package';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { usageError } from '../../data/org/errors';
import { FeatureValueJournal } from '../../storage/journal';
import { readFeatureSource } from '../featureSource';
import { WRITE_OPTIONS, previewAndRun, progressNotes, readPlan, resultLine, stateDirOf } from '../guardedWrite';
import { EXIT } from '../output';
import { type CliCommand, type CommandContext } from '../session';

const USAGE = `Usage: lma-workbench features [--package <name|id>] [--include-sandboxes] [org options]
       lma-workbench features drift [--project <dir>] [org options]
       lma-workbench features values --license <id> [org options]
       lma-workbench features set --plan <file> [--dry-run | --yes [--confirm <text>]] [org options]
       lma-workbench features undo --journal-entry <run id> [--dry-run | --yes [--confirm <text>]] [org options]

  (no subcommand)         Each package's feature parameters: type, direction, the version that introduced it,
                          and how its values spread across live licenses (two API calls a package at most)
  drift                   Compare the package source (featureParameters/*.featureParameter…-meta.xml and the Apex
                          that calls FeatureManagement.check/setPackage…Value) with the LMO; exits 1 on any finding:
                          a parameter the LMO has never seen (not released yet), a type or direction that differs,
                          Apex that names an unknown parameter or the wrong type
  values                  One license's values of every parameter (one API call)
  set                     Set LMO → subscriber values as a plan file says (schema: schemas/feature-values.schema.json):
                          { "changes": [ { "license": "a0L…", "parameter": "AdvancedReporting", "value": true } ] }
                          Subscriber → LMO values are reported by the subscriber org and cannot be edited.
                          Writes nothing unless --yes is given
  undo                    Put back the old values of a journaled run, where the records still hold its new values
  --package <name|id>     One package (default: every package)
  --include-sandboxes     Count sandbox licenses too (default: production only, as the dashboard)
  --project <dir>         The Salesforce DX project (default: the current folder)
  --license <id>          A License record id
  --dry-run               Preview only (the default)
  --yes                   Write; results per record, re-read to verify, journaled
  --confirm <text>        The typed confirmation a plan that turns a feature off, or changes more than
                          --confirm-over values, needs: the number of values (or, for one, the subscriber org id)
  --confirm-over <n>      Plans of more values need --confirm (default 25)
  --state-dir <dir>       Where the journal is kept (default: $XDG_STATE_HOME/lma-workbench or ~/.local/state/lma-workbench)

Exit codes: 0 ok · 1 drift found, a rule refused the plan, or a record failed or did not verify ·
2 usage · 4 the Feature Management App is missing or not readable`;

async function withFma(ctx: CommandContext): Promise<LicenseManagementOrg> {
  const lmo = await ctx.lmo();
  const probe = await lmo.features.probe({ signal: ctx.signal });
  if (!probe.installed) throw probe.error;
  return lmo;
}

function choosePackages(packages: readonly Package[], wanted: string | boolean | undefined): Package[] {
  if (typeof wanted !== 'string') return [...packages];
  const key = wanted.trim().toLowerCase();
  const found = packages.filter((p) => p.id.slice(0, 15).toLowerCase() === key.slice(0, 15) || p.name.trim().toLowerCase() === key);
  if (!found.length)
    throw usageError(`No package "${singleLine(wanted, 80)}" in this LMO. Packages: ${packages.map((p) => singleLine(p.name, 60)).join(', ')}.`);
  return found;
}

async function list(ctx: CommandContext): Promise<number> {
  const lmo = await withFma(ctx);
  const [packages, versions] = await Promise.all([lmo.packages({ signal: ctx.signal }), lmo.packageVersions(undefined, { signal: ctx.signal })]);
  const chosen = choosePackages(packages, ctx.args.package);
  const results = [];
  for (const pkg of chosen)
    results.push({
      pkg,
      features: await lmo.features.distributions(pkg.id, { signal: ctx.signal, today: ctx.today, includeSandboxes: ctx.args['include-sandboxes'] === true }),
    });
  ctx.out.data({
    org: lmo.target.label,
    today: ctx.today,
    packages: results.map(({ pkg, features }) => ({
      id: pkg.id,
      name: pkg.name,
      liveLicenses: features.liveLicenses,
      apiCalls: features.apiCalls,
      parameters: features.parameters.map((p) => ({
        ...p.parameter,
        introducedInVersion: introducedVersion(p.parameter, versions),
        withoutValue: p.withoutValue,
        // The share of live licenses and its words, as the dashboard's card shows them.
        adoption: parameterAdoption(p, features.liveLicenses),
        distribution: p.distribution,
      })),
    })),
  });
  const lines = [`# Feature parameters — ${lmo.target.label} (live licenses as of ${ctx.today})`];
  for (const { pkg, features } of results) {
    lines.push('', `## ${singleLine(pkg.name, 80)} — ${features.liveLicenses.toLocaleString('en-US')} live licenses`);
    if (!features.parameters.length) lines.push('  No feature parameters: no subscriber has installed a version that has one.');
    for (const p of features.parameters) {
      const since = introducedVersion(p.parameter, versions);
      lines.push(
        `  ${singleLine(p.parameter.fullName, 60)}  ${p.parameter.dataType}  ${describeDirection(p.parameter.direction)}${since ? `  since ${since}` : ''}`,
        `      ${parameterAdoption(p, features.liveLicenses).summary}`,
      );
      if (p.parameter.direction === 'SubscriberToLmo') lines.push(`      ${SUBSCRIBER_TO_LMO_NOTE}`);
    }
  }
  ctx.out.text(lines.join('\n'));
  return EXIT.ok;
}

async function drift(ctx: CommandContext): Promise<number> {
  const dir = resolve(typeof ctx.args.project === 'string' && ctx.args.project.trim() ? ctx.args.project : process.cwd());
  const { project, files } = await readFeatureSource(dir);
  const lmo = await withFma(ctx);
  const [packages, parameters] = await Promise.all([lmo.packages({ signal: ctx.signal }), lmo.features.parameters(undefined, { signal: ctx.signal })]);
  const source = indexFeatureSource(files, project);
  const findings = featureDrift(source, new LmoFeatureIndex(packages, parameters), project);
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const located = findings.map((f) => ({ ...f, ...lineColumn(texts.get(f.file) ?? '', f.span.offset), lmo: f.lmo?.fullName }));
  ctx.out.data({ project: dir, org: lmo.target.label, parameters: source.parameters.length, references: source.references.length, findings: located });
  ctx.out.text(
    [
      `# Feature parameter drift — ${dir} against ${lmo.target.label}`,
      `${source.parameters.length} parameter files, ${source.references.length} Apex references, ${parameters.length} parameters in the LMO.`,
      '',
      ...(located.length
        ? located.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.kind}: ${singleLine(f.message, 300)}`)
        : ['No drift: the source and the LMO agree.']),
    ].join('\n'),
  );
  return located.length ? EXIT.findings : EXIT.ok;
}

async function values(ctx: CommandContext): Promise<number> {
  const id = ctx.args.license;
  if (typeof id !== 'string' || !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id.trim()))
    throw usageError(`features values needs --license <License record id>.\n\n${USAGE}`);
  const lmo = await withFma(ctx);
  const records = await lmo.features.licenseValues(id.trim(), { signal: ctx.signal });
  ctx.out.data({ org: lmo.target.label, license: id.trim(), values: records });
  ctx.out.text(
    records.length
      ? [
          `# Feature parameter values of ${id.trim()}`,
          '',
          ...records.map(
            (r) =>
              `${singleLine(r.fullName, 60).padEnd(40)}  ${describeFeatureValue(r.value, r.dataType).padEnd(14)}  ${describeDirection(r.direction)}${r.direction === 'SubscriberToLmo' ? `  (reported ${r.lastModified ?? '?'})` : ''}`,
          ),
        ].join('\n')
      : `${id.trim()} has no feature parameter values (no such license, or its version has no parameters).`,
  );
  return EXIT.ok;
}

/** Preview, then (with --yes) the guarded write. */
function previewAndRunValues(ctx: CommandContext, lmo: LicenseManagementOrg, plan: FeatureValuePlan, blockers: readonly string[]): Promise<number> {
  return previewAndRun(ctx, ({ typed, typedOver }) => {
    const validation = validateValuePlan(plan);
    const rows = valuePreviewRows(plan, validation);
    const requirement = valueConfirmationFor(plan, typedOver);
    const journal = new FeatureValueJournal(stateDirOf(ctx));
    const changes = new Map(plan.changes.map((c) => [c.target.valueId, c]));
    return {
      preview: {
        title: `# Feature parameter values — ${lmo.target.label}${plan.description ? `: ${plan.description}` : ''}`,
        table: plan.changes.length
          ? renderIssueTable(
              [
                ['License', 10, (r) => r.licenseName],
                ['Subscriber', 26, (r) => r.subscriber],
                ['Org id', 18, (r) => r.orgId],
                ['Parameter', 30, (r) => r.parameter],
                ['Old', 14, (r) => r.old],
                ['New', 14, (r) => r.new],
              ],
              rows,
            )
          : undefined,
        count: plan.changes.length,
        nouns: ['value', 'values'],
        validation,
        blockers,
        notes: [PROPAGATION_NOTE],
        requirement,
        summary: {
          runId: plan.id,
          org: plan.org,
          description: plan.description,
          values: plan.changes.length,
          errors: validation.errors,
          warnings: validation.warnings,
          confirmation: requirement,
          blockers,
          notes: [PROPAGATION_NOTE],
        },
        rows,
      },
      journal: journal.path,
      undo: 'features undo',
      notes: [PROPAGATION_NOTE],
      async write() {
        const report = await lmo.features.runValueChange(plan, {
          journal,
          typedConfirmationOver: typedOver,
          confirmation: { yes: true, typed },
          signal: ctx.signal,
          onProgress: progressNotes(ctx, 'values'),
        });
        if (report.status === 'blocked' || report.status === 'needsConfirmation') return report;
        const verification = new Map(report.verifications.map((v) => [v.valueId, v]));
        const records = [
          ...report.results.map((r) => ({
            valueId: r.recordId,
            outcome: r.outcome,
            verified: verification.get(r.recordId)?.holdsNewValue ?? false,
            errors: r.errors,
          })),
          ...report.notSent.map((id) => ({ valueId: id, outcome: 'notSent' as const, verified: false, errors: [] })),
        ].map((r) => ({
          ...r,
          licenseId: changes.get(r.valueId)?.target.licenseId,
          licenseName: changes.get(r.valueId)?.target.licenseName ?? r.valueId,
          parameter: changes.get(r.valueId)?.target.parameter.fullName,
        }));
        return { status: report.status, runId: report.runId, counts: report.counts, records };
      },
      line: (r) =>
        resultLine(
          r.licenseName,
          `${r.valueId} ${singleLine(r.parameter ?? '', 40)}`,
          r.outcome,
          r.errors,
          r.verified ? 'saved, verified' : 'saved, NOT VERIFIED (the record does not hold the new value)',
        ),
    };
  });
}

async function set(ctx: CommandContext): Promise<number> {
  const request = await readPlan(ctx, 'features set', USAGE, parseValuePlanFile);
  const lmo = await withFma(ctx);
  const built = await lmo.features.planValueChanges(request, { signal: ctx.signal });
  if (built.unchanged.length)
    ctx.out.note(`${built.unchanged.length} ${built.unchanged.length === 1 ? 'value already holds' : 'values already hold'} the requested value: left out.`);
  return previewAndRunValues(
    ctx,
    lmo,
    built.plan,
    built.unresolved.map((u) => `${u.license} ${singleLine(u.parameter, 60)}: ${u.reason}`),
  );
}

async function undo(ctx: CommandContext): Promise<number> {
  const id = ctx.args['journal-entry'];
  if (typeof id !== 'string' || !id.trim()) throw usageError(`features undo needs --journal-entry <run id>.\n\n${USAGE}`);
  const journal = new FeatureValueJournal(stateDirOf(ctx));
  const run = await journal.run(id);
  if (!run) throw usageError(`No run ${JSON.stringify(id.trim())} in the journal ${journal.path}.`);
  const lmo = await withFma(ctx);
  const undone = await journal.undone(run.runId);
  const { plan, skipped } = await lmo.features.undoPlanFor(run, { signal: ctx.signal, undone });
  for (const note of alreadyUndoneNotes(run.runId, undone, run.plan.changes.length)) ctx.out.note(note);
  for (const s of skipped) ctx.out.note(`Left alone: ${s.valueId}: ${s.reason}`);
  return previewAndRunValues(ctx, lmo, plan, []);
}

export const featuresCommand: CliCommand = {
  name: 'features',
  summary: 'Feature parameters: distributions per package, drift against the package source, guarded edits of LMO → subscriber values',
  usage: USAGE,
  allowPositionals: true,
  options: {
    ...WRITE_OPTIONS,
    package: { type: 'string' },
    'include-sandboxes': { type: 'boolean', default: false },
    project: { type: 'string' },
    license: { type: 'string' },
  },
  async run(ctx) {
    const [sub, ...extra] = ctx.positionals;
    if (extra.length) throw usageError(`Unexpected argument "${extra[0]}".\n\n${USAGE}`);
    if (sub === undefined) return list(ctx);
    if (sub === 'drift') return drift(ctx);
    if (sub === 'values') return values(ctx);
    if (sub === 'set') return set(ctx);
    if (sub === 'undo') return undo(ctx);
    throw usageError(`Unknown subcommand "${sub}": drift, values, set or undo (or none, for the list).\n\n${USAGE}`);
  },
};
