/**
 * `licenses modify`: changing many licenses at once — a plan file, Salesforce's Modify License rules
 * checked first, a preview. With --yes the plan becomes the Modify License worklist (the default,
 * as Salesforce's LMA guidance says: each license's page, verified row by row; nothing written
 * through the API), or with --through-api the guarded API write (and, for a suspension or a large
 * plan, --confirm with the typed confirmation): batched, reported per record, verified, journaled.
 * `licenses undo` restores a journaled run the same two ways; `licenses resume` picks a worklist up;
 * `licenses journal` lists the runs. A dry run (the default) writes nothing.
 */
import { DEFAULT_TYPED_CONFIRMATION_OVER, confirmationFor } from '../../core/licenseChanges/confirmation';
import { type UndoneRecord, alreadyUndoneNotes, summarizeRun, undoneRecords } from '../../core/licenseChanges/journal';
import { licensesToRecheck } from '../../core/licenseChanges/undo';
import { CHECKOUT_NOTE } from '../../core/licenseChanges/worklist';
import { type ChangePlan, excludeFromPlan } from '../../core/licenseChanges/plan';
import { parsePlanFile } from '../../core/licenseChanges/planFile';
import { previewRows, renderPreviewTable } from '../../core/licenseChanges/preview';
import { type PlanValidation, validatePlan } from '../../core/licenseChanges/validation';
import { singleLine } from '../../core/displayText';
import { subscriberName } from '../../core/license';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { usageError } from '../../data/org/errors';
import { checkRunOrg } from '../../data/lmo/runOrg';
import { LicenseJournal } from '../../storage/journal';
import { SALESFORCE_GUIDANCE, VERIFIED_MEANS } from '../../core/licenseChanges/worklist';
import { WORKLIST_OPTIONS, runWorklist } from './licensesWorklist';
import { WRITE_OPTIONS, previewAndRun, progressNotes, readPlan, resultLine, stateDirOf } from '../guardedWrite';
import { EXIT } from '../output';
import { type CliCommand, type CommandContext } from '../session';

const USAGE = `Usage: lma-workbench licenses modify --plan <file> [--exclude <id,…>] [--dry-run | --yes [--open] | --yes --through-api [--confirm <text>]] [org options]
       lma-workbench licenses undo --journal-entry <run id> [--dry-run | --yes [--open] | --yes --through-api [--confirm <text>]] [org options]
       lma-workbench licenses resume --journal-entry <run id> [--open] [org options]
       lma-workbench licenses journal
       lma-workbench licenses deleted [org options]

  modify                  Change licenses as a plan file says (schema: schemas/license-changes.schema.json).
                          Checks Salesforce's Modify License rules and prints a preview; nothing changes
                          unless --yes is given. With --yes: the Modify License worklist — each license's
                          page with the values to set, waiting for your save and verifying it (the record
                          and its License history); nothing is written through the API
  resume                  Go on with a worklist that was stopped (q, Ctrl-C) or left rows to do
  undo                    Put back the old values of a journaled run, on the licenses that still hold its
                          new values (through the same checks, preview and confirmation)
  journal                 List the journaled runs (their ids are what undo takes)
  deleted                 Licenses in the Recycle Bin (deleted in the last 15 days): their customers lost
                          access; exits 1 when there is any, with how to restore them
  --plan <file>           The plan: { "changes": [ { "license": "a0L…", "status": "Active", "seats": 20,
                          "expiration": "2026-12-31" | "never", "extendDays": 30 } ] }
  --exclude <id,…>        Leave these licenses out of the plan (record ids, comma-separated): the rest is
                          checked again by the same rules; the journal records which were left out
  --dry-run               Preview only (the default)
  --yes                   Carry the plan out: the worklist, or with --through-api the write
  --open                  Open each license's page in the browser ($BROWSER, else the system's opener)
  --poll-seconds <n>      How often the worklist re-reads the row it waits on (1 to 3,600; default 10)
  --row-timeout <n>       Seconds to wait for a row's save before moving on (default 1,800)
  --through-api           Write through the API instead (Salesforce's guidance is to use Modify License:
                          "${SALESFORCE_GUIDANCE}").
                          Results are reported per record, re-read to verify, and journaled
  --confirm <text>        The typed confirmation a plan that suspends a license, or changes more than
                          --confirm-over licenses, needs: the number of licenses (or, for one license,
                          its subscriber org id)
  --confirm-over <n>      Plans of more licenses need --confirm (0 to 100,000; default ${DEFAULT_TYPED_CONFIRMATION_OVER})
  --state-dir <dir>       Where the journal is kept (default: $XDG_STATE_HOME/lma-workbench or
                          ~/.local/state/lma-workbench)

Exit codes: 0 written or every worklist row done (or a clean dry run) · 1 a rule refused the plan, a record
failed or did not verify, or worklist rows were skipped or differ · 2 usage (an invalid plan file, a missing
confirmation) · 130 the worklist was stopped (resume it)`;

