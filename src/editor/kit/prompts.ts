/**
 * The thin wrapper between a command flow and VS Code's dialogs: messages (modal or not), quick picks,
 * input boxes, save dialogs. A flow takes a `Prompts`, so a test drives it with scripted answers
 * (a modal dialog cannot be answered in a test) and the flow reads as the steps a user sees.
 */
import * as vscode from 'vscode';

export interface MessageOptions {
  readonly modal?: boolean;
  readonly detail?: string;
}

export interface Prompts {
  info(message: string, options?: MessageOptions, ...buttons: string[]): Promise<string | undefined>;
  warn(message: string, options?: MessageOptions, ...buttons: string[]): Promise<string | undefined>;
  error(message: string, options?: MessageOptions, ...buttons: string[]): Promise<string | undefined>;
  pick<T extends vscode.QuickPickItem>(
    items: readonly T[] | Promise<readonly T[]>,
    options: vscode.QuickPickOptions & { canPickMany?: false },
  ): Promise<T | undefined>;
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[] | Promise<readonly T[]>, options: vscode.QuickPickOptions): Promise<readonly T[] | undefined>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  saveTo(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
}

const message =
  (show: typeof vscode.window.showInformationMessage) =>
  (text: string, options: MessageOptions = {}, ...buttons: string[]): Promise<string | undefined> =>
    Promise.resolve(show(text, { modal: options.modal ?? false, detail: options.detail }, ...buttons));

/** The real dialogs. */
export const windowPrompts: Prompts = {
  info: message(vscode.window.showInformationMessage),
  warn: message(vscode.window.showWarningMessage),
  error: message(vscode.window.showErrorMessage),
  pick: (items, options) => Promise.resolve(vscode.window.showQuickPick(items as readonly vscode.QuickPickItem[], options)) as never,
  pickMany: (items, options) =>
    Promise.resolve(vscode.window.showQuickPick(items as readonly vscode.QuickPickItem[], { ...options, canPickMany: true })) as never,
  input: (options) => Promise.resolve(vscode.window.showInputBox(options)),
  saveTo: (options) => Promise.resolve(vscode.window.showSaveDialog(options)),
};
