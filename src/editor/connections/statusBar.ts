import * as vscode from 'vscode';
import { singleLine } from '../../core/displayText';
import { type LmaCurrency } from '../../core/lmaCurrency';
import { type Connections } from './connections';
import { type OrgConnectionState } from './orgConnection';
import { type LmaVersionMonitor } from '../lmaVersion/lmaVersionMonitor';

/** Shows which LMO is connected; a click switches. */
export class LmoStatusBar implements vscode.Disposable {
  /** The item (tests read its text and command). */
  readonly item = vscode.window.createStatusBarItem('lma.connection', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly connections: Connections,
    private readonly monitor: LmaVersionMonitor,
  ) {
    const connection = connections.lmo;
    this.item.name = vscode.l10n.t('LMA Workbench: License Management Org');
    this.item.command = 'lma.connect';
    this.subscriptions = [
      connection.onDidChange(() => this.render()),
      connections.devHub.onDidChange(() => this.render()),
      monitor.onDidChange(() => this.render()),
    ];
    this.render();
    this.item.show();
  }

  private render(): void {
    const state: OrgConnectionState<unknown> = this.connections.lmo.state;
    const currency: LmaCurrency | undefined = this.monitor.currency;
    switch (state.kind) {
      case 'disconnected':
        this.item.text = vscode.l10n.t('$(debug-disconnect) LMA: not connected');
        this.item.tooltip = state.lastError
          ? vscode.l10n.t('Last attempt failed: {0}\nClick to connect.', state.lastError.message)
          : vscode.l10n.t('Click to connect to a License Management Org.');
        this.item.backgroundColor = state.lastError ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
        return;
      case 'connecting':
        this.item.text = vscode.l10n.t('$(sync~spin) LMA: connecting…');
        this.item.tooltip = vscode.l10n.t('Connecting to the License Management Org…');
        this.item.backgroundColor = undefined;
        return;
      case 'connected': {
        const target = state.client.target;
        const demo = target.source === 'demo';
        const warn = !!state.problem || currency?.kind === 'behind' || currency?.kind === 'unknown';
        const lmaLine = state.problem ? state.problem.message : currency ? this.monitor.describe(currency) : vscode.l10n.t('Checking the LMA version…');
        const label = singleLine(target.label, 40);
        const name = demo ? vscode.l10n.t('$(beaker) LMA: {0} (demo)', label) : vscode.l10n.t('$(cloud) LMA: {0}', label);
        this.item.text = `${name}${warn ? ' $(warning)' : currency?.kind === 'current' ? ' $(check)' : ''}`;
        const tooltip = new vscode.MarkdownString(undefined, false);
        tooltip.appendText(
          demo ? vscode.l10n.t('License Management Org: {0} (embedded demo data)', target.label) : vscode.l10n.t('License Management Org: {0}', target.label),
        );
        tooltip.appendMarkdown('  \n');
        tooltip.appendText(`${target.username} · ${target.instanceUrl}`);
        tooltip.appendMarkdown('\n\n');
        tooltip.appendText(lmaLine);
        tooltip.appendMarkdown('\n\n');
        const hub = this.devHubLine();
        if (hub) {
          tooltip.appendText(hub);
          tooltip.appendMarkdown('\n\n');
        }
        tooltip.appendText(vscode.l10n.t('Click to switch the LMO.'));
        this.item.tooltip = tooltip;
        this.item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
        return;
      }
    }
  }

  private devHubLine(): string | undefined {
    const hub = this.connections.devHub.state;
    if (hub.kind === 'connected') {
      const label = hub.client.target.label;
      return hub.problem ? vscode.l10n.t('Dev Hub: {0} ({1})', label, hub.problem.message) : vscode.l10n.t('Dev Hub: {0}', label);
    }
    if (hub.kind === 'connecting') return vscode.l10n.t('Dev Hub: connecting…');
    return undefined;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
