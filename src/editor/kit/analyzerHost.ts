/**
 * One host for every file kind LMA Workbench annotates. An analyzer is a pure function (in the
 * core) from a file's text and the LMO's data to findings; the host watches the files, debounces
 * edits (analysis never runs on the keystroke), caches findings per document and hands them to
 * the diagnostics, CodeLens, hover and quick-fix providers.
 */
import * as vscode from 'vscode';
import { type Findings, type InsightAction, type TextSpan, inside } from '../../core/projectInsights/findings';
import { commandLink } from './commandIds';
import { type Log } from './log';

/** Files larger than this are not annotated: reading them would stall the extension host. */
export const MAX_ANNOTATED_BYTES = 2_000_000;
const DEBOUNCE_MS = 300;

export interface AnalyzerBinding<D> {
  /** Also the diagnostic collection's name. */
  readonly id: string;
  /** Glob of the files this analyzer reads, e.g. `**\/sfdx-project.json`. */
  readonly files: string;
  /** The LMO data the analyzer needs, loaded once and cached until `invalidate`. */
  loadData(): Promise<D | undefined>;
  /** `path` is the file's path relative to the workspace folder, with "/" separators. */
  analyze(text: string, data: D | undefined, path: string): Findings;
  /** Fires when the data (or the analyzer's settings) changed: everything is analyzed again. */
  readonly onDidChangeData: vscode.Event<void>;
}

interface Entry {
  readonly uri: vscode.Uri;
  readonly findings: Findings;
}

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The command a finding's action runs. */
export function actionCommand(action: InsightAction, title: string): vscode.Command {
  switch (action.kind) {
    case 'revealPackage':
      return commandLink('lma.revealPackageVersion', title, action.packageId, action.versionId, action.liveOnly ? { liveOnly: true } : undefined);
    case 'openUrl':
      return commandLink('vscode.open', title, vscode.Uri.parse(action.url));
    case 'command':
      return { command: action.id, title, arguments: action.args ? [...action.args] : undefined };
  }
}

export class AnalyzerHost<D> implements vscode.Disposable, vscode.CodeLensProvider, vscode.HoverProvider, vscode.CodeActionProvider {
  private readonly collection: vscode.DiagnosticCollection;
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly entries = new Map<string, Entry>();
  private data: Promise<D | undefined> | undefined;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly selector: vscode.DocumentSelector;
  /** Analyses run so far (tests use it to wait for one). */
  analyses = 0;

  constructor(
    private readonly binding: AnalyzerBinding<D>,
    private readonly log: Log,
  ) {
    this.collection = vscode.languages.createDiagnosticCollection(`LMA Workbench: ${binding.id}`);
    this.selector = { pattern: binding.files };
    const watcher = vscode.workspace.createFileSystemWatcher(binding.files);
    this.disposables.push(
      watcher,
      watcher.onDidChange((uri) => this.schedule(uri)),
      watcher.onDidCreate((uri) => this.schedule(uri)),
      watcher.onDidDelete((uri) => this.forget(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && vscode.languages.match(this.selector, e.document)) this.schedule(e.document.uri);
      }),
      binding.onDidChangeData(() => void this.refresh()),
      vscode.languages.registerCodeLensProvider(this.selector, this),
      vscode.languages.registerHoverProvider(this.selector, this),
      vscode.languages.registerCodeActionsProvider(this.selector, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
  }

  /** Drops the cached data and analyzes every file again. */
  async refresh(): Promise<void> {
    this.data = undefined;
    await this.analyzeAll();
  }

  async analyzeAll(): Promise<void> {
    const files = await vscode.workspace.findFiles(this.binding.files, '**/node_modules/**', 200);
    for (const uri of files) await this.analyze(uri);
  }

  /** Findings of a file (tests and the command line's twin compare against them). */
  findings(uri: vscode.Uri): Findings | undefined {
    return this.entries.get(uri.toString())?.findings;
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.analyze(uri);
      }, DEBOUNCE_MS),
    );
  }

  private loadData(): Promise<D | undefined> {
    this.data ??= this.binding.loadData().catch((err) => {
      this.log.error(`Loading the data for ${this.binding.id}`, err);
      this.data = undefined;
      return undefined;
    });
    return this.data;
  }

  private async text(uri: vscode.Uri): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText().length > MAX_ANNOTATED_BYTES ? undefined : open.getText();
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_ANNOTATED_BYTES) return undefined;
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  async analyze(uri: vscode.Uri): Promise<void> {
    const text = await this.text(uri);
    if (text === undefined) {
      this.log.warn(`${vscode.workspace.asRelativePath(uri)} is too large or unreadable; it is not annotated.`);
      this.forget(uri);
      return;
    }
    const data = await this.loadData();
    let findings: Findings;
    try {
      findings = this.binding.analyze(text, data, vscode.workspace.asRelativePath(uri, false).split('\\').join('/'));
    } catch (err) {
      this.log.error(`Analyzing ${vscode.workspace.asRelativePath(uri)}`, err);
      this.forget(uri);
      return;
    }
    this.analyses++;
    if (findings.problem) this.log.warn(`${vscode.workspace.asRelativePath(uri)}: ${findings.problem}; no annotations until it is fixed.`);
    this.entries.set(uri.toString(), { uri, findings });
    const doc = await vscode.workspace.openTextDocument(uri);
    this.collection.set(
      uri,
      findings.diagnostics.map((f) => {
        const d = new vscode.Diagnostic(rangeOf(doc, f.span), f.message, SEVERITY[f.severity]);
        d.source = 'LMA Workbench';
        d.code = f.helpUrl ? { value: f.code, target: vscode.Uri.parse(f.helpUrl) } : f.code;
        return d;
      }),
    );
    this.lensesChanged.fire();
  }

  private forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
    this.collection.delete(uri);
    this.lensesChanged.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const findings = this.findings(doc.uri);
    if (!findings) return [];
    return findings.lenses.map(
      (l) =>
        new vscode.CodeLens(
          rangeOf(doc, l.span),
          l.action ? { ...actionCommand(l.action, l.title), tooltip: l.tooltip } : { command: '', title: l.title, tooltip: l.tooltip },
        ),
    );
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const findings = this.findings(doc.uri);
    const offset = doc.offsetAt(position);
    const hover = findings?.hovers.find((h) => h.spans.some((s) => inside(s, offset)));
    if (!hover) return undefined;
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown('**');
    md.appendText(hover.title);
    md.appendMarkdown('**\n\n');
    hover.lines.forEach((line, i) => {
      md.appendText(line);
      if (i < hover.lines.length - 1) md.appendMarkdown('  \n');
    });
    const span = hover.spans.find((s) => inside(s, offset)) as TextSpan;
    return new vscode.Hover(md, rangeOf(doc, span));
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const findings = this.findings(doc.uri);
    if (!findings) return [];
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      const finding = findings.diagnostics.find((f) => f.code === code && rangeOf(doc, f.span).isEqual(d.range));
      for (const fix of finding?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.command = actionCommand(fix.action, fix.title);
        action.diagnostics = [d];
        action.isPreferred = fix.preferred;
        actions.push(action);
      }
    }
    return actions;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
    this.lensesChanged.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function rangeOf(doc: vscode.TextDocument, span: TextSpan): vscode.Range {
  return new vscode.Range(doc.positionAt(span.offset), doc.positionAt(span.offset + span.length));
}
