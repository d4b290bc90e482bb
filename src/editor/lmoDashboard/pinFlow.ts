/**
 * LMA: Pin the Executive Home Page… — the generated Home page assigned for the executives' profile
 * in the app (docs/salesforce/lmo-dashboard.md#pin): the org is read (app, profile, page), a modal
 * says what the profile's Home page is now and what it becomes, and only on confirmation is the
 * pin journaled, written and read back. Undo puts back what it replaced, only while it is still
 * ours. The same steps as `lma-workbench lmo-dashboard pin`.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { singleLine } from '../../core/displayText';
import { type PinRecord, describeSlot } from '../../core/lmoDashboard/pin';
import { type LmoDashboardOptions } from '../../core/lmoDashboard/options';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { salesforceStack } from '../../data/org/connect';
import { type PinJournal } from '../../storage/journal';
import { type Prompts } from '../kit/prompts';

export interface PinDeps {
  readonly lmo: LicenseManagementOrg;
  readonly options: LmoDashboardOptions;
  readonly prompts: Prompts;
  readonly journal: PinJournal;
  /** Runs work with a notification's progress and Cancel. */
  readonly withProgress: <T>(title: string, work: (signal: AbortSignal) => Promise<T>) => Promise<T>;
}

export type PinResult =
  | { readonly kind: 'pinned'; readonly pin: PinRecord; readonly verified: boolean }
  | { readonly kind: 'already' }
  /** Nothing written: what is missing in the org, the org's refusal, or the user said no. */
  | { readonly kind: 'stopped'; readonly why: string };

export async function pinLmoDashboardFlow(deps: PinDeps): Promise<PinResult> {
  const stack = await salesforceStack();
  const client = deps.lmo.client;
  const org = client.target.label;
  let planned: Awaited<ReturnType<typeof stack.planPinIn>>;
  try {
    planned = await deps.withProgress(vscode.l10n.t('Reading the app and the profile in {0}', org), (signal) =>
      stack.planPinIn(client, deps.options, { signal }),
    );
  } catch (err) {
    if (err instanceof stack.PinRefused) return { kind: 'stopped', why: vscode.l10n.t('Nothing written to {0}: {1}', org, err.message) };
    throw err;
  }
  const { target, plan } = planned;
  if (plan.kind === 'already') return { kind: 'already' };
  const profile = singleLine(target.profile.name, 80);
  const assign = vscode.l10n.t('Assign');
  const answer = await deps.prompts.info(
    vscode.l10n.t('Make {0} the Home page for “{1}” in the app {2} ({3})?', target.page, profile, singleLine(target.app.label, 80), target.app.fullName),
    {
      modal: true,
      detail: [
        vscode.l10n.t('Now: {0}.', describeSlot(plan.replaces)),
        vscode.l10n.t('Every other setting of the app stays as {0} has it. You can undo it.', org),
      ].join('\n'),
    },
    assign,
  );
  if (answer !== assign) return { kind: 'stopped', why: 'cancelled' };

  const pin = stack.pinRecord(client, target, plan, randomUUID());
  // On disk before the app is written: the write may land even if its answer is lost.
  await deps.journal.append({ phase: 'writing', pin });
  const outcome = await deps.withProgress(vscode.l10n.t('Assigning the Home page in {0}', org), (signal) => stack.applyPin(client, target, plan, { signal }));
  if (outcome.kind === 'refused') {
    await deps.journal.append({ phase: 'refused', id: pin.id, message: outcome.message });
    return { kind: 'stopped', why: vscode.l10n.t('{0} refused the assignment: {1} Nothing changed.', org, outcome.message) };
  }
  await deps.journal.append({ phase: 'written', id: pin.id, verified: outcome.verified });
  return { kind: 'pinned', pin, verified: outcome.verified };
}

export type UnpinResult = { readonly kind: 'undone'; readonly verified: boolean } | { readonly kind: 'stopped'; readonly why: string };

/** Undoes a pin made here: the slot back to what it held, unless someone changed it since. */
export async function unpinLmoDashboardFlow(deps: Omit<PinDeps, 'options' | 'prompts'>, pin: PinRecord): Promise<UnpinResult> {
  const stack = await salesforceStack();
  const client = deps.lmo.client;
  const org = client.target.label;
  if (pin.orgId && client.target.orgId && pin.orgId.slice(0, 15) !== client.target.orgId.slice(0, 15))
    return { kind: 'stopped', why: vscode.l10n.t('That assignment was made in {0}: connect to it to undo it.', pin.orgLabel) };
  await deps.journal.append({ phase: 'undoing', id: pin.id, at: new Date().toISOString() });
  const outcome = await deps.withProgress(vscode.l10n.t('Undoing the Home page assignment in {0}', org), (signal) => stack.undoPin(client, pin, { signal }));
  if (outcome.kind === 'gone')
    return {
      kind: 'stopped',
      why: vscode.l10n.t('Nothing written: {0} is no longer the Home page there (it is {1}).', pin.page, describeSlot(outcome.plan.now)),
    };
  if (outcome.kind === 'refused') return { kind: 'stopped', why: vscode.l10n.t('{0} refused the undo: {1} Nothing changed.', org, outcome.message) };
  await deps.journal.append({ phase: 'undone', id: pin.id, at: new Date().toISOString(), verified: outcome.verified });
  return { kind: 'undone', verified: outcome.verified };
}
