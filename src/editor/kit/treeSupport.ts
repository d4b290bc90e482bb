import * as vscode from 'vscode';
import { type LmoError, toLmoError } from '../../data/org/errors';
import { type OrgTarget } from '../../data/org/orgTarget';
import { type CommandId, commandLink } from './commandIds';
import { type Log } from './log';
import { singleLine } from '../../core/displayText';

/** A line in a tree that is not data: an error with a retry, an empty state, a hint. */
export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly text: string;
  readonly tooltip?: string;
  readonly icon: string;
  readonly command?: vscode.Command;
}

/** A tooltip of plain-text lines (customer text stays text, never markup), empty ones left out, each on one line of at most `max` characters. */
export function textLines(lines: readonly (string | undefined)[], max = 300, into = new vscode.MarkdownString(undefined, false)): vscode.MarkdownString {
  for (const line of lines) {
    if (!line) continue;
    into.appendText(singleLine(line, max));
    into.appendMarkdown('  \n');
  }
  return into;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(node.icon);
  item.tooltip = node.tooltip;
  item.command = node.command;
  item.contextValue = 'message';
  return item;
}

export function errorNode(id: string, err: LmoError, retry: vscode.Command): MessageNode {
  return {
    kind: 'message',
    id,
    text: vscode.l10n.t("Couldn't load: {0}", err.message),
    tooltip: `${err.message}\n\n${vscode.l10n.t('Click to try again.')}`,
    icon: 'warning',
    command: retry,
  };
}

/** A cached load, tagged with the refresh generation it belongs to. */
export interface Loaded<T> {
  readonly generation: number;
  readonly value: T;
  readonly at: Date;
}

/**
 * Keeps a view honest about freshness: when a refresh fails and older data is still shown,
 * the view says so (message + description) until a load succeeds again.
 */
export class Freshness {
  private failure: { error: LmoError; dataFrom: Date } | undefined;

  constructor(
    private readonly view: () => vscode.TreeView<unknown> | undefined,
    private readonly describe: () => string,
  ) {}

  get isStale(): boolean {
    return this.failure !== undefined;
  }

  succeeded(): void {
    if (!this.failure) return;
    this.failure = undefined;
    this.render();
  }

  failed(error: LmoError, dataFrom: Date): void {
    this.failure = { error, dataFrom };
    this.render();
  }

  render(): void {
    const view = this.view();
    if (!view) return;
    const base = this.describe();
    if (this.failure) {
      const time = this.failure.dataFrom.toLocaleTimeString();
      view.message = vscode.l10n.t('Refresh failed: {0} Showing data from {1}.', this.failure.error.message, time);
      view.description = [base, vscode.l10n.t('stale since {0}', time)].filter(Boolean).join(' · ');
    } else {
      view.message = undefined;
      view.description = base;
    }
  }
}

export function retryCommand(command: CommandId, title = vscode.l10n.t('Retry')): vscode.Command {
  return commandLink(command, title);
}

/** After this long, a load in a view also shows a notification with Cancel. */
export const SLOW_LOAD_MS = 3_000;

/**
 * Runs a load with the view's progress bar and a signal: the load is cancelled when the view
 * starts over (`abortWhen`), and a load that takes long offers Cancel in a notification.
 */
export function withViewProgress<T>(
  viewId: string,
  task: (signal: AbortSignal) => Promise<T>,
  options: { what?: string; abortWhen?: (abort: () => void) => vscode.Disposable } = {},
): Promise<T> {
  const controller = new AbortController();
  const listener = options.abortWhen?.(() => controller.abort());
  let settled = false;
  const slow = setTimeout(() => {
    if (settled) return;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${options.what ?? vscode.l10n.t('Loading')}…`, cancellable: true },
      (_p, token) => {
        token.onCancellationRequested(() => controller.abort());
        return running.catch(() => undefined);
      },
    );
  }, SLOW_LOAD_MS);
  const running = Promise.resolve(vscode.window.withProgress({ location: { viewId } }, () => task(controller.signal)));
  return running.finally(() => {
    settled = true;
    clearTimeout(slow);
    listener?.dispose();
  });
}

/**
 * Serves a cache entry of the current refresh generation, else loads (with the view's progress
 * bar). A failed load falls back to the older entry, and the view says it is stale; with nothing
 * to fall back on, the error is returned for the view to show. A load the user cancelled, or
 * one overtaken by a refresh, keeps what was shown.
 */
export async function loadOrFallBack<T>(options: {
  readonly entry: Loaded<T> | undefined;
  readonly generation: () => number;
  readonly store: (value: Loaded<T>) => void;
  readonly load: (signal: AbortSignal) => Promise<T>;
  readonly viewId: string;
  readonly freshness: Freshness;
  readonly log: Log;
  readonly what: string;
  readonly target: OrgTarget;
  /** Fires when the view starts over (new filter, connection, refresh). */
  readonly onReset?: vscode.Event<unknown>;
  /**
   * Loads in flight, by node: VS Code and a command (reveal, a test) often ask for the same
   * children at once; they share one load instead of querying the org twice.
   */
  readonly inFlight?: { readonly map: Map<string, Promise<unknown>>; readonly key: string };
}): Promise<T | LmoError> {
  const { entry } = options;
  const generation = options.generation();
  if (entry && entry.generation === generation) return entry.value;
  const shared = options.inFlight;
  const key = shared ? `${generation}|${shared.key}` : '';
  const running = shared?.map.get(key) as Promise<T | LmoError> | undefined;
  if (running) return running;
  const load = loadOnce(options, generation);
  if (shared) {
    shared.map.set(key, load);
    void load.finally(() => shared.map.delete(key));
  }
  return load;
}

async function loadOnce<T>(options: Parameters<typeof loadOrFallBack<T>>[0], generation: number): Promise<T | LmoError> {
  const { entry } = options;
  try {
    const value = await withViewProgress(options.viewId, options.load, {
      what: options.what,
      abortWhen: options.onReset ? (abort) => options.onReset!(abort) : undefined,
    });
    if (generation === options.generation()) options.store({ generation, value, at: new Date() });
    options.freshness.succeeded();
    return value;
  } catch (err) {
    const error = toLmoError(err, options.target);
    if (error.kind !== 'cancelled') options.log.error(options.what, error);
    if (entry) {
      if (error.kind !== 'cancelled') options.freshness.failed(error, entry.at);
      return entry.value;
    }
    return error;
  }
}

/** A failed user action (e.g. "Load more…"): logged, and shown with the data layer's message. */
export function reportActionError(log: Log, what: string, err: unknown, target: OrgTarget): void {
  const error = toLmoError(err, target);
  log.error(what, error);
  void vscode.window.showErrorMessage(error.message);
}
