import * as vscode from 'vscode';
import type { DemoLmo } from '../../demo';

/** Runs the embedded demo LMO inside the extension host, started on first use. */
export class DemoHost implements vscode.Disposable {
  private demo: Promise<DemoLmo> | undefined;

  /** Starts the demo (once) with the configured size and seed. */
  start(): Promise<DemoLmo> {
    this.demo ??= (async () => {
      // Its own bundle, loaded on first use (see esbuild.mjs).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { DemoLmo } = require('../../demo') as typeof import('../../demo');
      const config = vscode.workspace.getConfiguration('lmaWorkbench.demo');
      return DemoLmo.start({ licenses: config.get<number>('licenses', 5000), seed: config.get<number>('seed', 42) });
    })();
    this.demo.catch(() => (this.demo = undefined));
    return this.demo;
  }

  /** The running demo, if any (tests steer it through this). */
  get running(): Promise<DemoLmo> | undefined {
    return this.demo;
  }

  async stop(): Promise<void> {
    const demo = this.demo;
    this.demo = undefined;
    if (demo) await (await demo).close();
  }

  dispose(): void {
    void this.stop();
  }
}
