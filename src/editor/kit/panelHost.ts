/**
 * One host for every webview panel. A panel is a descriptor (view type, title, bundle, request
 * validators, handlers); the host builds the HTML shell with a strict CSP, validates each request
 * before a handler sees it, maps errors to messages, replies, restores the panel after a reload
 * and asks the page to load again when told to.
 */
import * as vscode from 'vscode';
import { LmoError, toLmoError } from '../../data/org/errors';
import { namedTarget } from '../../data/org/orgTarget';
import type { HostToPage, PageToHost, RequestMap, Validators } from '../../webview/protocol/envelope';
import { type Log } from './log';
import { webviewHtml } from './webviewHtml';

export type Handlers<R extends RequestMap> = { readonly [K in keyof R]: (params: R[K]['params']) => Promise<R[K]['result']> };

export interface PanelDescriptor<R extends RequestMap> {
  readonly viewType: string;
  readonly title: string;
  /** The webview bundle's name: dist/webview/<bundle>.js and .css. */
  readonly bundle: string;
  readonly validators: Validators<R>;
  readonly handlers: Handlers<R>;
  /** Events on which the page should load again (connection changes, LMA: Refresh). */
  readonly reloadOn: readonly vscode.Event<unknown>[];
}

/** Validates and answers one message from a page; undefined for anything that is not a request. */
export function createDispatcher<R extends RequestMap>(
  descriptor: Pick<PanelDescriptor<R>, 'viewType' | 'validators' | 'handlers'>,
  log: Log,
): (message: unknown) => Promise<HostToPage | undefined> {
  return async (message) => {
    const m = message as PageToHost;
    if (
      !m ||
      typeof m !== 'object' ||
      m.type !== 'request' ||
      typeof m.id !== 'number' ||
      typeof m.name !== 'string' ||
      !Object.prototype.hasOwnProperty.call(descriptor.handlers, m.name)
    )
      return undefined;
    const name = m.name as keyof R & string;
    try {
      const valid = descriptor.validators[name];
      if (!valid(m.params))
        throw new LmoError('usage', `Invalid ${name} request from the ${descriptor.viewType} page.`, JSON.stringify(m.params)?.slice(0, 200) ?? '');
      const result = await descriptor.handlers[name](m.params as R[typeof name]['params']);
      return { type: 'response', id: m.id, ok: true, result };
    } catch (err) {
      const error = toLmoError(err, namedTarget('the org'));
      if (error.kind !== 'cancelled') log.error(`${descriptor.viewType} ${name}`, error);
      return { type: 'response', id: m.id, ok: false, error: { message: error.message, kind: error.kind } };
    }
  };
}

/** The open panel of one descriptor (one per window). */
export class PanelHost<R extends RequestMap> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly dispatch: (message: unknown) => Promise<HostToPage | undefined>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    descriptor: PanelDescriptor<R>,
    extensionUri: vscode.Uri,
    log: Log,
    private readonly onDispose: () => void,
  ) {
    this.dispatch = createDispatcher(descriptor, log);
    panel.webview.options = panelOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'lma.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, {
      title: descriptor.title,
      script: `dist/webview/${descriptor.bundle}.js`,
      styles: ['dist/webview/codicon.css', `dist/webview/${descriptor.bundle}.css`],
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage(async (message: unknown) => {
        const reply = await this.dispatch(message);
        if (reply) this.post(reply);
      }),
      ...descriptor.reloadOn.map((event) => event(() => this.reload())),
    );
  }

  /** Asks the page to load again. */
  reload(): void {
    this.post({ type: 'reload' });
  }

  reveal(): void {
    this.panel.reveal();
  }

  private post(message: HostToPage): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose();
    this.panel.dispose();
  }
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
}

/** Registers a panel kind: its serializer (restore after reload) and a way to show it. */
export class PanelRegistration<R extends RequestMap> implements vscode.Disposable {
  private host: PanelHost<R> | undefined;
  private readonly serializer: vscode.Disposable;

  constructor(
    private readonly descriptor: PanelDescriptor<R>,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(descriptor.viewType, {
      deserializeWebviewPanel: async (panel) => {
        this.attach(panel);
      },
    });
  }

  get current(): PanelHost<R> | undefined {
    return this.host;
  }

  show(column: vscode.ViewColumn = vscode.ViewColumn.Active): PanelHost<R> {
    if (this.host) {
      this.host.reveal();
      return this.host;
    }
    const panel = vscode.window.createWebviewPanel(this.descriptor.viewType, this.descriptor.title, column, panelOptions(this.extensionUri));
    return this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): PanelHost<R> {
    this.host?.dispose();
    const host = new PanelHost(panel, this.descriptor, this.extensionUri, this.log, () => {
      if (this.host === host) this.host = undefined;
    });
    this.host = host;
    return host;
  }

  dispose(): void {
    this.serializer.dispose();
    this.host?.dispose();
  }
}
