import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/editor/testApi';
import type { RunningDemo } from '../../src/editor/connections/demoHost';
import type { OneShotFault } from '../../src/demo/http/faults';
import type { LoggedRequest } from '../../src/demo/http/requestLog';
import type { DemoPushRequest, SimulatePushOptions } from '../../src/demo/pushUpgrades';
import { eventually } from '../support/eventually';

export { eventually };
export const EXTENSION_ID = 'lma-workbench.lma-workbench';

/** The extension's test API (it hands one over only to its own test suites). */
export async function api(): Promise<TestApi> {
  const extension = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const testApi = await extension.activate();
  assert.ok(testApi, 'the test API (the harness sets LMA_WORKBENCH_TEST_HOOKS=1)');
  return testApi;
}

/** The demo in the extension's worker, steered through its control requests. */
export class DemoControl {
  constructor(private readonly demo: RunningDemo) {}

  private control<T = Record<string, unknown>>(action: string, extra: Record<string, unknown> = {}): Promise<T> {
    return this.demo.control<T>({ action, ...extra });
  }

  state(): Promise<{ apiCalls: number; heldRequests: number; lmaVersion: string; licenses: number; mark: number }> {
    return this.control('state');
  }
  /** Waits until a `hang` fault holds a request: the load it belongs to has reached the org. */
  async holding(what: string): Promise<void> {
    await eventually(async () => (await this.state()).heldRequests > 0, `${what}: a request held by the org`);
  }
  /** Waits until no request is held any more: the client closed the ones a `hang` fault held. */
  async released(what: string): Promise<void> {
    await eventually(async () => (await this.state()).heldRequests === 0, `${what}: the held requests closed, not left open`);
  }
  async reset(): Promise<void> {
    await this.control('reset');
  }
  async injectFault(fault: OneShotFault, options: { match?: string; times?: number } = {}): Promise<void> {
    await this.control('injectFault', { fault, ...options });
  }
  async setLmaVersion(version: string): Promise<void> {
    await this.control('setLmaVersion', { value: version });
  }
  async setLmaInstalled(installed: boolean): Promise<void> {
    await this.control('setLmaInstalled', { value: installed });
  }
  async setFmaInstalled(installed: boolean): Promise<void> {
    await this.control('setFmaInstalled', { value: installed });
  }
  /** Breaks setup steps on purpose (replacing the previous set; the default is ['lead-manager-inactive']). */
  async setSetup(breaks: readonly string[]): Promise<void> {
    await this.control('setSetup', { value: breaks });
  }
  /** Makes `count` license changes now (the demo's change simulator), of the given kinds in turn. */
  async makeChanges(count: number, kinds?: readonly string[]): Promise<{ kind: string; licenseId: string }[]> {
    return (await this.control<{ changes: { kind: string; licenseId: string }[] }>('makeChanges', { value: count, kinds })).changes;
  }
  /** A person saving a license on the LMA's Modify License page (no API call is counted). */
  async saveModifyLicense(id: string, fields: Record<string, unknown>): Promise<void> {
    await this.control('saveModifyLicense', { id, fields });
  }
  /** The next writes of these records fail with Salesforce's error (until reset). */
  async failRecords(ids: readonly string[], errorCode: string, message: string): Promise<void> {
    await this.control('failRecords', { ids, errorCode, message });
  }
  /** What the LMA does once a package is registered in the Partner Console: its Package record (after a delay). */
  async linkPackage(subscriberPackageId: string, delayMs = 0): Promise<void> {
    await this.control('linkPackage', { subscriberPackageId, delayMs });
  }
  /** A person in Lightning App Builder: Activation assigns a deployed Home page to an app and a profile. */
  async activateHomePage(app: string, profile: string, page: string): Promise<void> {
    await this.control('activateHomePage', { app, profile, page });
  }
  /** The demo's push requests with their jobs and errors (its oracle: docs/demo.md#push-upgrades). */
  async pushRequests(): Promise<DemoPushRequest[]> {
    return (await this.control<{ requests: DemoPushRequest[] }>('pushRequests')).requests;
  }
  /** Starts a push upgrade whose jobs advance over time (see SimulatePushOptions); its 0DV id. */
  async simulatePush(options: SimulatePushOptions): Promise<string> {
    return (await this.control<{ requestId: string }>('simulatePush', { ...options })).requestId;
  }
  /** The exact CSV a PackageUsageSummary request of that month gets: the tests' oracle of App Analytics. */
  async usageSummaryCsv(month: string): Promise<string> {
    return (await this.control<{ csv: string }>('appAnalyticsSummaryCsv', { month })).csv;
  }
  /** App Analytics on, off for the packages, or not visible to the user. */
  async setAppAnalytics(mode: 'enabled' | 'disabled' | 'noAccess'): Promise<void> {
    await this.control('setAppAnalytics', { value: mode });
  }
  /** Adds this much time to every request (0 to stop; `reset` stops it too). */
  async setLatency(ms: number): Promise<void> {
    await this.control('setLatency', { value: ms });
  }
  async setApiLimitReached(reached: boolean): Promise<void> {
    await this.control('setApiLimitReached', { value: reached });
  }
  async expireSession(): Promise<void> {
    await this.control('expireSession');
  }
  async mark(): Promise<number> {
    return (await this.control<{ mark: number }>('mark')).mark;
  }
  async requests(since: number, session?: number): Promise<LoggedRequest[]> {
    return (await this.control<{ requests: LoggedRequest[] }>('requests', { since, session })).requests;
  }
  async licenseCount(): Promise<number> {
    return (await this.state()).licenses;
  }
  async lmaVersion(): Promise<string> {
    return (await this.state()).lmaVersion;
  }
}

