/**
 * The dashboard's options as the workspace remembers them: `lmo-dashboard/lmo-dashboard.json`,
 * written by the generator (docs/salesforce/lmo-dashboard.md). Build reads them as its defaults,
 * Verify as what to look for in the org.
 */
import * as vscode from 'vscode';
import { DEFAULT_OPTIONS, type LmoDashboardOptions, OPTIONS_FILE, optionsFromFile } from '../../core/lmoDashboard/options';

/** The folder `lmo-dashboard generate` writes by default, in each workspace folder. */
export const GENERATED_FOLDER = 'lmo-dashboard';

/**
 * The options generated into this workspace folder, or undefined when there are none. A file that
 * is there but not the generator's throws `LmoDashboardOptionsError`, with what is wrong.
 */
export async function readWorkspaceOptions(workspaceFolder: vscode.Uri): Promise<{ options: LmoDashboardOptions; uri: vscode.Uri } | undefined> {
  const uri = vscode.Uri.joinPath(workspaceFolder, GENERATED_FOLDER, OPTIONS_FILE);
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
  return { options: optionsFromFile(text), uri };
}

/** The first workspace folder's generated options, or the defaults, and where they came from. */
export async function workspaceOptions(): Promise<{ options: LmoDashboardOptions; from: string }> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const found = await readWorkspaceOptions(folder.uri);
    if (found) return { options: found.options, from: vscode.workspace.asRelativePath(found.uri) };
  }
  return { options: DEFAULT_OPTIONS, from: vscode.l10n.t('the defaults') };
}
