/**
 * One UI-test session: a demo LMO in this process logged into an isolated Salesforce CLI auth
 * store (alias acme-lmo), code-server with the .vsix installed, Chromium on the workbench.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench } from '../../scripts/harness/browser';
import { CodeServer } from '../../scripts/harness/codeServer';
import { type Tools, provision } from '../../scripts/harness/tools';
import { REPO, buildApexGrammarVsix } from '../../scripts/harness/vsix';
import { DemoLmo, type DemoScenario } from '../../src/demo';
import { loginWithCli } from '../support/demoOrg';
import { Workbench } from './pages/workbench';

import { ARTIFACTS_DIR } from './pages/artifacts';
export const WORKSPACE = join(REPO, 'test', 'fixtures', 'workspace');
export const CLI_ALIAS = 'acme-lmo';

export interface UiSession {
  readonly tools: Tools;
  readonly demo: DemoLmo;
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
  readonly workbench: Workbench;
  close(): Promise<void>;
}

export interface UiSessionOptions {
  readonly settings?: Record<string, unknown>;
  readonly vsix?: string;
  /** The folder opened in the editor (the test fixture workspace unless given). */
  readonly workspace?: string;
  /** Install the Apex grammar npm start installs beside the product (scripts/harness/vsix.ts). */
  readonly apexGrammar?: boolean;
  /** What the demo LMOs show (src/demo/scenarios.ts): the tests' edge cases unless given (the pictures use the showcase). */
  readonly demoScenario?: DemoScenario;
  /** The browser window's size (the harness default, 1440 × 900, unless given). */
  readonly viewport?: { readonly width: number; readonly height: number };
}

export async function startUiSession(options: UiSessionOptions = {}): Promise<UiSession> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const tools = provision(() => undefined);
  const vsix = options.vsix ?? process.env.LMA_VSIX ?? join(REPO, 'dist', 'lma-workbench.vsix');
  const scenario = options.demoScenario ?? 'edgeCases';
  const demo = await DemoLmo.start({ licenses: 5000, username: 'admin@acme-partner.demo', scenario });
  // The test process runs with an isolated HOME (test/support/isolatedEnvironment): the same HOME
  // is the extension host's, so the extension finds this login through @salesforce/core.
  await loginWithCli(demo, CLI_ALIAS);
  const workspace = options.workspace ?? WORKSPACE;
  const server = await CodeServer.start(tools, {
    workspace,
    vsixes: options.apexGrammar ? [vsix, buildApexGrammarVsix()] : [vsix],
    // The first-run welcome opens the walkthrough; only the tests about it turn it on.
    // The tests' demo (when a test explores the embedded one): every edge case, hostile customer names included.
    settings: { 'lmaWorkbench.showWelcome': false, 'lmaWorkbench.demo.scenario': scenario, ...options.settings },
    env: { HOME: process.env.HOME, USERPROFILE: process.env.HOME, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' },
  });
  const browser = await launchChromium(tools.chromium);
  const page = await openWorkbench(browser, server.workbenchUrl(workspace), options.viewport);
  const workbench = new Workbench(page);
  return {
    tools,
    demo,
    server,
    browser,
    page,
    workbench,
    async close() {
      await browser.close();
      await server.stop();
      await demo.close();
    },
  };
}

/**
 * Registers the suite's hooks: one session for the suite; on a failing test, a screenshot and the
 * extension-host logs under test-results/ui; a dialog (injected markup running) fails the run.
 */
export function useUiSession(options: UiSessionOptions = {}): () => UiSession {
  let session: UiSession | undefined;
  before(async () => {
    session = await startUiSession(options);
    session.page.on('dialog', (dialog) => {
      throw new Error(`Unexpected dialog: ${dialog.message()}`);
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session) {
      const name = (this.currentTest.title ?? 'test').replace(/[^a-z0-9]+/gi, '-');
      session.server.copyLogs(join(ARTIFACTS_DIR, `failed-${name}`));
      await session.workbench.screenshot(`failed-${name}`);
    }
    await session?.workbench.dismissQuickInput();
  });
  after(() => session?.close());
  return () => {
    if (!session) throw new Error('The UI session did not start');
    return session;
  };
}
