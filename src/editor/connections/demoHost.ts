/**
 * Runs the embedded demo LMO for the editor, in a worker thread: generating a large demo takes
 * seconds of CPU that must not freeze the extension host. The editor talks to it over HTTP like
 * any org; the worker's message port carries only the demo's control requests.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { type DemoEndpoint } from '../../data/org/connect';
import { type Log } from '../log';
import { type Settings } from '../settings';

/** A control request to the demo (the same actions as its /__demo/control route). */
export interface DemoControlRequest {
  readonly action: string;
  readonly [key: string]: unknown;
}

export interface RunningDemo extends DemoEndpoint {
  /** Steers the demo (tests, screenshots); rejects with the demo's error message. */
  control<T = Record<string, unknown>>(request: DemoControlRequest): Promise<T>;
}

interface Ready {
  readonly type: 'ready';
  readonly url: string;
  readonly username: string;
  readonly orgId: string;
}

export class DemoHost implements vscode.Disposable {
  private demo: Promise<RunningDemo> | undefined;
  private worker: Worker | undefined;
  /** The demo session of the latest connection (tests count that session's requests). */
  lastSession: number | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly settings: Settings,
    private readonly log: Log,
  ) {}

  /** Starts the demo (once) with the configured size and seed. */
  start(): Promise<RunningDemo> {
    this.demo ??= this.spawn();
    this.demo.catch(() => (this.demo = undefined));
    return this.demo;
  }

  /** The running demo, if any. */
  get running(): Promise<RunningDemo> | undefined {
    return this.demo;
  }

  private spawn(): Promise<RunningDemo> {
    const licenses = this.settings.number('demoLicenses');
    const seed = this.settings.number('demoSeed');
    const changesPerMinute = this.settings.number('demoChangesPerMinute');
    this.log.info(`Starting the demo LMO (${licenses.toLocaleString('en-US')} licenses, seed ${seed}, ${changesPerMinute} changes a minute)…`);
    const worker = new Worker(join(this.extensionPath, 'dist', 'demoWorker.js'), { workerData: { licenses, seed, changesPerMinute } });
    this.worker = worker;
    let nextId = 1;
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    return new Promise<RunningDemo>((resolve, reject) => {
      worker.on('message', (message: Ready | { type: 'reply'; id: number; ok: boolean; result: unknown; error?: string }) => {
        if (message.type === 'ready') {
          const control = <T>(request: DemoControlRequest) =>
            new Promise<T>((res, rej) => {
              const id = nextId++;
              pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
              worker.postMessage({ id, request });
            });
          resolve({
            url: message.url,
            username: message.username,
            orgId: message.orgId,
            label: 'Demo LMO',
            control,
            issueAccessToken: async () => {
              const issued = await control<{ accessToken: string; session: number }>({ action: 'issueAccessToken' });
              this.lastSession = issued.session;
              return issued.accessToken;
            },
          });
          this.log.info(`The demo LMO listens on ${message.url}.`);
          return;
        }
        const entry = pending.get(message.id);
        if (!entry) return;
        pending.delete(message.id);
        if (message.ok) entry.resolve(message.result);
        else entry.reject(new Error(message.error ?? 'demo control failed'));
      });
      worker.once('error', (err) => {
        this.log.error('The demo LMO', err);
        reject(err);
        for (const p of pending.values()) p.reject(err);
      });
      worker.once('exit', (code) => {
        if (this.worker === worker) this.worker = undefined;
        const err = new Error(`The demo LMO stopped (exit ${code}).`);
        reject(err);
        for (const p of pending.values()) p.reject(err);
      });
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.demo = undefined;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  dispose(): void {
    void this.stop();
  }
}
