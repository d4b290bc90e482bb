/**
 * What the commands that write (licenses modify/undo, features set/undo) share: the plan file,
 * dry run by default, --yes and the typed --confirm, the journal's folder, progress notes, and the
 * one path every kind of change takes on the command line (previewAndRun): preview, stop or write,
 * report the records.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { singleLine } from '../core/displayText';
import { type JsonFileProblem, lineColumn } from '../core/jsonSchemaFile';
import { type ConfirmationRequirement, DEFAULT_TYPED_CONFIRMATION_OVER } from '../core/licenseChanges/confirmation';
import { LmoError, usageError } from '../data/org/errors';
import type { RunCounts, RunProgress } from '../data/lmo/guardedRun';
import { defaultStateDir } from '../storage/journal';
import { EXIT } from './output';
import { type CommandContext, wholeNumber } from './session';

export const WRITE_OPTIONS = {
  plan: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  confirm: { type: 'string' },
  'confirm-over': { type: 'string' },
  'state-dir': { type: 'string' },
  'journal-entry': { type: 'string' },
} as const;

export function stateDirOf(ctx: CommandContext): string {
  return typeof ctx.args['state-dir'] === 'string' && ctx.args['state-dir'].trim() ? resolve(ctx.args['state-dir']) : defaultStateDir();
}

export interface WriteMode {
  readonly yes: boolean;
  readonly typed: string | undefined;
  readonly typedOver: number;
}

/** --yes or a dry run (the default), the typed confirmation, and the size past which it is asked. */
export function writeMode(ctx: CommandContext): WriteMode {
  const yes = ctx.args.yes === true;
  if (yes && ctx.args['dry-run'] === true) throw usageError('Choose --dry-run or --yes, not both.');
  return {
    yes,
    typed: typeof ctx.args.confirm === 'string' ? ctx.args.confirm : undefined,
    typedOver: wholeNumber('confirm-over', ctx.args['confirm-over'], 0, 100_000, DEFAULT_TYPED_CONFIRMATION_OVER),
  };
}

export function confirmationHint(requirement: ConfirmationRequirement, action = 'to write'): string {
  return requirement.typed
    ? `${requirement.prompt}\nRe-run with --yes --confirm ${requirement.expected}.`
    : `${requirement.prompt}\nRe-run with --yes ${action}.`;
}

export function confirmationMissing(requirement: ConfirmationRequirement, typed: string | undefined): LmoError {
  return new LmoError(
    'usage',
    `${requirement.prompt}\n${typed !== undefined ? `"${singleLine(typed, 40)}" does not match. ` : ''}Re-run with --yes --confirm ${requirement.expected}.`,
    'confirmation missing',
  );
}

export function progressNotes(ctx: CommandContext, noun: string): (p: RunProgress) => void {
  return (p) => {
    if (p.phase === 'writing') ctx.out.note(`Written ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} (${p.failed} failed)…`);
    else if (p.phase === 'verifying') ctx.out.note(`Re-reading the saved ${noun} to verify…`);
  };
}