function journalOf(ctx: CommandContext): LicenseJournal {
  return new LicenseJournal(stateDirOf(ctx));
}

/** Preview, then (with --yes) the Modify License worklist, or with --through-api the guarded write. */
function previewAndRunChanges(
  ctx: CommandContext,
  lmo: LicenseManagementOrg,
  plan: ChangePlan,
  blockers: readonly string[],
  alreadyUndoneBy: readonly string[] = [],
): Promise<number> {
  return previewAndRun(ctx, ({ typed, typedOver }) => {
    const throughApi = ctx.args['through-api'] === true;
    const validation: PlanValidation = validatePlan(plan, ctx.today);
    const rows = previewRows(plan, validation);
    // The worklist writes nothing itself: the user saves each page, so no typed confirmation is asked.
    const requirement = throughApi
      ? confirmationFor(plan, typedOver, ctx.today)
      : {
          typed: false,
          expected: undefined,
          reasons: [],
          prompt:
            'With --yes: the Modify License worklist, each license’s page in turn, verified after you save it (nothing is written through the API; --through-api writes instead).',
        };
    const journal = journalOf(ctx);
    // A refused plan: say how to leave the refused licenses out, if that is the way (docs/cli.md).
    const refused = plan.changes.filter((c) => validation.issues.get(c.license.id)?.some((i) => i.severity === 'error')).map((c) => c.license.id);
    const excludeHint = refused.length && plan.undoOf === undefined ? [`Or leave the refused licenses out: --exclude ${refused.join(',')}`] : [];
    const names = new Map(plan.changes.map((c) => [c.license.id, c.license.name]));
    return {
      preview: {
        title: `# License changes — ${lmo.target.label}${plan.description ? `: ${plan.description}` : ''}`,
        table: plan.changes.length ? renderPreviewTable(rows) : undefined,
        count: plan.changes.length,
        nouns: ['license', 'licenses'],
        validation,
        blockers,
        notes: [CHECKOUT_NOTE, VERIFIED_MEANS, ...excludeHint],
        requirement,
        summary: {
          runId: plan.id,
          org: plan.org,
          description: plan.description,
          licenses: plan.changes.length,
          errors: validation.errors,
          warnings: validation.warnings,
          confirmation: requirement,
          channel: throughApi ? 'api' : 'worklist',
          blockers,
          excluded: plan.excluded ?? [],
          ...(plan.undoOf ? { undoOf: plan.undoOf, alreadyUndoneBy } : {}),
        },
        rows,
        action: throughApi ? 'to write' : 'for the worklist',
      },
      instead: throughApi ? undefined : () => runWorklist(ctx, { lmo, journal, plan: { plan, validation } }),
      announce: `Writing through the API (--through-api). Salesforce's LMA guidance: "${SALESFORCE_GUIDANCE}"`,
      journal: journal.path,
      undo: 'licenses undo',
      async write() {
        const report = await lmo.runLicenseChange(plan, {
          journal,
          today: ctx.today,
          typedConfirmationOver: typedOver,
          confirmation: { yes: true, typed },
          signal: ctx.signal,
          onProgress: progressNotes(ctx, 'licenses'),
        });
        if (report.status === 'blocked' || report.status === 'needsConfirmation') return report;
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
        return { status: report.status, runId: report.runId, counts: report.counts, records };
      },
      line: (r) =>
        resultLine(
          r.licenseName,
          r.licenseId,
          r.outcome,
          r.errors,
          r.verified ? 'saved, verified' : `saved, NOT VERIFIED (${r.holdsNewValues ? 'history lacks the change' : 'the record does not hold the new values'})`,
        ),
    };
  });
}

/** The license ids of --exclude (15 or 18 characters, comma-separated); a usage error for anything else. */
function excludedIds(ctx: CommandContext): string[] {
  const value = ctx.args.exclude;
  if (value === undefined) return [];
  const ids = String(value)
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const bad = ids.find((id) => !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id));
  if (!ids.length || bad !== undefined)
    throw usageError(`--exclude takes license record ids (15 or 18 characters), comma-separated${bad ? `, not ${JSON.stringify(bad)}` : ''}.\n\n${USAGE}`);
  return ids;
}

