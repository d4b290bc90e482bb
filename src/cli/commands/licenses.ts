/**
 * `licenses modify`: the guarded path for changing many licenses at once — a plan file,
 * Salesforce's Modify License rules checked first, a preview, and only with --yes (and, for a
 * suspension or a large plan, --confirm with the typed confirmation) a write: batched, reported
 * per record, verified, journaled. `licenses undo` restores a journaled run; `licenses journal`
 * lists the runs. A dry run (the default) writes nothing.
 */
import { DEFAULT_TYPED_CONFIRMATION_OVER, confirmationFor } from '../../core/licenseChanges/confirmation';
import { summarizeRun } from '../../core/licenseChanges/journal';
import { type ChangePlan } from '../../core/licenseChanges/plan';
import { parsePlanFile } from '../../core/licenseChanges/planFile';
import { previewRows, renderPreviewTable } from '../../core/licenseChanges/preview';
import { type PlanValidation, validatePlan } from '../../core/licenseChanges/validation';
import { singleLine } from '../../core/displayText';
import { subscriberName } from '../../core/license';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { usageError } from '../../data/org/errors';
import { LicenseJournal } from '../../storage/journal';
import { WRITE_OPTIONS, confirmationMissing, previewOrStop, progressNotes, readPlan, reportRun, resultLine, stateDirOf, writeMode } from '../guardedWrite';
import { EXIT } from '../output';
import { type CliCommand, type CommandContext } from '../session';

const USAGE = `Usage: lma-workbench licenses modify --plan <file> [--dry-run | --yes [--confirm <text>]] [org options]
       lma-workbench licenses undo --journal-entry <run id> [--dry-run | --yes [--confirm <text>]] [org options]
       lma-workbench licenses journal
       lma-workbench licenses deleted [org options]

  modify                  Change licenses as a plan file says (schema: schemas/license-changes.schema.json).
                          Checks Salesforce's Modify License rules and prints a preview; writes nothing
                          unless --yes is given
  undo                    Put back the old values of a journaled run, on the licenses that still hold its
                          new values (through the same checks, preview and confirmation)
  journal                 List the journaled runs (their ids are what undo takes)
  deleted                 Licenses in the Recycle Bin (deleted in the last 15 days): their customers lost
                          access; exits 1 when there is any, with how to restore them
  --plan <file>           The plan: { "changes": [ { "license": "a0L…", "status": "Active", "seats": 20,
                          "expiration": "2026-12-31" | "never", "extendDays": 30 } ] }
  --dry-run               Preview only (the default)
  --yes                   Write. Results are reported per record, re-read to verify, and journaled
  --confirm <text>        The typed confirmation a plan that suspends a license, or changes more than
                          --confirm-over licenses, needs: the number of licenses (or, for one license,
                          its subscriber org id)
  --confirm-over <n>      Plans of more licenses need --confirm (0 to 100,000; default ${DEFAULT_TYPED_CONFIRMATION_OVER})
  --state-dir <dir>       Where the journal is kept (default: $XDG_STATE_HOME/lma-workbench or
                          ~/.local/state/lma-workbench)

Exit codes: 0 written (or a clean dry run) · 1 a rule refused the plan, or a record failed or did not verify ·
2 usage (an invalid plan file, a missing confirmation)`;

function journalOf(ctx: CommandContext): LicenseJournal {
  return new LicenseJournal(stateDirOf(ctx));
}

/** Preview, then (with --yes) the guarded write. */
async function previewAndRun(ctx: CommandContext, lmo: LicenseManagementOrg, plan: ChangePlan, blockers: readonly string[]): Promise<number> {
  const { yes, typed, typedOver } = writeMode(ctx);
  const validation: PlanValidation = validatePlan(plan, ctx.today);
  const rows = previewRows(plan, validation);
  const requirement = confirmationFor(plan, typedOver);
  const summary = {
    runId: plan.id,
    org: plan.org,
    description: plan.description,
    licenses: plan.changes.length,
    errors: validation.errors,
    warnings: validation.warnings,
    confirmation: requirement,
    blockers,
  };
  const stop = previewOrStop(ctx, {
    title: `# License changes — ${lmo.target.label}${plan.description ? `: ${plan.description}` : ''}`,
    table: plan.changes.length ? renderPreviewTable(rows) : undefined,
    count: plan.changes.length,
    nouns: ['license', 'licenses'],
    validation,
    blockers,
    requirement,
    yes,
    summary,
    rows,
  });
  if (stop !== undefined) return stop;
  const journal = journalOf(ctx);
  const report = await lmo.runLicenseChange(plan, {
    journal,
    today: ctx.today,
    typedConfirmationOver: typedOver,
    confirmation: { yes: true, typed },
    signal: ctx.signal,
    onProgress: progressNotes(ctx, 'licenses'),
  });
  if (report.status === 'blocked') return EXIT.findings; // validated above: only if the org's data moved in between
  if (report.status === 'needsConfirmation') throw confirmationMissing(requirement, typed);
  const names = new Map(plan.changes.map((c) => [c.license.id, c.license.name]));
  const verification = new Map(report.verifications.map((v) => [v.licenseId, v]));
  const records = [
    ...report.results.map((r) => {
      const v = verification.get(r.licenseId);
      return {
        licenseId: r.licenseId,
        licenseName: names.get(r.licenseId) ?? r.licenseId,
        outcome: r.outcome,
        verified: v ? v.holdsNewValues && v.historyRecorded : false,
        holdsNewValues: v?.holdsNewValues ?? false,
        historyRecorded: v?.historyRecorded ?? false,
        errors: r.errors,
      };
    }),
    ...report.notSent.map((id) => ({
      licenseId: id,
      licenseName: names.get(id) ?? id,
      outcome: 'notSent' as const,
      verified: false,
      holdsNewValues: false,
      historyRecorded: false,
      errors: [],
    })),
  ];
  ctx.out.data({ ...summary, status: report.status, journal: journal.path, counts: report.counts, records });
  const describe = (r: (typeof records)[number]) =>
    resultLine(
      r.licenseName,
      r.licenseId,
      r.outcome,
      r.errors,
      r.verified ? 'saved, verified' : `saved, NOT VERIFIED (${r.holdsNewValues ? 'history lacks the change' : 'the record does not hold the new values'})`,
    );
  return reportRun(ctx, {
    status: report.status,
    runId: report.runId,
    counts: report.counts,
    lines: records.map(describe),
    journal: journal.path,
    undo: 'licenses undo',
  });
}

