import * as vscode from 'vscode';
import { LmoError } from '../data/errors';

/** The "LMA Workbench" output channel. Never give it a token or a session id. */
export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('LMA Workbench', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  error(context: string, err: unknown): void {
    if (err instanceof LmoError) this.channel.error(`${context}: [${err.kind}] ${err.message} (${err.detail})`);
    else this.channel.error(`${context}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
