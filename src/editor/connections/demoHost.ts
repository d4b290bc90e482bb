/**
 * Runs the embedded demo LMO for the editor, in a worker thread (src/demo/workerClient.ts):
 * generating a large demo takes seconds of CPU that must not freeze the extension host. The editor
 * talks to it over HTTP like any org; the worker's message port carries only control requests.
 */
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { type DemoEndpoint } from '../../data/org/connect';
import { type DemoControlRequest, type DemoWorker, startDemoWorker } from '../../demo/workerClient';
import type { DemoScenario } from '../../demo/scenarios';
import { type Clock } from '../../core/clock';
import { type Log } from '../kit/log';
import { type Settings } from '../kit/settings';

export type { DemoControlRequest };

export interface RunningDemo extends DemoEndpoint {
  /** Steers the demo (tests, screenshots); rejects with the demo's error message. */
  control<T = Record<string, unknown>>(request: DemoControlRequest): Promise<T>;
}

export class DemoHost implements vscode.Disposable {
  private demo: Promise<RunningDemo> | undefined;
  private worker: DemoWorker | undefined;
  /** Stops the demo that is still starting, if one is. */
  private starting: AbortController | undefined;
  /** The demo session of the latest connection (tests count that session's requests). */
  lastSession: number | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly settings: Settings,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {}

  /** Starts the demo (once) with the configured size and seed. */
  start(): Promise<RunningDemo> {
    if (this.demo) return this.demo;
    const demo = this.spawn();
    this.demo = demo;
    // A start that failed (or was stopped) is forgotten, unless a newer one took its place.
    demo.catch(() => {
      if (this.demo === demo) this.demo = undefined;
    });
    return demo;
  }

  /** The running demo, if any. */
  get running(): Promise<RunningDemo> | undefined {
    return this.demo;
  }

  private async spawn(): Promise<RunningDemo> {
    const licenses = this.settings.number('demoLicenses');
    const seed = this.settings.number('demoSeed');
    const changesPerMinute = this.settings.number('demoChangesPerMinute');
    // What the demo shows (src/demo/scenarios.ts): a showcase unless the user asks for a tour of what goes wrong.
    const chosen = this.settings.text('demo.scenario', 'showcase');
    const scenario: DemoScenario = chosen === 'brokenSetup' || chosen === 'edgeCases' ? chosen : 'showcase';
    this.log.info(
      `Starting the demo LMO (${licenses.toLocaleString('en-US')} licenses, seed ${seed}, ${changesPerMinute} changes a minute, scenario ${scenario})…`,
    );
    const starting = new AbortController();
    this.starting = starting;
    let worker: DemoWorker;
    try {
      worker = await startDemoWorker(
        join(this.extensionPath, 'dist', 'demoWorker.js'),
        // The demo's "today" is the editor's (the user's time zone, not UTC): a license that expires today does so in both.
        { licenses, seed, changesPerMinute, scenario, today: this.clock.today() },
        {
          signal: starting.signal,
          onExit: (err) => {
            this.log.error('The demo LMO', err);
            if (this.worker === worker) {
              this.worker = undefined;
              this.demo = undefined;
            }
          },
        },
      );
    } catch (err) {
      if (!starting.signal.aborted) this.log.error('The demo LMO', err);
      throw err;
    } finally {
      if (this.starting === starting) this.starting = undefined;
    }
    this.worker = worker;
    this.log.info(`The demo LMO listens on ${worker.url}.`);
    return {
      url: worker.url,
      username: worker.username,
      orgId: worker.orgId,
      label: 'Demo LMO',
      control: (request) => worker.control(request),
      issueAccessToken: async () => {
        const issued = await worker.control<{ accessToken: string; session: number }>({ action: 'issueAccessToken' });
        this.lastSession = issued.session;
        return issued.accessToken;
      },
    };
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.starting?.abort();
    this.starting = undefined;
    this.demo = undefined;
    this.worker = undefined;
    if (worker) await worker.stop();
  }

  dispose(): void {
    void this.stop();
  }
}