/** Reads --plan and checks it with `parse`; usage errors (exit 2) point at file:line:column. */
export async function readPlan<T>(
  ctx: CommandContext,
  command: string,
  usage: string,
  parse: (text: string) => { ok: true; request: T } | { ok: false; problems: readonly JsonFileProblem[] },
): Promise<T> {
  if (typeof ctx.args.plan !== 'string' || !ctx.args.plan.trim()) throw usageError(`${command} needs --plan <file>.\n\n${usage}`);
  const file = resolve(ctx.args.plan);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw usageError(`Cannot read the plan file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
  const parsed = parse(text);
  if (parsed.ok) return parsed.request;
  const problems = parsed.problems.map((p) => ({ ...p, ...lineColumn(text, p.span.offset) }));
  throw new LmoError('usage', `The plan file is not valid:\n${problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join('\n')}`, 'invalid plan');
}

/** One line per record of a run's results. */
export function resultLine(
  name: string,
  id: string,
  outcome: 'saved' | 'failed' | 'notSent',
  errors: readonly { statusCode: string; message: string }[],
  verified: string,
): string {
  const what =
    outcome === 'failed'
      ? `FAILED   ${errors.map((e) => `${e.statusCode}: ${singleLine(e.message, 160)}`).join('; ')}`
      : outcome === 'notSent'
        ? 'not sent (cancelled)'
        : verified;
  return `${singleLine(name, 40).padEnd(10)}  ${id}  ${what}`;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * Prints a plan's preview (title, table, counts, blockers) and stops where nothing may be written:
 * a refused plan exits 1, a dry run (or a plan with nothing to change) exits 0. Undefined: write.
 */
export interface Preview {
  readonly title: string;
  readonly table: string | undefined;
  readonly count: number;
  readonly nouns: readonly [string, string];
  readonly validation: { readonly ok: boolean; readonly errors: number; readonly warnings: number };
  readonly blockers: readonly string[];
  readonly notes?: readonly string[];
  readonly requirement: ConfirmationRequirement;
  readonly summary: object;
  readonly rows: unknown;
  /** What --yes does, for the dry run's hint. */
  readonly action?: string;
}

export function previewOrStop(ctx: CommandContext, preview: Preview & { readonly yes: boolean }): number | undefined {
  const { validation, count, blockers } = preview;
  ctx.out.text(
    [
      preview.title,
      '',
      preview.table ?? 'Nothing to change.',
      '',
      [
        `${plural(count, ...preview.nouns)}, ${plural(validation.errors, 'error', 'errors')}, ${plural(validation.warnings, 'warning', 'warnings')}.`,
        ...(preview.notes ?? []),
      ].join(' '),
      ...blockers.map((b) => `ERROR: ${b}`),
    ].join('\n'),
  );
  if (!validation.ok || blockers.length) {
    ctx.out.data({ ...preview.summary, status: 'blocked', preview: preview.rows });
    ctx.out.text('Nothing was written: fix the errors above first.');
    return EXIT.findings;
  }
  if (!preview.yes || !count) {
    ctx.out.data({ ...preview.summary, status: 'dryRun', preview: preview.rows });
    ctx.out.text(count ? `Dry run: nothing was written. ${confirmationHint(preview.requirement, preview.action)}` : 'Nothing was written.');
    return EXIT.ok;
  }
  return undefined;
}

/** The end of a run on the terminal: the counts, where the journal is and how to undo; and the exit code. */
export function reportRun(
  ctx: CommandContext,
  run: {
    readonly status: 'done' | 'cancelled';
    readonly runId: string;
    readonly counts: { saved: number; verified: number; failed: number; notSent: number; unverified: number };
    readonly lines: readonly string[];
    readonly journal: string;
    readonly undo: string;
    readonly notes?: readonly string[];
  },
): number {
  const c = run.counts;
  ctx.out.text(
    [
      '',
      '## Results',
      ...run.lines,
      '',
      [
        `${c.saved} saved (${c.verified} verified), ${c.failed} failed, ${c.notSent} not sent${run.status === 'cancelled' ? ' (cancelled)' : ''}.`,
        ...(run.notes ?? []),
      ].join(' '),
      `Journal: ${run.journal} (run ${run.runId}; undo with: lma-workbench ${run.undo} --journal-entry ${run.runId})`,
    ].join('\n'),
  );
  if (run.status === 'cancelled') return EXIT.interrupted;
  return c.failed || c.unverified ? EXIT.findings : EXIT.ok;
}

/** How a write through the API ended, its records already in the kind's words. */
export type WriteOutcome<R> =
  | { readonly status: 'blocked' }
  | { readonly status: 'needsConfirmation' }
  | { readonly status: 'done' | 'cancelled'; readonly runId: string; readonly counts: RunCounts; readonly records: readonly R[] };

/** What a kind of change (licenses, feature values) brings to the command line's guarded path. */
export interface GuardedWrite<R> {
  readonly preview: Preview;
  /** Carries the plan out another way than the API write (the Modify License worklist); its exit code. */
  readonly instead?: () => Promise<number>;
  /** Said before the write starts. */
  readonly announce?: string;
  /** The journal the write appends to. */
  readonly journal: string;
  write(): Promise<WriteOutcome<R>>;
  /** One line of the results per record. */
  line(record: R): string;
  /** The command that undoes a run, e.g. `licenses undo`. */
  readonly undo: string;
  readonly notes?: readonly string[];
}

/**
 * Preview, then (with --yes, a valid plan and the confirmation it needs) the write: the preview and
 * its stop (a refused plan exits 1, a dry run 0), the write or the kind's other way, the records
 * as data and as lines, and the exit code of the run.
 */
export async function previewAndRun<R>(ctx: CommandContext, kind: (mode: WriteMode) => GuardedWrite<R>): Promise<number> {
  const mode = writeMode(ctx);
  const w = kind(mode);
  const stop = previewOrStop(ctx, { ...w.preview, yes: mode.yes });
  if (stop !== undefined) return stop;
  if (w.instead) return w.instead();
  if (w.announce) ctx.out.note(w.announce);
  const report = await w.write();
  if (report.status === 'blocked') return EXIT.findings; // validated above: only if the org's data moved in between
  if (report.status === 'needsConfirmation') throw confirmationMissing(w.preview.requirement, mode.typed);
  ctx.out.data({ ...w.preview.summary, status: report.status, journal: w.journal, counts: report.counts, records: report.records });
  return reportRun(ctx, {
    status: report.status,
    runId: report.runId,
    counts: report.counts,
    lines: report.records.map((r) => w.line(r)),
    journal: w.journal,
    undo: w.undo,
    notes: w.notes,
  });
}
