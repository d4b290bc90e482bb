/**
 * A `Prompts` for command-flow tests: records every message, pick, input and save dialog the flow
 * shows (what the user would see) and answers them from a script, in order — a modal dialog or a
 * notification's button can be answered, which a test cannot do with the real dialogs. An
 * unscripted prompt is dismissed (Escape), as a user backing out would.
 */
import type * as vscode from 'vscode';
import type { MessageOptions, Prompts } from '../../src/editor/kit/prompts';

export type Shown =
  | { readonly kind: 'info' | 'warn' | 'error'; readonly text: string; readonly modal: boolean; readonly detail?: string; readonly buttons: readonly string[] }
  | { readonly kind: 'pick' | 'pickMany'; readonly items: readonly vscode.QuickPickItem[]; readonly options: vscode.QuickPickOptions }
  | { readonly kind: 'input'; readonly options: vscode.InputBoxOptions }
  | { readonly kind: 'saveTo' | 'open'; readonly options: vscode.SaveDialogOptions | vscode.OpenDialogOptions };

/**
 * One scripted answer: a message's button label; a pick's item label (or a test on the items); an
 * input's text; a save dialog's Uri; undefined to dismiss.
 */
export type Answer = string | vscode.Uri | readonly string[] | ((shown: Shown) => unknown) | undefined;

export class ScriptedPrompts implements Prompts {
  readonly shown: Shown[] = [];
  private readonly script: Answer[] = [];

  constructor(...answers: Answer[]) {
    this.script.push(...answers);
  }

  /** Adds answers to the end of the script. */
  then(...answers: Answer[]): this {
    this.script.push(...answers);
    return this;
  }

  /** The messages shown, as text. */
  get messages(): string[] {
    return this.shown.flatMap((s) => ('text' in s ? [s.text] : []));
  }

  /** Whether every scripted answer was used. */
  get done(): boolean {
    return this.script.length === 0;
  }

  protected next(shown: Shown): unknown {
    this.shown.push(shown);
    const answer = this.script.shift();
    return typeof answer === 'function' ? answer(shown) : answer;
  }

  private message(kind: 'info' | 'warn' | 'error', text: string, options: MessageOptions = {}, buttons: string[]): Promise<string | undefined> {
    const answer = this.next({ kind, text, modal: options.modal ?? false, detail: options.detail, buttons });
    if (answer !== undefined && !buttons.includes(answer as string)) throw new Error(`No button "${String(answer)}" on "${text}" (${buttons.join(', ')})`);
    return Promise.resolve(answer as string | undefined);
  }

  info(text: string, options?: MessageOptions, ...buttons: string[]): Promise<string | undefined> {
    return this.message('info', text, options, buttons);
  }
  warn(text: string, options?: MessageOptions, ...buttons: string[]): Promise<string | undefined> {
    return this.message('warn', text, options, buttons);
  }
  error(text: string, options?: MessageOptions, ...buttons: string[]): Promise<string | undefined> {
    return this.message('error', text, options, buttons);
  }

  async pick<T extends vscode.QuickPickItem>(items: readonly T[] | Promise<readonly T[]>, options: vscode.QuickPickOptions): Promise<T | undefined> {
    const all = await items;
    const answer = this.next({ kind: 'pick', items: all, options });
    if (answer === undefined || typeof answer === 'object') return answer as T | undefined;
    const found = all.find((i) => i.label === answer);
    if (!found) throw new Error(`No item "${String(answer)}" in the pick "${options.title ?? ''}" (${all.map((i) => i.label).join(', ')})`);
    return found;
  }

  async pickMany<T extends vscode.QuickPickItem>(
    items: readonly T[] | Promise<readonly T[]>,
    options: vscode.QuickPickOptions,
  ): Promise<readonly T[] | undefined> {
    const all = await items;
    const answer = this.next({ kind: 'pickMany', items: all, options });
    if (answer === undefined) return undefined;
    const labels = answer as readonly string[];
    return all.filter((i) => labels.includes(i.label));
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    return this.next({ kind: 'input', options }) as string | undefined;
  }

  async saveTo(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    return this.next({ kind: 'saveTo', options }) as vscode.Uri | undefined;
  }
}

/** What a validating input box says to this text (undefined: accepted). */
export async function validation(shown: Shown | undefined, text: string): Promise<string | undefined> {
  if (shown?.kind !== 'input') throw new Error(`not an input box: ${shown?.kind}`);
  const message = await shown.options.validateInput?.(text);
  return typeof message === 'string' || message === undefined || message === null ? (message ?? undefined) : message.message;
}
