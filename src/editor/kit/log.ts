import * as vscode from 'vscode';
import { redactSecrets } from '../../core/displayText';
import { isLmoError } from '../../data/org/errors';

/** The "LMA Workbench" output channel. Anything shaped like a session id is redacted before it is written. */
export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('LMA Workbench', { log: true });

  info(message: string): void {
    this.channel.info(redactSecrets(message));
  }

  warn(message: string): void {
    this.channel.warn(redactSecrets(message));
  }

  error(context: string, err: unknown): void {
    if (isLmoError(err)) this.channel.error(redactSecrets(`${context}: [${err.kind}] ${err.message} (${err.detail})`));
    else this.channel.error(redactSecrets(`${context}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
