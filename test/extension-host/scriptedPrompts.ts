/** A Prompts (src/editor/kit/prompts.ts) that answers from a script and records what the user was shown. */
import type * as vscode from 'vscode';
import type { MessageOptions, Prompts } from '../../src/editor/kit/prompts';

export interface Shown {
  readonly kind: 'info' | 'warn' | 'error' | 'pick' | 'pickMany' | 'input' | 'saveTo';
  readonly message: string;
  readonly options?: MessageOptions;
  readonly buttons?: readonly string[];
}

/** Each dialog takes the next answer (a button's text, a picked label, typed text; undefined backs out). */
export function scriptedPrompts(answers: readonly (string | undefined)[] = []): Prompts & { readonly shown: Shown[] } {
  const queue = [...answers];
  const shown: Shown[] = [];
  const message =
    (kind: Shown['kind']) =>
    async (text: string, options?: MessageOptions, ...buttons: string[]): Promise<string | undefined> => {
      shown.push({ kind, message: text, options, buttons });
      // A message with no buttons takes no answer from the script.
      return buttons.length ? queue.shift() : undefined;
    };
  return {
    shown,
    info: message('info'),
    warn: message('warn'),
    error: message('error'),
    pick: async <T extends vscode.QuickPickItem>(items: readonly T[] | Promise<readonly T[]>, options: vscode.QuickPickOptions) => {
      shown.push({ kind: 'pick', message: options.title ?? options.placeHolder ?? '' });
      const answer = queue.shift();
      return (await items).find((i) => i.label === answer);
    },
    pickMany: async <T extends vscode.QuickPickItem>(items: readonly T[] | Promise<readonly T[]>, options: vscode.QuickPickOptions) => {
      shown.push({ kind: 'pickMany', message: options.title ?? options.placeHolder ?? '' });
      const answer = queue.shift();
      return answer === undefined ? undefined : (await items).filter((i) => answer.split('|').includes(i.label));
    },
    input: async (options: vscode.InputBoxOptions) => {
      shown.push({ kind: 'input', message: options.prompt ?? options.title ?? '' });
      return queue.shift();
    },
    saveTo: async (options: vscode.SaveDialogOptions) => {
      shown.push({ kind: 'saveTo', message: options.title ?? '' });
      const answer = queue.shift();
      return answer === undefined ? undefined : ((await import('vscode')).Uri.file(answer) as vscode.Uri);
    },
  };
}
