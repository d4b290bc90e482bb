/**
 * Changing licenses in bulk, safely — off unless `lmaWorkbench.licenseChanges.enabled`: from a
 * selection in the trees, the Provisioning view's policy fixes, a plan file, or an Undo of a
 * journaled run; always through one ChangeSession (preview → confirm → write → verify → journal).
 * Modify License in Salesforce stays the default action on every license.
 */
import * as vscode from 'vscode';
import { parsePlanFile } from '../../core/licenseChanges/planFile';
import { type ChangeRequest, type PlanRequest } from '../../core/licenseChanges/plan';
import { summarizeRun } from '../../core/licenseChanges/journal';
import { fixRequest } from '../../core/provisioning/policies';
import { type License } from '../../core/license';
import { type PlanHeader } from '../../core/licenseChanges/plan';
import { FeatureValueJournal, LicenseJournal } from '../../storage/journal';
import { CHANGE_VALIDATORS, type ChangeRequests } from '../../webview/protocol/licenseChanges';
import { executeCommand } from '../kit/commandIds';
import { licenseRecordPath, openInOrg } from '../connections/openInOrg';
import { type FeatureContext } from '../kit/featureContext';
import { type ProvisioningFeature } from '../provisioning/provisioningFeature';
import { type ProvisioningNode } from '../provisioning/violationsTree';
import { type InstallBaseNode } from '../installBase/installBaseTree';
import { type SubscriberNode } from '../subscribers/subscribersTree';
import { createDispatcher, PanelRegistration } from '../kit/panelHost';
import { ChangeSession } from './changeSession';
import { acceptApiGuidance } from './apiGuidance';
import { type Planned, type PlanKind, featureValueKind, licenseKind } from './planKinds';
import { type FeatureValuePlan } from '../../core/features/valueChanges';
import { type ChangePlan } from '../../core/licenseChanges/plan';

type LicenseNode = InstallBaseNode | SubscriberNode;

export interface LicenseChangesFeature {
  readonly session: ChangeSession;
  readonly panel: PanelRegistration<ChangeRequests>;
  readonly dispatch: (message: unknown) => Promise<unknown>;
  readonly journal: LicenseJournal;
  readonly valueJournal: FeatureValueJournal;
  readonly kinds: { readonly licenses: PlanKind<ChangePlan>; readonly featureValues: PlanKind<FeatureValuePlan> };
  /** Plans a request against the org and shows its preview (what every entry point does). */
  readonly plan: (request: PlanRequest) => Promise<boolean>;
  /** Shows another kind's plan (feature values) in the same panel, on the same guarded path. */
  readonly preview: <P extends PlanHeader>(planned: Planned<P>) => void;
}

/** What the user can ask for a selection of licenses. */
export async function askForChange(licenses: readonly License[]): Promise<Omit<ChangeRequest, 'license'> | undefined> {
  const n = licenses.length;
  const items: (vscode.QuickPickItem & { id: string })[] = [
    { id: 'extend', label: vscode.l10n.t('Extend the expiration…'), description: vscode.l10n.t('by a number of days') },
    { id: 'expiration', label: vscode.l10n.t('Set the expiration…'), description: vscode.l10n.t('a date, or never') },
    { id: 'seats', label: vscode.l10n.t('Set the seats…'), description: vscode.l10n.t('a number, or site-wide') },
    { id: 'activate', label: vscode.l10n.t('Make Active'), description: vscode.l10n.t('e.g. convert a trial') },
    { id: 'suspend', label: vscode.l10n.t('Suspend'), description: vscode.l10n.t('blocks every user of the package in the subscriber org') },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: n === 1 ? vscode.l10n.t('Change a license') : vscode.l10n.t('Change {0} licenses', n),
    placeHolder: vscode.l10n.t('What should change?'),
  });
  switch (pick?.id) {
    case 'extend': {
      const days = await vscode.window.showInputBox({
        title: vscode.l10n.t('Extend the expiration'),
        prompt: vscode.l10n.t('Days to add to each expiration (licenses that never expire are left as they are)'),
        value: '30',
        validateInput: (t) => (/^\d{1,4}$/.test(t.trim()) && Number(t) > 0 ? undefined : vscode.l10n.t('A whole number of days, 1 to 9,999.')),
      });
      return days === undefined ? undefined : { extendDays: Number(days) };
    }
    case 'expiration': {
      const date = await vscode.window.showInputBox({
        title: vscode.l10n.t('Set the expiration'),
        prompt: vscode.l10n.t('YYYY-MM-DD, or "never"'),
        validateInput: (t) => (/^(\d{4}-\d{2}-\d{2}|never)$/.test(t.trim()) ? undefined : vscode.l10n.t('A date (YYYY-MM-DD) or never.')),
      });
      return date === undefined ? undefined : { expiration: date.trim() };
    }
    case 'seats': {
      const seats = await vscode.window.showInputBox({
        title: vscode.l10n.t('Set the seats'),
        prompt: vscode.l10n.t('A number of seats (0 to 99,000,000), or "site" for a site license'),
        validateInput: (t) =>
          /^(\d{1,8}|site)$/.test(t.trim()) && (t.trim() === 'site' || Number(t) <= 99_000_000)
            ? undefined
            : vscode.l10n.t('A whole number up to 99,000,000, or site.'),
      });
      return seats === undefined ? undefined : { seats: seats.trim() === 'site' ? 'site' : Number(seats) };
    }
    case 'activate':
      return { status: 'Active' };
    case 'suspend':
      return { status: 'Suspended' };
    default:
      return undefined;
  }
}

