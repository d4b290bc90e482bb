import * as vscode from 'vscode';
import { ConnectionManager, ConnectionState } from '../connection/connectionManager';
import { OrgChoice, describeChoice } from '../connection/orgChoice';
import { pickOrg } from '../connection/orgPicker';
import { Log } from '../log';

/** Connects with a cancellable notification and reports the outcome. */
export async function connectWithProgress(connection: ConnectionManager, choice: OrgChoice): Promise<ConnectionState> {
  const state = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Connecting to ${describeChoice(choice)}…`, cancellable: true },
    (_progress, token) => connection.connect(choice, token),
  );
  if (state.kind === 'disconnected' && state.lastError) {
    const action = await vscode.window.showErrorMessage(state.lastError.message, 'Try Again', 'Show Log');
    if (action === 'Try Again') return connectWithProgress(connection, choice);
    if (action === 'Show Log') await vscode.commands.executeCommand('lma.showLog');
  } else if (state.kind === 'connected' && state.lmaMissing) {
    void vscode.window.showWarningMessage(state.lmaMissing.message, 'How to Set Up the LMA').then((a) => {
      if (a) void vscode.env.openExternal(vscode.Uri.parse('https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/lma_configure_app.htm'));
    });
  }
  return state;
}

export function registerConnectionCommands(connection: ConnectionManager, log: Log): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('lma.connect', async (choice?: OrgChoice) => {
      const chosen = choice ?? (await pickOrg(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, log));
      if (chosen) await connectWithProgress(connection, chosen);
    }),
    vscode.commands.registerCommand('lma.connectDemo', () => connectWithProgress(connection, { kind: 'demo' })),
    vscode.commands.registerCommand('lma.disconnect', () => connection.disconnect()),
    vscode.commands.registerCommand('lma.showLog', () => log.channel.show()),
  ];
}
