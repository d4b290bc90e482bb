/**
 * The License Change panel and the ChangeSession it serves: the session asks its panel to reload,
 * the panel serves the session's handlers; the session opens licenses in the org, the journals,
 * and copies to the clipboard.
 */
import * as vscode from 'vscode';
import { type FeatureValueJournal, type LicenseJournal } from '../../storage/journal';
import { CHANGE_VALIDATORS, type ChangeRequests } from '../../webview/protocol/licenseChanges';
import { licenseRecordPath, openInOrg } from '../connections/openInOrg';
import { type FeatureContext } from '../kit/featureContext';
import { PanelRegistration } from '../kit/panelHost';
import { acceptApiGuidance } from './apiGuidance';
import { type ChangePrompts, openJournal } from './changeFlows';
import { ChangeSession } from './changeSession';

export function createChangePanel(
  ctx: FeatureContext,
  journals: { readonly journal: LicenseJournal; readonly valueJournal: FeatureValueJournal },
  prompts: ChangePrompts,
) {
  const lmo = () => ctx.connections.lmo.lmo;
  const panelRef: { current?: PanelRegistration<ChangeRequests> } = {};
  const session = new ChangeSession({
    lmo,
    openJournal: (kind) =>
      kind === 'featureValues'
        ? openJournal(prompts, journals.valueJournal.path, vscode.l10n.t('No feature value change has been journaled yet.'))
        : openJournal(prompts, journals.journal.path, vscode.l10n.t('No license change has been journaled yet.')),
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
    prompts,
  });
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
  return { session, panel, descriptor };
}