export function activateLicenseChanges(ctx: FeatureContext, provisioning: Pick<ProvisioningFeature, 'audit'>): LicenseChangesFeature {
  const lmo = () => ctx.connections.lmo.lmo;
  const journal = new LicenseJournal(ctx.extension.globalStorageUri.fsPath);
  const valueJournal = new FeatureValueJournal(ctx.extension.globalStorageUri.fsPath);
  const kinds = { licenses: licenseKind(journal, () => ctx.clock.today()), featureValues: featureValueKind(valueJournal) };
  const openJournal = async (path: string, none: string) => {
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: true });
    } catch {
      void vscode.window.showInformationMessage(none);
    }
  };
  // The session asks its panel to reload; the panel serves the session's handlers.
  const panelRef: { current?: PanelRegistration<ChangeRequests> } = {};
  const session = new ChangeSession({
    lmo,
    openJournal: (kind) =>
      kind === 'featureValues'
        ? openJournal(valueJournal.path, vscode.l10n.t('No feature value change has been journaled yet.'))
        : openJournal(journal.path, vscode.l10n.t('No license change has been journaled yet.')),
    typedConfirmationOver: () => Math.max(1, Math.round(ctx.settings.number('typedConfirmationOver'))),
    log: ctx.log,
    reload: () => panelRef.current?.current?.reload(),
    openLicense: async (licenseId) => {
      const client = lmo()?.client;
      if (client) await openInOrg(client, licenseRecordPath(licenseId), ctx.log);
    },
    channel: () => (vscode.workspace.getConfiguration('lmaWorkbench').get<boolean>('licenseChanges.throughApi') ? 'api' : 'worklist'),
    acceptApiGuidance: (answer) => acceptApiGuidance(ctx.extension.workspaceState, answer),
    copy: async (text) => {
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
    },
  });
  session.licenseKind = kinds.licenses as unknown as Planned['kind'];
  const descriptor = {
    viewType: 'lma.licenseChanges',
    title: vscode.l10n.t('License Change'),
    bundle: 'licenseChanges',
    validators: CHANGE_VALIDATORS,
    handlers: session.handlers,
    reloadOn: [] as vscode.Event<unknown>[],
  };
  const panel = new PanelRegistration<ChangeRequests>(descriptor, ctx.extension.extensionUri, ctx.log);
  panelRef.current = panel;
  ctx.subscribe(panel, { dispose: () => session.dispose() });

  /** The guarded path is opt-in: says so, and offers the default way (and the setting). */
  const enabled = async (single?: string): Promise<boolean> => {
    if (vscode.workspace.getConfiguration('lmaWorkbench').get<boolean>('licenseChanges.enabled')) return true;
    const modify = vscode.l10n.t('Modify License in Salesforce');
    const settings = vscode.l10n.t('Open Settings');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        "Changing licenses from the editor is off. Salesforce's guidance is the LMA's Modify License page; turn on lmaWorkbench.licenseChanges.enabled for guarded bulk changes.",
      ),
      ...(single ? [modify] : []),
      settings,
    );
    if (choice === modify && single) await executeCommand('lma.openLicenseInOrg', single);
    if (choice === settings) await executeCommand('workbench.action.openSettings', 'lmaWorkbench.licenseChanges');
    return false;
  };

  const plan = async (request: PlanRequest): Promise<boolean> => {
    const reader = lmo();
    if (!reader) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Connect to your License Management Org first.'));
      return false;
    }
    const built = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: request.changes.length === 1 ? vscode.l10n.t('Reading the license…') : vscode.l10n.t('Reading {0} licenses…', request.changes.length),
      },
      () => reader.planLicenseChanges(request),
    );
    panel.show();
    session.preview({ kind: kinds.licenses, plan: built.plan, leftOut: built.unresolved, unchanged: built.unchanged.length });
    return true;
  };

  ctx.command('lma.modifyLicenses', async (node?: LicenseNode, nodes?: readonly LicenseNode[]) => {
    const picked = (nodes?.length ? nodes : node ? [node] : []).filter((n): n is Extract<LicenseNode, { kind: 'license' }> => n.kind === 'license');
    const licenses = picked.map((n) => n.license);
    if (!licenses.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select licenses in the Install Base or Subscribers view first.'));
      return;
    }
    if (!(await enabled(licenses.length === 1 ? licenses[0].id : undefined))) return;
    const change = await askForChange(licenses);
    if (!change) return;
    await plan({
      description:
        licenses.length === 1 ? vscode.l10n.t('Change a license from the editor') : vscode.l10n.t('Change {0} licenses from the editor', licenses.length),
      changes: licenses.map((l) => ({ ...change, license: l.id })),
    });
  });

  ctx.command('lma.fixPolicyViolations', async (node?: ProvisioningNode) => {
    if (!(await enabled())) return;
    const audit = provisioning.audit();
    if (!audit) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Audit the provisioning rules first (LMA: Audit Provisioning Rules).'));
      return;
    }
    const violations = node?.kind === 'policy' ? node.violations : node?.kind === 'violation' ? [node.violation] : audit.violations;
    const { request, unfixable } = fixRequest(violations);
    if (!request.changes.length) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('None of these violations has a fix that follows from the policy ({0} need a decision).', unfixable.length),
      );
      return;
    }
    await plan(request);
  });

  ctx.command('lma.applyChangePlan', async (target?: vscode.Uri) => {
    if (!(await enabled())) return;
    const uri =
      target instanceof vscode.Uri
        ? target
        : (
            await vscode.window.showOpenDialog({
              title: vscode.l10n.t('Apply a License Change Plan'),
              filters: { JSON: ['json', 'jsonc'] },
              canSelectMany: false,
            })
          )?.[0];
    if (!uri) return;
    const parsed = parsePlanFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('{0} is not a valid plan: {1}', vscode.workspace.asRelativePath(uri), parsed.problems.map((p) => p.message).join('; ')),
      );
      return;
    }
    await plan(parsed.request);
  });

  ctx.command('lma.undoLicenseChange', async (runId?: string) => {
    if (!(await enabled())) return;
    const orgId = lmo()?.target.orgId;
    const runs = (await journal.runs()).map(summarizeRun).filter((r) => r.saved > 0 && (!orgId || !r.orgId || r.orgId.slice(0, 15) === orgId.slice(0, 15)));
    const chosen =
      typeof runId === 'string'
        ? runId
        : (
            await vscode.window.showQuickPick(
              runs.reverse().map((r) => ({
                label: r.description || r.runId,
                description: `${new Date(r.at).toLocaleString()} · ${r.saved} saved${r.failed ? ` · ${r.failed} failed` : ''}`,
                detail: `${r.runId} · ${r.user}${r.undoOf ? ` · undoes ${r.undoOf}` : ''}`,
                runId: r.runId,
              })),
              {
                title: vscode.l10n.t('Undo a License Change'),
                placeHolder: runs.length ? vscode.l10n.t('Which change?') : vscode.l10n.t('No change of this org in the journal'),
              },
            )
          )?.runId;
    if (!chosen) return;
    panel.show();
    await session.undo(kinds.licenses, chosen);
  });

  ctx.command('lma.openLicenseChangeJournal', () => openJournal(journal.path, vscode.l10n.t('No license change has been journaled yet.')));

  const preview = <P extends PlanHeader>(planned: Planned<P>) => {
    panel.show();
    session.preview(planned);
  };
  return { session, panel, dispatch: createDispatcher(descriptor, ctx.log), journal, valueJournal, kinds, plan, preview };
}