async function modify(ctx: CommandContext): Promise<number> {
  const request = await readPlan(ctx, 'licenses modify', USAGE, parsePlanFile);
  const exclude = excludedIds(ctx);
  const lmo = await ctx.lmo();
  const built = await lmo.planLicenseChanges(request, { signal: ctx.signal });
  if (built.unchanged.length)
    ctx.out.note(
      `${built.unchanged.length} ${built.unchanged.length === 1 ? 'license already holds' : 'licenses already hold'} the requested values: left out.`,
    );
  // --exclude: the plan without those licenses (a request that named one and could not be planned goes too).
  const keys = new Set(exclude.map((id) => id.slice(0, 15)));
  const named = new Set(
    [...built.plan.changes.map((c) => c.license.id), ...built.unresolved.map((u) => u.license.trim()), ...built.unchanged].map((id) => id.slice(0, 15)),
  );
  const unknown = exclude.filter((id) => !named.has(id.slice(0, 15)));
  if (unknown.length) throw usageError(`--exclude names ${unknown.join(', ')}, which the plan file does not name.`);
  const plan = keys.size ? excludeFromPlan(built.plan, exclude) : built.plan;
  for (const e of plan.excluded ?? []) ctx.out.note(`Left out (--exclude): ${e.licenseName} (${e.licenseId}).`);
  return previewAndRunChanges(
    ctx,
    lmo,
    plan,
    built.unresolved.filter((u) => !keys.has(u.license.trim().slice(0, 15))).map((u) => `${u.license}: ${u.reason}`),
  );
}

async function undo(ctx: CommandContext): Promise<number> {
  const id = ctx.args['journal-entry'];
  if (typeof id !== 'string' || !id.trim()) throw usageError(`licenses undo needs --journal-entry <run id> (see: lma-workbench licenses journal).\n\n${USAGE}`);
  const journal = journalOf(ctx);
  const runs = await journal.runs();
  const run = runs.find((r) => r.runId === id.trim());
  if (!run) throw usageError(`No run ${JSON.stringify(id.trim())} in the journal ${journal.path}.`);
  const lmo = await ctx.lmo();
  const undone = undoneRecords(runs, run.runId);
  const { plan, skipped } = await lmo.undoPlanFor(run, { signal: ctx.signal, today: ctx.today, undone });
  for (const note of alreadyUndoneNotes(run.runId, undone, licensesToRecheck(run).length)) ctx.out.note(note);
  for (const s of skipped) ctx.out.note(`Left alone: ${s.licenseName} (${s.licenseId}): ${s.reason}`);
  return previewAndRunChanges(ctx, lmo, plan, [], alreadyUndoneBy(undone));
}

/** The undo runs that already put some of a run's records back. */
function alreadyUndoneBy(undone: ReadonlyMap<string, UndoneRecord>): string[] {
  return [...new Set([...undone.values()].map((u) => u.undoRunId))];
}

async function resume(ctx: CommandContext): Promise<number> {
  const id = ctx.args['journal-entry'];
  if (typeof id !== 'string' || !id.trim())
    throw usageError(`licenses resume needs --journal-entry <run id> (see: lma-workbench licenses journal).\n\n${USAGE}`);
  const journal = journalOf(ctx);
  const run = await journal.run(id);
  if (!run) throw usageError(`No run ${JSON.stringify(id.trim())} in the journal ${journal.path}.`);
  if (run.channel !== 'worklist') throw usageError(`Run ${run.runId} wrote through the API: there is no worklist to resume.`);
  const lmo = await ctx.lmo();
  checkRunOrg(run, lmo.target, 'resume');
  return runWorklist(ctx, { lmo, journal, resume: run });
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
              `${r.runId}  ${r.at}  ${r.user}  ${r.state}  ${r.licenses} licenses: ${r.saved} ${r.channel === 'worklist' ? 'done on Modify License (worklist)' : 'saved'}, ${r.failed} failed${r.unanswered ? `, ${r.unanswered} unanswered` : ''}${r.undoOf ? `  (undo of ${r.undoOf})` : ''}${r.description ? `  ${singleLine(r.description, 80)}` : ''}`,
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
  summary:
    'Change licenses safely: plan, Modify License rules, preview, then the Modify License worklist (or, opt-in, write through the API), verify, journal; undo a run',
  usage: USAGE,
  allowPositionals: true,
  options: { ...WRITE_OPTIONS, ...WORKLIST_OPTIONS, exclude: { type: 'string' } },
  async run(ctx) {
    const [sub, ...extra] = ctx.positionals;
    if (extra.length) throw usageError(`Unexpected argument "${extra[0]}".\n\n${USAGE}`);
    if (ctx.args.exclude !== undefined && sub !== 'modify') throw usageError(`--exclude is an option of licenses modify only.\n\n${USAGE}`);
    if (sub === 'modify') return modify(ctx);
    if (sub === 'undo') return undo(ctx);
    if (sub === 'resume') return resume(ctx);
    if (sub === 'journal') return listJournal(ctx);
    if (sub === 'deleted') return listDeleted(ctx);
    throw usageError(`${sub ? `Unknown subcommand "${sub}"` : 'Say what to do'}: modify, undo, resume, journal or deleted.\n\n${USAGE}`);
  },
};
