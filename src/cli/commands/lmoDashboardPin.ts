/**
 * `lmo-dashboard pin`: the generated Home page assigned as the Home page of the executives' profile
 * in the chosen app (docs/salesforce/lmo-dashboard.md#pin). Without --yes, a preview: what the
 * profile's Home page is now and what it becomes; nothing is written. With --yes: journaled first,
 * then the app's metadata written back with that one assignment added, then read again.
 * `--undo <id|last>` puts back what the assignment replaced, only while it is still ours.
 */
import { randomUUID } from 'node:crypto';
import { describeSlot } from '../../core/lmoDashboard/pin';
import { singleLine } from '../../core/displayText';
import { PinRefused, applyPin, pinRecord, planPinIn, undoPin } from '../../data/lmo/lmoDashboardPin';
import { usageError } from '../../data/org/errors';
import { PinJournal } from '../../storage/journal';
import { stateDirOf } from '../guardedWrite';
import { EXIT } from '../output';
import { type CommandContext } from '../session';
import { optionsIn } from './lmoDashboardVerify';

export async function pinLmoDashboardCommand(ctx: CommandContext): Promise<number> {
  if (typeof ctx.args.undo === 'string') return undoPinCommand(ctx, ctx.args.undo);
  const given = typeof ctx.args.source === 'string' ? ctx.args.source : undefined;
  const { options } = await optionsIn(given);
  const lmo = await ctx.lmo();
  const client = lmo.client;
  const org = client.target.label;
  let planned: Awaited<ReturnType<typeof planPinIn>>;
  try {
    planned = await planPinIn(client, options, { signal: ctx.signal });
  } catch (err) {
    if (!(err instanceof PinRefused)) throw err;
    ctx.out.data({ org, pinned: false, problems: err.problems });
    ctx.out.text([`Nothing written to ${org}:`, ...err.problems.map((p) => `  ${p}`)].join('\n'));
    return EXIT.findings;
  }
  const { target, plan } = planned;
  const who = `the profile "${singleLine(target.profile.name, 80)}" (${target.profile.fullName}) in the app "${singleLine(target.app.label, 80)}" (${target.app.fullName})`;
  if (plan.kind === 'already') {
    ctx.out.data({ org, pinned: true, changed: false, app: target.app.fullName, profile: target.profile, page: target.page });
    ctx.out.text(`${target.page} is already the Home page for ${who} in ${org}: nothing to write.`);
    return EXIT.ok;
  }
  const preview = `The Home page for ${who}: ${describeSlot(plan.replaces)} → the Lightning page ${target.page}. Every other setting of the app stays as ${org} has it.`;
  if (ctx.args.yes !== true) {
    ctx.out.data({ org, dryRun: true, app: target.app.fullName, profile: target.profile, page: target.page, replaces: plan.replaces ?? null });
    ctx.out.text(`${preview}\nA dry run: nothing was written. To assign it: lma-workbench lmo-dashboard pin${given ? ` --source ${given}` : ''} --yes`);
    return EXIT.ok;
  }

  const journal = new PinJournal(stateDirOf(ctx));
  const pin = pinRecord(client, target, plan, randomUUID());
  const id = pin.id;
  // On disk before the app is written: the write may land even if its answer is lost.
  await journal.append({ phase: 'writing', pin });
  const outcome = await applyPin(client, target, plan, { signal: ctx.signal });
  if (outcome.kind === 'refused') {
    await journal.append({ phase: 'refused', id, message: outcome.message });
    ctx.out.data({ org, pinned: false, id, refused: outcome.message });
    ctx.out.text(`${org} refused the assignment: ${outcome.message}\nNothing changed.`);
    return EXIT.findings;
  }
  await journal.append({ phase: 'written', id, verified: outcome.verified });
  ctx.out.data({ org, pinned: true, changed: true, verified: outcome.verified, id, journal: journal.path, replaced: plan.replaces ?? null });
  ctx.out.text(
    outcome.verified
      ? `${preview}\nAssigned, and read back from ${org}. Undo: lma-workbench lmo-dashboard pin --undo ${id}`
      : `${org} accepted the write, but reading the app back does not show the assignment. Check it in Lightning App Builder (Setup → Lightning App Builder → ${target.page} → Activation). Undo: lma-workbench lmo-dashboard pin --undo ${id}`,
  );
  return outcome.verified ? EXIT.ok : EXIT.findings;
}

async function undoPinCommand(ctx: CommandContext, id: string): Promise<number> {
  const journal = new PinJournal(stateDirOf(ctx));
  const found = await journal.find(id);
  if (!found) throw usageError(`No Home page assignment "${singleLine(id, 60)}" in ${journal.path}.`);
  const { pin } = found;
  if (!found.written) throw usageError(`${pin.orgLabel} refused assignment ${pin.id}: there is nothing to undo.`);
  const lmo = await ctx.lmo();
  const client = lmo.client;
  if (pin.orgId && client.target.orgId && pin.orgId.slice(0, 15) !== client.target.orgId.slice(0, 15))
    throw usageError(`Assignment ${pin.id} was made in ${pin.orgLabel}, not in ${client.target.label}: connect to that org to undo it.`);
  const back = describeSlot(pin.replaced);
  if (ctx.args.yes !== true) {
    ctx.out.data({ org: client.target.label, dryRun: true, id: pin.id, restores: pin.replaced ?? null });
    ctx.out.text(
      `Undo would give the profile "${singleLine(pin.profile.name, 80)}" in ${pin.app} ${back} again, if ${pin.page} is still its Home page.\nA dry run: nothing was written. Add --yes to undo.`,
    );
    return EXIT.ok;
  }
  await journal.append({ phase: 'undoing', id: pin.id, at: new Date().toISOString() });
  const outcome = await undoPin(client, pin, { signal: ctx.signal });
  if (outcome.kind === 'gone') {
    ctx.out.data({ org: client.target.label, undone: false, id: pin.id, now: outcome.plan.now ?? null });
    ctx.out.text(
      `Nothing written: ${pin.page} is no longer the Home page for "${singleLine(pin.profile.name, 80)}" in ${pin.app} (it is ${describeSlot(outcome.plan.now)}).`,
    );
    return EXIT.findings;
  }
  if (outcome.kind === 'refused') {
    ctx.out.data({ org: client.target.label, undone: false, id: pin.id, refused: outcome.message });
    ctx.out.text(`${client.target.label} refused the undo: ${outcome.message}\nNothing changed.`);
    return EXIT.findings;
  }
  await journal.append({ phase: 'undone', id: pin.id, at: new Date().toISOString(), verified: outcome.verified });
  ctx.out.data({ org: client.target.label, undone: true, verified: outcome.verified, id: pin.id, restored: pin.replaced ?? null });
  ctx.out.text(
    `The Home page for "${singleLine(pin.profile.name, 80)}" in ${pin.app} is ${back} again${outcome.verified ? ', read back from the org' : ' (the org accepted it; reading back did not confirm it: check Lightning App Builder)'}.`,
  );
  return outcome.verified ? EXIT.ok : EXIT.findings;
}
