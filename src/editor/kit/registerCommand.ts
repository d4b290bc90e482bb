/**
 * The one error boundary for commands: every command is registered through here, so a failure
 * is mapped to a message a user can act on, written to the log, and shown with "Show Log" —
 * never VS Code's generic "command failed".
 */
import * as vscode from 'vscode';
import { isLmoError, toLmoError } from '../../data/org/errors';
import { namedTarget } from '../../data/org/orgTarget';
import { type Log } from './log';
import { type CommandId } from './commandIds';

export type CommandHandler = (...args: never[]) => unknown;

export function registerCommand(id: CommandId, handler: CommandHandler, log: Log): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await (handler as (...a: unknown[]) => unknown)(...args);
    } catch (err) {
      const error = isLmoError(err) ? err : toLmoError(err, namedTarget('LMA Workbench'));
      if (error.kind === 'cancelled') return undefined;
      log.error(`Command ${id}`, isLmoError(err) ? error : err);
      void vscode.window.showErrorMessage(error.message, vscode.l10n.t('Show Log')).then((action) => action && log.show());
      return undefined;
    }
  });
}
