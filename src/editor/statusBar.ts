import * as vscode from 'vscode';
import { singleLine } from '../core/displayText';
import { ConnectionManager, ConnectionState } from './connection/connectionManager';

/** Shows which LMO is connected; a click switches. */
export class LmoStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lma.connection', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(connection: ConnectionManager) {
    this.item.name = 'LMA Workbench: License Management Org';
    this.item.command = 'lma.connect';
    this.subscription = connection.onDidChange((s) => this.render(s));
    this.render(connection.state);
    this.item.show();
  }

  private render(state: ConnectionState): void {
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
        this.item.text = `${demo ? '$(beaker)' : '$(cloud)'} LMA: ${singleLine(target.label, 40)}${demo ? ' (demo)' : ''}${state.lmaMissing ? ' $(warning)' : ''}`;
        this.item.tooltip = new vscode.MarkdownString(undefined, false)
          .appendText(`License Management Org: ${target.label}${demo ? ' (embedded demo data)' : ''}\n${target.username} · ${target.instanceUrl}\n${state.lmaMissing ? `\n${state.lmaMissing.message}\n` : ''}\nClick to switch.`);
        this.item.backgroundColor = state.lmaMissing ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
        return;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
