import * as vscode from 'vscode';
import { singleLine } from '../../core/displayText';
import { MatchedVersion, ProjectMatch, matchProject } from '../../core/projectMatch';
import { TextSpan, parseSfdxProject } from '../../core/sfdxProject';
import { percent, staleVersions } from '../../core/versionAdoption';
import { toLmoError } from '../../data/errors';
import { AdoptionSummary } from '../../data/lmo';
import { ConnectionManager } from '../connection/connectionManager';
import { Log } from '../log';

export const STALE_VERSION = 'lma-stale-version';
export const NOT_LINKED = 'lma-not-linked';
const SELECTOR: vscode.DocumentSelector = { pattern: '**/sfdx-project.json' };
const LINKING_HELP = 'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/lma_associate_package.htm';

const rangeOf = (doc: vscode.TextDocument, span: TextSpan) => new vscode.Range(doc.positionAt(span.offset), doc.positionAt(span.offset + span.length));
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The install base, inline in sfdx-project.json: a CodeLens per package (live subscribers, share
 * on the latest version), a hover per version alias, a warning on versions that still hold too
 * many live licenses, and a note on packages the LMO does not know.
 */
export class ProjectInsights implements vscode.Disposable, vscode.CodeLensProvider, vscode.HoverProvider, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('LMA Workbench: install base');
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private data: Promise<AdoptionSummary | undefined> | undefined;
  private readonly matches = new Map<string, ProjectMatch>();
  private readonly disposables: vscode.Disposable[] = [];
  private debounce: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: ConnectionManager,
    private readonly log: Log,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/sfdx-project.json');
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => void this.analyzeAll()),
      watcher.onDidCreate(() => void this.analyzeAll()),
      watcher.onDidDelete((uri) => this.forget(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!vscode.languages.match(SELECTOR, e.document)) return;
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.analyze(e.document.uri, e.document.getText()), 300);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lmaWorkbench.oldVersionShare')) void this.analyzeAll();
      }),
      connection.onDidChange((state) => {
        if (state.kind === 'connecting') return;
        this.data = undefined;
        void this.analyzeAll();
      }),
      vscode.languages.registerCodeLensProvider(SELECTOR, this),
      vscode.languages.registerHoverProvider(SELECTOR, this),
      vscode.languages.registerCodeActionsProvider(SELECTOR, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
  }

  /** Reloads the LMO data (LMA: Refresh) and re-reads every sfdx-project.json. */
  async refresh(): Promise<void> {
    this.data = undefined;
    await this.analyzeAll();
  }

  /** Re-reads every sfdx-project.json in the workspace (open editors use their unsaved text). */
  async analyzeAll(): Promise<void> {
    const files = await vscode.workspace.findFiles('**/sfdx-project.json', '**/node_modules/**', 50);
    for (const uri of files) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      await this.analyze(uri, text);
    }
  }

  private forget(uri: vscode.Uri): void {
    this.matches.delete(uri.toString());
    this.collection.delete(uri);
    this.lensesChanged.fire();
  }

  private adoption(): Promise<AdoptionSummary | undefined> {
    const lmo = this.connection.lmo;
    if (!lmo) return Promise.resolve(undefined);
    this.data ??= lmo.adoptionSummary().catch((err) => {
      this.log.error('Loading version adoption for sfdx-project.json', toLmoError(err, lmo.target));
      this.data = undefined;
      return undefined;
    });
    return this.data;
  }

  async analyze(uri: vscode.Uri, text: string): Promise<void> {
    const key = uri.toString();
    const parsed = parseSfdxProject(text);
    if (!parsed.ok) {
      this.log.warn(`${vscode.workspace.asRelativePath(uri)} is not valid JSON (${parsed.error}); no install-base annotations until it is.`);
      this.forget(uri);
      return;
    }
    const data = await this.adoption();
    if (!data || !this.connection.lmo) {
      this.forget(uri);
      return;
    }
    const match = matchProject(parsed.project, data);
    this.matches.set(key, match);
    const doc = await vscode.workspace.openTextDocument(uri);
    this.collection.set(uri, this.diagnostics(doc, match));
    this.lensesChanged.fire();
  }

  private diagnostics(doc: vscode.TextDocument, match: ProjectMatch): vscode.Diagnostic[] {
    const threshold = vscode.workspace.getConfiguration('lmaWorkbench').get<number>('oldVersionShare', 0.1);
    const org = this.connection.lmo?.target.label ?? 'the LMO';
    const out: vscode.Diagnostic[] = [];
    for (const v of match.versions) {
      if (!v.adoption || !v.packageAdoption) continue;
      const stale = staleVersions(v.packageAdoption, threshold).find((s) => s.version.id === v.adoption?.version.id);
      if (!stale) continue;
      const d = new vscode.Diagnostic(
        rangeOf(doc, v.entry.keySpan),
        `${percent(stale.share)} of ${singleLine(v.packageAdoption.pkg.name)}'s live licenses (${count(stale.live)}) are still on ${stale.version.versionNumber}; the latest released version is ${stale.latest.versionNumber}. They are push-upgrade candidates.`,
        vscode.DiagnosticSeverity.Warning,
      );
      d.source = 'LMA Workbench';
      d.code = STALE_VERSION;
      out.push(d);
    }
    for (const p of match.packages) {
      if (p.adoption) continue;
      const d = new vscode.Diagnostic(rangeOf(doc, p.entry.span), `${singleLine(p.entry.name)} is not linked to the LMA in ${org}: no Package record, so no License records for its installs.`, vscode.DiagnosticSeverity.Information);
      d.source = 'LMA Workbench';
      d.code = NOT_LINKED;
      out.push(d);
    }
    return out;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const match = this.matches.get(doc.uri.toString());
    if (!match || !this.connection.lmo) return [];
    return match.packages.flatMap((p) => {
      if (!p.adoption) return [];
      const a = p.adoption;
      const share = a.shareOnLatest === undefined ? 'no live licenses yet' : `${percent(a.shareOnLatest)} on the latest version ${a.latest?.versionNumber}`;
      return [
        new vscode.CodeLens(rangeOf(doc, p.entry.span), {
          title: `${count(a.live)} live ${a.live === 1 ? 'subscriber' : 'subscribers'} · ${share}`,
          tooltip: `Live licenses (Active or Trial, not expired), sandboxes excluded, in ${this.connection.lmo?.target.label}. Click to show the package in the Install Base view.`,
          command: 'lma.revealPackageVersion',
          arguments: [a.pkg.id, a.latest?.id],
        }),
      ];
    });
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const match = this.matches.get(doc.uri.toString());
    if (!match) return undefined;
    const offset = doc.offsetAt(position);
    const inside = (s: TextSpan) => offset >= s.offset && offset <= s.offset + s.length;
    const v = match.versions.find((m) => inside(m.entry.keySpan) || inside(m.entry.valueSpan));
    if (!v) return undefined;
    return new vscode.Hover(this.versionMarkdown(v), rangeOf(doc, inside(v.entry.keySpan) ? v.entry.keySpan : v.entry.valueSpan));
  }

  private versionMarkdown(v: MatchedVersion): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    if (!v.adoption || !v.packageAdoption) {
      md.appendText(`${v.entry.versionId} is not a package version the LMO (${this.connection.lmo?.target.label ?? 'not connected'}) knows.`);
      return md;
    }
    const version = v.adoption.version;
    const latest = v.packageAdoption.latest;
    md.appendMarkdown('**');
    md.appendText(`${singleLine(v.packageAdoption.pkg.name)} ${version.versionNumber}`);
    md.appendMarkdown('**');
    if (version.isBeta) md.appendText(' (beta)');
    else if (latest?.id === version.id) md.appendText(' (latest released)');
    md.appendMarkdown('\n\n');
    md.appendText(`Released: ${version.releaseDate ?? 'unknown'}`);
    md.appendMarkdown('  \n');
    const share = v.packageAdoption.live > 0 ? ` (${percent(v.adoption.live / v.packageAdoption.live)} of the package)` : '';
    md.appendText(`Live licenses: ${count(v.adoption.live)}${share}`);
    md.appendMarkdown('  \n');
    md.appendText(`Seats: ${count(v.adoption.seats)} (per-seat licenses; site licenses not summed)`);
    md.appendMarkdown('  \n');
    md.appendText(`Version ID: ${version.versionId ?? v.entry.versionId}`);
    md.appendMarkdown('\n\n');
    md.appendText('Sandboxes excluded.');
    return md;
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const match = this.matches.get(doc.uri.toString());
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.code === STALE_VERSION && match) {
        const v = match.versions.find((m) => rangeOf(doc, m.entry.keySpan).isEqual(d.range));
        if (!v?.adoption || !v.packageAdoption) continue;
        const action = new vscode.CodeAction(`Show the ${count(v.adoption.live)} live licenses on ${v.adoption.version.versionNumber} in the Install Base view`, vscode.CodeActionKind.QuickFix);
        action.command = { command: 'lma.revealPackageVersion', title: 'Show licenses', arguments: [v.packageAdoption.pkg.id, v.adoption.version.id, { liveOnly: true }] };
        action.diagnostics = [d];
        action.isPreferred = true;
        actions.push(action);
      }
      if (d.code === NOT_LINKED) {
        const action = new vscode.CodeAction('Link a package to the LMA (Partner Console help)…', vscode.CodeActionKind.QuickFix);
        action.command = { command: 'vscode.open', title: 'Open help', arguments: [vscode.Uri.parse(LINKING_HELP)] };
        action.diagnostics = [d];
        actions.push(action);
      }
    }
    return actions;
  }

  dispose(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.collection.dispose();
    this.lensesChanged.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
