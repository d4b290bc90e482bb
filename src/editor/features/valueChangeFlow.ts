/**
 * LMA: Edit Feature Values (Guarded)… and LMA: Undo a Feature Value Change as the steps a user
 * sees: the opt-in switch (and the way to the setting), the value to set (a pick for a Boolean, an
 * input for an Integer or a Date), the parameter when several licenses are selected, and the run to
 * undo — each ending in the License Change panel's preview. Dialogs go through `Prompts`, so a test
 * drives every step with scripted answers.
 */
import * as vscode from 'vscode';
import { type FeatureDataType, type FeatureValueRecord, SUBSCRIBER_TO_LMO_NOTE } from '../../core/features/parameter';
import { type FeatureValuePlanRequest } from '../../core/features/valueChanges';
import { valueRunsOf } from '../../core/features/valueJournal';
import { singleLine } from '../../core/displayText';
import { noIconSyntax } from '../../core/projectInsights/sfdxProjectAnalyzer';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { type BuiltinCommandId, type CommandId, executeCommand } from '../kit/commandIds';
import { type Prompts } from '../kit/prompts';
import type { LicenseChangesFeature } from '../licenseChanges/licenseChangesFeature';
import type { InstallBaseNode } from '../installBase/installBaseTree';
import type { SubscriberNode } from '../subscribers/subscribersTree';
import { featureValueOf } from './featureTree';

type Picked = Extract<InstallBaseNode | SubscriberNode, { kind: 'license' }>;

export interface ValueChangeSources {
  /** The connected LMO (undefined when none). */
  readonly lmo: () => LicenseManagementOrg | undefined;
  readonly licenseChanges: Pick<LicenseChangesFeature, 'kinds' | 'preview' | 'valueJournal'>;
  /** Runs a command (Open Settings); the real one by default. */
  readonly run?: (id: CommandId | BuiltinCommandId, ...args: unknown[]) => Thenable<unknown>;
}

export class ValueChangeFlow {
  constructor(
    private readonly sources: ValueChangeSources,
    private readonly prompts: Prompts,
  ) {}

  private run(id: CommandId | BuiltinCommandId, ...args: unknown[]): Thenable<unknown> {
    return (this.sources.run ?? executeCommand)(id, ...args);
  }

  /** Edits are opt-in: says so, and offers the setting. */
  async enabled(): Promise<boolean> {
    if (vscode.workspace.getConfiguration('lmaWorkbench').get<boolean>('featureValues.enabled')) return true;
    const settings = vscode.l10n.t('Open Settings');
    const choice = await this.prompts.info(
      vscode.l10n.t(
        'Editing feature parameter values from the editor is off. Turn on lmaWorkbench.featureValues.enabled for guarded edits: previewed, confirmed, verified, journaled and undoable.',
      ),
      {},
      settings,
    );
    if (choice === settings) await this.run('workbench.action.openSettings', 'lmaWorkbench.featureValues');
    return false;
  }