async function modify(ctx: CommandContext): Promise<number> {
  const request = await readPlan(ctx, 'licenses modify', USAGE, parsePlanFile);
  const lmo = await ctx.lmo();
  const built = await lmo.planLicenseChanges(request, { signal: ctx.signal });
  if (built.unchanged.length)
    ctx.out.note(
      `${built.unchanged.length} ${built.unchanged.length === 1 ? 'license already holds' : 'licenses already hold'} the requested values: left out.`,
    );
  return previewAndRun(
    ctx,
    lmo,
    built.plan,
    built.unresolved.map((u) => `${u.license}: ${u.reason}`),
  );
}

async function undo(ctx: CommandContext): Promise<number> {
  const id = ctx.args['journal-entry'];
  if (typeof id !== 'string' || !id.trim()) throw usageError(`licenses undo needs --journal-entry <run id> (see: lma-workbench licenses journal).\n\n${USAGE}`);
  const journal = journalOf(ctx);
  const run = await journal.run(id);
  if (!run) throw usageError(`No run ${JSON.stringify(id.trim())} in the journal ${journal.path}.`);
  const lmo = await ctx.lmo();
  const { plan, skipped } = await lmo.undoPlanFor(run, { signal: ctx.signal, today: ctx.today });
  for (const s of skipped) ctx.out.note(`Left alone: ${s.licenseName} (${s.licenseId}): ${s.reason}`);
  return previewAndRun(ctx, lmo, plan, []);
}

async function listJournal(ctx: CommandContext): Promise<number> {
  const journal = journalOf(ctx);
  const runs = (await journal.runs()).map(summarizeRun);
  ctx.out.data({ journal: journal.path, runs });
  ctx.out.text(
    runs.length
      ? [
          `Journal: ${journal.path}`,
          '',
          ...runs.map(
            (r) =>
              `${r.runId}  ${r.at}  ${r.user}  ${r.state}  ${r.licenses} licenses: ${r.saved} saved, ${r.failed} failed${r.unanswered ? `, ${r.unanswered} unanswered` : ''}${r.undoOf ? `  (undo of ${r.undoOf})` : ''}${r.description ? `  ${singleLine(r.description, 80)}` : ''}`,
          ),
        ].join('\n')
      : `No runs in ${journal.path}.`,
  );
  return EXIT.ok;
}

async function listDeleted(ctx: CommandContext): Promise<number> {
  const lmo = await ctx.lmo();
  const deleted = await lmo.deletedLicenses({ signal: ctx.signal });
  ctx.out.data({
    org: lmo.target.label,
    deleted: deleted.map((d) => ({
      licenseId: d.license.id,
      licenseName: d.license.name,
      orgId: d.license.subscriberOrgId,
      subscriber: subscriberName(d.license),
      packageName: d.license.packageName,
      status: d.license.statusLabel,
      deletedAt: d.deletedAt,
    })),
  });
  ctx.out.text(
    deleted.length
      ? [
          `# Deleted licenses — ${lmo.target.label}: ${deleted.length} in the Recycle Bin`,
          '',
          'These customers lost access to the package. A deleted license cannot be recreated: restore it from the',
          "LMO's Recycle Bin (App Launcher > Recycle Bin > select > Restore) while it is there (15 days).",
          '',
          ...deleted.map(
            (d) =>
              `${d.license.name.padEnd(10)}  ${d.license.id}  org ${d.license.subscriberOrgId}  ${singleLine(subscriberName(d.license), 40)}  ${singleLine(d.license.packageName ?? '', 30)}  deleted ${d.deletedAt ?? '(unknown)'}`,
          ),
        ].join('\n')
      : `No license of ${lmo.target.label} is in the Recycle Bin.`,
  );
  return deleted.length ? EXIT.findings : EXIT.ok;
}

export const licensesCommand: CliCommand = {
  name: 'licenses',
  summary: 'Change licenses safely: plan, Modify License rules, preview, confirm, write, verify, journal; undo a run',
  usage: USAGE,
  allowPositionals: true,
  options: WRITE_OPTIONS,
  async run(ctx) {
    const [sub, ...extra] = ctx.positionals;
    if (extra.length) throw usageError(`Unexpected argument "${extra[0]}".\n\n${USAGE}`);
    if (sub === 'modify') return modify(ctx);
    if (sub === 'undo') return undo(ctx);
    if (sub === 'journal') return listJournal(ctx);
    if (sub === 'deleted') return listDeleted(ctx);
    throw usageError(`${sub ? `Unknown subcommand "${sub}"` : 'Say what to do'}: modify, undo, journal or deleted.\n\n${USAGE}`);
  },
};
