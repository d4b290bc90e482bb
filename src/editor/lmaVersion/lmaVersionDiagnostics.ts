import * as vscode from 'vscode';
import { type LmaCurrency } from '../../core/lmaCurrency';
import { commandLink } from '../kit/commandIds';
import { type LmoConnection } from '../connections/connections';
import { type LmaVersionMonitor } from './lmaVersionMonitor';

export const OUTDATED_LMA = 'lma-outdated';

/** Where the outdated-LMA warning is filed: each folder's sfdx-project.json, else its .vscode/settings.json. */
async function anchorFiles(): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const project = vscode.Uri.joinPath(folder.uri, 'sfdx-project.json');
    try {
      await vscode.workspace.fs.stat(project);
      out.push(project);
    } catch {
      out.push(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'));
    }
  }
  return out;
}

/** A Problems-panel warning while the LMA is behind; gone as soon as it is current. */
export class LmaVersionDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('LMA Workbench: LMA version');
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly monitor: LmaVersionMonitor,
    private readonly connection: LmoConnection,
  ) {
    this.disposables.push(
      monitor.onDidChange((c) => void this.render(c)),
      vscode.languages.registerCodeActionsProvider({ pattern: '**/{sfdx-project.json,.vscode/settings.json}' }, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    );
  }

  private async render(currency: LmaCurrency | undefined): Promise<void> {
    if (currency?.kind !== 'behind') {
      this.collection.clear();
      return;
    }
    const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), this.monitor.describe(currency), vscode.DiagnosticSeverity.Warning);
    diagnostic.source = 'LMA Workbench';
    diagnostic.code = {
      value: OUTDATED_LMA,
      target: vscode.Uri.parse('https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/lma_best_practices.htm'),
    };
    const files = await anchorFiles();
    if (this.monitor.currency?.kind !== 'behind') return;
    this.collection.clear();
    for (const uri of files) this.collection.set(uri, [diagnostic]);
  }

  provideCodeActions(_doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const lmo = this.connection.lmo;
    const instanceUrl = lmo?.target.instanceUrl;
    if (!lmo || !instanceUrl || !context.diagnostics.some((d) => typeof d.code === 'object' && d.code.value === OUTDATED_LMA)) return [];
    const open = new vscode.CodeAction(vscode.l10n.t('Open Installed Packages in {0}', lmo.target.label), vscode.CodeActionKind.QuickFix);
    open.command = commandLink('lma.openInstalledPackages', vscode.l10n.t('Open Installed Packages'));
    const check = new vscode.CodeAction(vscode.l10n.t('Check the LMA version again'), vscode.CodeActionKind.QuickFix);
    check.command = commandLink('lma.checkLmaVersion', vscode.l10n.t('Check LMA Version'));
    return [open, check];
  }

  dispose(): void {
    this.collection.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
