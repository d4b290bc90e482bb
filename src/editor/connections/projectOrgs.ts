/**
 * The workspace's Salesforce CLI project settings: `target-org` and `target-dev-hub`, read the
 * way the CLI reads them (through @salesforce/core, lazily), and read again when the project's
 * `.sf/config.json` (or the legacy `.sfdx/sfdx-config.json`) changes.
 */
import * as vscode from 'vscode';
import { resolveProjectOrgs } from '../../data/org/connect';

export interface ProjectOrgNames {
  readonly targetOrg: string | undefined;
  readonly targetDevHub: string | undefined;
}

export class ProjectOrgs implements vscode.Disposable {
  private cached: Promise<ProjectOrgNames> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the project's CLI config file changes. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{.sf/config.json,.sfdx/sfdx-config.json}');
    const invalidate = () => {
      this.cached = undefined;
      this.changed.fire();
    };
    this.disposables.push(watcher, watcher.onDidChange(invalidate), watcher.onDidCreate(invalidate), watcher.onDidDelete(invalidate), this.changed);
  }

  /** The first workspace folder: where the CLI would run for this project. */
  get projectPath(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  current(): Promise<ProjectOrgNames> {
    this.cached ??= resolveProjectOrgs(this.projectPath);
    this.cached.catch(() => (this.cached = undefined));
    return this.cached;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
