import * as vscode from 'vscode';
import { singleLine } from '../../core/displayText';
import { type LmaCurrency } from '../../core/lmaCurrency';
import { type Connections } from './connections';
import { type OrgConnectionState } from './orgConnection';
import { type LmaVersionMonitor } from '../lmaVersion/lmaVersionMonitor';

/** Shows which LMO is connected; a click switches. */
export class LmoStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lma.connection', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly connections: Connections,
    private readonly monitor: LmaVersionMonitor,
  ) {
    const connection = connections.lmo;
    this.item.name = 'LMA Workbench: License Management Org';
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
        this.item.text = '$(debug-disconnect) LMA: not connected';
        this.item.tooltip = state.lastError
          ? `Last attempt failed: ${state.lastError.message}\nClick to connect.`
          : 'Click to connect to a License Management Org.';
        this.item.backgroundColor = state.lastError ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
        return;
      case 'connecting':
        this.item.text = '$(sync~spin) LMA: connecting…';
        this.item.tooltip = 'Connecting to the License Management Org…';
        this.item.backgroundColor = undefined;
        return;
      case 'connected': {
        const target = state.client.target;
        const demo = target.source === 'demo';
        const warn = !!state.problem || currency?.kind === 'behind' || currency?.kind === 'unknown';
        const lmaLine = state.problem ? state.problem.message : currency ? this.monitor.describe(currency) : 'Checking the LMA version…';
        this.item.text = `${demo ? '$(beaker)' : '$(cloud)'} LMA: ${singleLine(target.label, 40)}${demo ? ' (demo)' : ''}${warn ? ' $(warning)' : currency?.kind === 'current' ? ' $(check)' : ''}`;
        const tooltip = new vscode.MarkdownString(undefined, false);
        tooltip.appendText(`License Management Org: ${target.label}${demo ? ' (embedded demo data)' : ''}`);
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
        tooltip.appendText('Click to switch the LMO.');
        this.item.tooltip = tooltip;
        this.item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
        return;
      }
    }
  }

  private devHubLine(): string | undefined {
    const hub = this.connections.devHub.state;
    if (hub.kind === 'connected') return `Dev Hub: ${hub.client.target.label}${hub.problem ? ` (${hub.problem.message})` : ''}`;
    if (hub.kind === 'connecting') return 'Dev Hub: connecting…';
    return undefined;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