/** Connects to the embedded demo through the command a user runs. */
export async function connectDemo(): Promise<{ lma: TestApi; demo: DemoControl }> {
  const lma = await api();
  await vscode.commands.executeCommand('lma.connectDemo');
  // A demo restarting (a suite changed its seed) may still be reconnecting: wait for it, then check.
  await eventually(() => lma.connections.lmo.state.kind !== 'connecting', 'the connection to settle', 60_000);
  assert.equal(lma.connections.lmo.state.kind, 'connected', 'connected to the demo LMO');
  const running = await lma.demoHost.running;
  assert.ok(running, 'the demo LMO runs');
  return { lma, demo: new DemoControl(running) };
}

/**
 * Waits until the connection has had no request in flight for a while: what the extension does
 * by itself after a connect (the LMA version check, the sfdx-project.json insights, the trees)
 * is done, so a test's own requests can be told apart.
 */
export async function quiet(lma: TestApi, forMs = 400): Promise<void> {
  await lma.ctx.settled();
  const client = lma.connections.lmo.client;
  if (!client) return;
  let since = performance.now();
  const deadline = performance.now() + 20_000;
  while (performance.now() - since < forMs) {
    if (client.inFlight > 0) since = performance.now();
    if (performance.now() > deadline) assert.fail('the extension kept calling the org');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Awaits work that must stop on its own while the org holds its answer back (a `hang` fault: the
 * org never answers). That it settles at all shows it stopped; how fast is not asserted, so a busy
 * machine cannot fail it. A broken stop fails here, by name, rather than as the test's timeout.
 */
export async function stopsWithoutTheAnswer<T>(work: Promise<T>, what: string, boundMs = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new assert.AssertionError({ message: `${what}: still waiting for an answer the org never gives` })), boundMs);
  });
  try {
    return await Promise.race([work, bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** The requests the connection's session made while `task` ran (after the extension went quiet). */
export async function requestsDuring<T>(lma: TestApi, demo: DemoControl, task: () => Promise<T>): Promise<{ result: T; requests: LoggedRequest[] }> {
  await quiet(lma);
  const mark = await demo.mark();
  const result = await task();
  await quiet(lma, 100);
  return { result, requests: await demo.requests(mark, lma.demoHost.lastSession) };
}