  /** Plans value edits and shows their preview in the License Change panel. */
  async planValues(request: FeatureValuePlanRequest): Promise<boolean> {
    const current = this.sources.lmo();
    if (!current) {
      void this.prompts.info(vscode.l10n.t('Connect to your License Management Org first.'));
      return false;
    }
    const built = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the feature parameter values…') },
      () => current.features.planValueChanges(request),
    );
    const licenseChanges = this.sources.licenseChanges;
    licenseChanges.preview({
      kind: licenseChanges.kinds.featureValues,
      plan: built.plan,
      leftOut: built.unresolved.map((u) => ({ license: `${u.license} · ${u.parameter}`, reason: u.reason })),
      unchanged: built.unchanged.length,
    });
    return true;
  }

  /** LMA: Edit Feature Values (Guarded)… on a value node, a license, or a selection of licenses. */
  async edit(node?: InstallBaseNode | SubscriberNode, nodes?: readonly (InstallBaseNode | SubscriberNode)[]): Promise<void> {
    if (!(await this.enabled())) return;
    const single = node ? featureValueOf(node) : undefined;
    if (single) return this.editOne(single.value, single.licenseId, single.name);
    const licenses = (nodes?.length ? nodes : node ? [node] : []).filter((n): n is Picked => n.kind === 'license').map((n) => n.license);
    const current = this.sources.lmo();
    if (!licenses.length || !current) {
      void this.prompts.info(vscode.l10n.t('Select licenses in the Install Base or Subscribers view first.'));
      return;
    }
    const targets = await current.features.valueTargets(licenses.map((l) => l.id));
    const editable = new Map<string, { fullName: string; dataType: FeatureDataType; count: number }>();
    for (const t of targets.filter((t) => t.parameter.direction === 'LmoToSubscriber')) {
      const entry = editable.get(t.parameter.fullName) ?? { fullName: t.parameter.fullName, dataType: t.parameter.dataType, count: 0 };
      editable.set(t.parameter.fullName, { ...entry, count: entry.count + 1 });
    }
    if (!editable.size) {
      void this.prompts.info(vscode.l10n.t('These licenses have no LMO → subscriber feature parameter values to edit.'));
      return;
    }
    const pick = await this.prompts.pick(
      [...editable.values()]
        .sort((a, b) => a.fullName.localeCompare(b.fullName))
        .map((p) => ({
          label: noIconSyntax(singleLine(p.fullName, 120)),
          description: `${p.dataType} · ${vscode.l10n.t('{0} of {1} licenses', p.count, licenses.length)}`,
          p,
        })),
      { title: licenses.length === 1 ? vscode.l10n.t('Edit a feature value') : vscode.l10n.t('Edit a feature value of {0} licenses', licenses.length) },
    );
    if (!pick) return;
    const next = await this.askValue(pick.p.fullName, pick.p.dataType);
    if (next === undefined) return;
    await this.planValues({
      description: vscode.l10n.t(
        'Set {0} on {1} from the editor',
        pick.p.fullName,
        licenses.length === 1 ? vscode.l10n.t('a license') : vscode.l10n.t('{0} licenses', licenses.length),
      ),
      changes: licenses.map((l) => ({ license: l.id, parameter: pick.p.fullName, value: next })),
    });
  }

  /** One value from its node: read-only ones say why. */
  private async editOne(value: FeatureValueRecord, licenseId: string, name: string): Promise<void> {
    if (value.direction !== 'LmoToSubscriber') {
      void this.prompts.info(vscode.l10n.t('{0} cannot be edited. {1}', name, SUBSCRIBER_TO_LMO_NOTE));
      return;
    }
    const now = value.value === null ? undefined : String(value.value);
    const next = await this.askValue(name, value.dataType, now);
    if (next === undefined) return;
    await this.planValues({
      description: vscode.l10n.t('Set {0} from the editor', name),
      changes: [{ license: licenseId, parameter: value.fullName, value: next }],
    });
  }

  /** Asks for a new value of a parameter of this type; undefined when the user backs out. */
  private async askValue(name: string, dataType: FeatureDataType, current?: string): Promise<boolean | number | string | undefined> {
    if (dataType === 'Boolean') {
      const pick = await this.prompts.pick(
        [
          { label: vscode.l10n.t('On'), value: true },
          { label: vscode.l10n.t('Off'), value: false },
        ],
        { title: vscode.l10n.t('Set {0}', name), placeHolder: current ? vscode.l10n.t('Now: {0}', current) : undefined },
      );
      return pick?.value;
    }
    const text = await this.prompts.input({
      title: vscode.l10n.t('Set {0}', name),
      prompt: dataType === 'Integer' ? vscode.l10n.t('A whole number') : vscode.l10n.t('A date, YYYY-MM-DD'),
      value: current,
      validateInput: (t) =>
        dataType === 'Integer'
          ? /^-?\d{1,15}$/.test(t.trim())
            ? undefined
            : vscode.l10n.t('A whole number, up to 15 digits.')
          : /^\d{4}-\d{2}-\d{2}$/.test(t.trim())
            ? undefined
            : vscode.l10n.t('A date as YYYY-MM-DD.'),
    });
    if (text === undefined) return undefined;
    return dataType === 'Integer' ? Number(text.trim()) : text.trim();
  }

  /** LMA: Undo a Feature Value Change: the given run, or one picked from this org's journaled runs. */
  async undo(runId?: string): Promise<void> {
    if (!(await this.enabled())) return;
    const current = this.sources.lmo();
    if (!current) return;
    const licenseChanges = this.sources.licenseChanges;
    const orgId = current.target.orgId?.slice(0, 15);
    const runs = valueRunsOf(await licenseChanges.valueJournal.entries()).filter(
      (r) => [...r.results.values()].some((x) => x.outcome === 'saved') && (!orgId || !r.orgId || r.orgId.slice(0, 15) === orgId),
    );
    const chosen =
      typeof runId === 'string'
        ? runId
        : (
            await this.prompts.pick(
              runs.reverse().map((r) => ({
                label: noIconSyntax(singleLine(r.plan.description || r.runId, 120)),
                description: new Date(r.at).toLocaleString(),
                detail: `${r.runId} · ${r.user}`,
                runId: r.runId,
              })),
              {
                title: vscode.l10n.t('Undo a Feature Value Change'),
                placeHolder: runs.length ? vscode.l10n.t('Which change?') : vscode.l10n.t('No feature value change of this org in the journal'),
              },
            )
          )?.runId;
    if (!chosen) return;
    const undo = await licenseChanges.kinds.featureValues.undo(current, chosen);
    if (!undo) {
      void this.prompts.info(vscode.l10n.t('No run {0} in the feature value journal.', chosen));
      return;
    }
    licenseChanges.preview(undo);
  }
}
