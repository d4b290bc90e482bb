import * as vscode from 'vscode';
import { singleLine } from '../core/displayText';
import { LmaCurrency } from '../core/lmaCurrency';
import { ConnectionManager, ConnectionState } from './connection/connectionManager';
import { LmaVersionMonitor } from './lmaVersion/lmaVersionMonitor';

/** Shows which LMO is connected; a click switches. */
export class LmoStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lma.connection', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly connection: ConnectionManager,
    private readonly monitor: LmaVersionMonitor,
  ) {
    this.item.name = 'LMA Workbench: License Management Org';
    this.item.command = 'lma.connect';
    this.subscriptions = [connection.onDidChange(() => this.render()), monitor.onDidChange(() => this.render())];
    this.render();
    this.item.show();
  }

  private render(): void {
    const state: ConnectionState = this.connection.state;
    const currency: LmaCurrency | undefined = this.monitor.currency;
    switch (state.kind) {
      case 'disconnected':
        this.item.text = '$(debug-disconnect) LMA: not connected';
        this.item.tooltip = state.lastError ? `Last attempt failed: ${state.lastError.message}\nClick to connect.` : 'Click to connect to a License Management Org.';
        this.item.backgroundColor = state.lastError ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
        return;
      case 'connecting':
        this.item.text = '$(sync~spin) LMA: connecting…';
        this.item.tooltip = 'Connecting to the License Management Org…';
        this.item.backgroundColor = undefined;
        return;
      case 'connected': {
        const target = state.lmo.target;
        const demo = target.source === 'demo';
        const warn = !!state.lmaMissing || currency?.kind === 'behind' || currency?.kind === 'unknown';
        const lmaLine = state.lmaMissing ? state.lmaMissing.message : currency ? this.monitor.describe(currency) : 'Checking the LMA version…';
        this.item.text = `${demo ? '$(beaker)' : '$(cloud)'} LMA: ${singleLine(target.label, 40)}${demo ? ' (demo)' : ''}${warn ? ' $(warning)' : currency?.kind === 'current' ? ' $(check)' : ''}`;
        const tooltip = new vscode.MarkdownString(undefined, false);
        tooltip.appendText(`License Management Org: ${target.label}${demo ? ' (embedded demo data)' : ''}`);
        tooltip.appendMarkdown('  \n');
        tooltip.appendText(`${target.username} · ${target.instanceUrl}`);
        tooltip.appendMarkdown('\n\n');
        tooltip.appendText(lmaLine);
        tooltip.appendMarkdown('\n\n');
        tooltip.appendText('Click to switch the LMO.');
        this.item.tooltip = tooltip;
        this.item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
        return;
      }
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
