/**
 * What the commands that write (licenses modify/undo, features set/undo) share: the plan file,
 * dry run by default, --yes and the typed --confirm, the journal's folder, progress notes.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { singleLine } from '../core/displayText';
import { type JsonFileProblem, lineColumn } from '../core/jsonSchemaFile';
import { type ConfirmationRequirement, DEFAULT_TYPED_CONFIRMATION_OVER } from '../core/licenseChanges/confirmation';
import { LmoError, usageError } from '../data/org/errors';
import type { RunProgress } from '../data/lmo/guardedRun';
import { defaultStateDir } from '../storage/journal';
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

/** --yes or a dry run (the default), the typed confirmation, and the size past which it is asked. */
export function writeMode(ctx: CommandContext): { yes: boolean; typed: string | undefined; typedOver: number } {
  const yes = ctx.args.yes === true;
  if (yes && ctx.args['dry-run'] === true) throw usageError('Choose --dry-run or --yes, not both.');
  return {
    yes,
    typed: typeof ctx.args.confirm === 'string' ? ctx.args.confirm : undefined,
    typedOver: wholeNumber('confirm-over', ctx.args['confirm-over'], 0, 100_000, DEFAULT_TYPED_CONFIRMATION_OVER),
  };
}

export function confirmationHint(requirement: ConfirmationRequirement): string {
  return requirement.typed
    ? `${requirement.prompt}\nRe-run with --yes --confirm ${requirement.expected}.`
    : `${requirement.prompt}\nRe-run with --yes to write.`;
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
