/**
 * Connecting, as the README promises it: the org picker (the workspace's target-org first, a
 * question before a sandbox or scratch org), the connection remembered per workspace, the status
 * bar that switches, and a license opened in Salesforce through the front door. The picker's
 * orgs and answers come from the test (the picker's test seam), never from a real CLI login.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { OrgChoice } from '../../src/data/org/connect';
import type { CliOrg } from '../../src/data/org/orgTarget';
import type { OrgItem } from '../../src/editor/connections/orgPicker';
import type { TestApi } from '../../src/editor/testApi';
import { NO_FILTER } from '../../src/editor/kit/filterState';
import type { LicenseNode, PackageNode, VersionNode } from '../../src/editor/installBase/installBaseTree';
import { type DemoControl, connectDemo, eventually, quiet } from './support';

const cliOrg = (alias: string, kind: 'production' | 'sandbox' | 'scratch', isDevHub = false): CliOrg => ({
  username: `${alias}@acme.example`,
  aliases: [alias],
  instanceUrl: `https://${alias}.my.salesforce.com`,
  orgId: undefined,
  isSandbox: kind === 'sandbox',
  isScratchOrg: kind === 'scratch',
  isDevHub,
  configs: [],
  isExpired: false,
  error: undefined,
});
/** What the test's Salesforce CLI knows: in no particular order. */
const ORGS = [
  cliOrg('beta-sandbox', 'sandbox'),
  cliOrg('zeta-lmo', 'production'),
  cliOrg('alpha-prod', 'production', true),
  cliOrg('gamma-scratch', 'scratch'),
];
const SESSION_ID = /00D\w{12,15}!/;

describe('connecting: picker, status bar, remembered choice, Open in Salesforce', () => {
  let lma: TestApi;
  let demo: DemoControl;
  /** Every state the LMO connection passed through since the test began. */
  let states: { kind: string; choice?: OrgChoice }[];
  let watch: vscode.Disposable | undefined;

  before(async () => {
    ({ lma, demo } = await connectDemo());
  });
  beforeEach(() => {
    states = [];
    watch = lma.connections.lmo.onDidChange((s) => states.push({ kind: s.kind, choice: s.kind === 'disconnected' ? undefined : s.choice }));
    lma.orgPicker.listOrgs = async () => ORGS;
  });
  afterEach(async () => {
    watch?.dispose();
    delete lma.orgPicker.listOrgs;
    delete lma.orgPicker.choose;
    delete lma.orgPicker.answer;
    await demo.reset();
    if (lma.connections.lmo.state.kind !== 'connected' || lma.connections.lmo.state.choice.kind !== 'demo' || lma.connections.lmo.state.problem)
      ({ lma, demo } = await connectDemo());
  });
  after(() => vscode.commands.executeCommand('lma.disconnect'));

  /** Runs the status bar item's command, as a click does, and waits for it (dismissing the error a failed connection shows). */
  const clickStatusBar = async () => {
    const command = lma.lmoStatusBar.item.command;
    assert.equal(typeof command === 'string' ? command : command?.command, 'lma.connect');
    let done = false;
    const running = Promise.resolve(vscode.commands.executeCommand(typeof command === 'string' ? command : command!.command)).finally(() => (done = true));
    const failed = () => {
      const state = lma.connections.lmo.state;
      return state.kind === 'disconnected' && !!state.lastError;
    };
    await eventually(() => done || failed() || undefined, 'the command to finish or the connection to fail', 30_000);
    if (!done) {
      // A failed connection waits on its error notification (Try Again / Show Log): dismiss it.
      await vscode.commands.executeCommand('notifications.clearAll');
      await Promise.race([running, new Promise((r) => setTimeout(r, 2_000))]);
    }
  };
  const picked = (name: string) => async (items: readonly OrgItem[]) =>
    items.find((i) => i.choice && (i.choice.kind === 'demo' ? name === 'demo' : i.choice.aliasOrUsername === name));

  it("lists the workspace's target-org first, starred and marked, read from the project's .sf/config.json", async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const sfDir = join(folder, '.sf');
    assert.equal(existsSync(sfDir), false, 'the fixture workspace has no CLI config of its own');
    let shown: readonly OrgItem[] = [];
    lma.orgPicker.choose = async (items) => {
      shown = items;
      return undefined;
    };
    try {
      await mkdir(sfDir);
      await writeFile(join(sfDir, 'config.json'), JSON.stringify({ 'target-org': 'zeta-lmo' }));
      await eventually(async () => (await lma.ctx.projectOrgs.current()).targetOrg === 'zeta-lmo' || undefined, "the project's target-org");
      const generation = lma.connections.lmo.generation;
      await clickStatusBar();
      const orgs = shown.filter((i) => i.choice?.kind === 'cli');
      assert.deepEqual(
        orgs.map((i) => i.label),
        ['$(star-full) zeta-lmo', 'alpha-prod', 'beta-sandbox', 'gamma-scratch'],
      );
      assert.equal(orgs[0].description, 'zeta-lmo@acme.example · target-org');
      assert.match(String(orgs[2].description), / · sandbox$/);
      assert.match(String(orgs[3].description), / · scratch org$/);
      assert.equal(shown[shown.length - 1].choice?.kind, 'demo', 'the demo last');
      assert.equal(lma.connections.lmo.generation, generation, 'dismissing the picker changes nothing');
      assert.deepEqual(states, []);
      // The project's config changes: the picker follows.
      await writeFile(join(sfDir, 'config.json'), JSON.stringify({}));
      await eventually(async () => (await lma.ctx.projectOrgs.current()).targetOrg === undefined || undefined, 'no target-org once the config has none');
    } finally {
      await rm(sfDir, { recursive: true, force: true });
    }
    await clickStatusBar();
    assert.equal(
      shown.filter((i) => i.choice?.kind === 'cli').every((i) => !String(i.label).startsWith('$(star-full)')),
      true,
      'no star without a target-org',
    );
  });

  it('asks before connecting to a sandbox or scratch org, and connects only when told to', async () => {
    const asked: { message: string; detail: string; buttons: readonly string[] }[] = [];
    for (const name of ['beta-sandbox', 'gamma-scratch']) {
      lma.orgPicker.choose = picked(name);
      lma.orgPicker.answer = async (message, detail, buttons) => {
        asked.push({ message, detail, buttons });
        return undefined;
      };
      await clickStatusBar();
    }
    assert.deepEqual(
      asked.map((a) => a.message),
      ['beta-sandbox is a sandbox.', 'gamma-scratch is a scratch org.'],
    );
    assert.match(asked[0].detail, /A License Management Org is a production org.*linked to it permanently/);
    assert.deepEqual(asked[0].buttons, ['Connect Anyway']);
    assert.deepEqual(states, [], 'declined: no connection was attempted');
    assert.equal(lma.connections.lmo.state.kind, 'connected', 'still on the demo');

    // "Connect Anyway": the picker hands the sandbox over (this test's CLI has no login for it, so it fails after trying).
    lma.orgPicker.choose = picked('beta-sandbox');
    lma.orgPicker.answer = async (_m, _d, buttons) => buttons[0];
    await clickStatusBar();
    assert.deepEqual(states[0], { kind: 'connecting', choice: { kind: 'cli', aliasOrUsername: 'beta-sandbox' } });
    await eventually(() => lma.connections.lmo.state.kind === 'disconnected' || undefined, 'the attempt to end');

    // A production org is not questioned.
    states = [];
    let questioned = false;
    lma.orgPicker.choose = picked('alpha-prod');
    lma.orgPicker.answer = async () => {
      questioned = true;
      return undefined;
    };
    await clickStatusBar();
    assert.equal(questioned, false);
    assert.deepEqual(states[0], { kind: 'connecting', choice: { kind: 'cli', aliasOrUsername: 'alpha-prod' } });
  });

  it("remembers the connection in the workspace's storage, and keeps it when a switch fails", async () => {
    const workspaceState = lma.ctx.extension.workspaceState;
    assert.deepEqual(workspaceState.get('lma.connection'), { kind: 'demo' });
    assert.equal(lma.ctx.extension.globalState.get('lma.connection'), undefined, 'not for every workspace');
    lma.orgPicker.choose = picked('zeta-lmo');
    await clickStatusBar();
    await eventually(() => lma.connections.lmo.state.kind === 'disconnected' || undefined, 'the failed switch');
    const state = lma.connections.lmo.state;
    assert.match((state.kind === 'disconnected' && state.lastError?.message) || '', /zeta-lmo/);
    assert.deepEqual(workspaceState.get('lma.connection'), { kind: 'demo' }, 'the last good choice stays remembered');
    assert.deepEqual(lma.connections.lmo.remembered, { kind: 'demo' });
  });

  it('shows the connected LMO in the status bar, and switches from it', async () => {
    const item = lma.lmoStatusBar.item;
    // The tooltip is Markdown built from text: read it back as the text it shows.
    const tooltip = () => (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\([()\\.])/g, '$1');
    assert.match(item.text, /^\$\(beaker\) LMA: Demo LMO \(demo\)/);
    assert.match(tooltip(), /Click to switch the LMO\.$/);
    await vscode.commands.executeCommand('lma.disconnect');
    assert.equal(item.text, '$(debug-disconnect) LMA: not connected');
    states = [];
    lma.orgPicker.choose = picked('demo');
    await clickStatusBar();
    assert.equal(lma.connections.lmo.state.kind, 'connected');
    assert.deepEqual(
      states.map((s) => s.kind),
      ['connecting', 'connected'],
    );
    assert.match(item.text, /^\$\(beaker\) LMA: Demo LMO \(demo\)/);
    // Without the LMA, the item says so with a warning.
    await demo.setLmaInstalled(false);
    await clickStatusBar();
    await eventually(() => item.text.endsWith('$(warning)') || undefined, 'the warning mark');
    assert.match(tooltip(), /License Management App is not installed/);
    await demo.setLmaInstalled(true);
  });

  it("opens a license's record page through the org's front door: one-time URL, no session id in it or in the log", async () => {
    await lma.filter.set(NO_FILTER, { replace: true });
    const packages = (await lma.views.installBase.getChildren()).filter((n): n is PackageNode => n.kind === 'package');
    const version = ((await lma.views.installBase.getChildren(packages[0])) as VersionNode[]).find((v) => v.kind === 'version' && v.totalCount > 0)!;
    const license = (await lma.views.installBase.getChildren(version)).find((n): n is LicenseNode => n.kind === 'license')!;
    await quiet(lma);

    const opened: vscode.Uri[] = [];
    const logged: string[] = [];
    const open = lma.browser.open;
    const log = lma.ctx.log;
    // What reaches the log channel: the Log's own methods, watched (and passed on) for this test.
    const { info, warn, error } = log;
    lma.browser.open = async (uri) => {
      opened.push(uri);
      return true;
    };
    log.info = (m) => {
      logged.push(m);
      info.call(log, m);
    };
    log.warn = (m) => {
      logged.push(m);
      warn.call(log, m);
    };
    log.error = (c, e) => {
      logged.push(`${c} ${e instanceof Error ? e.message : String(e)}`);
      error.call(log, c, e);
    };
    try {
      await vscode.commands.executeCommand('lma.openLicenseInOrg', license);
      await vscode.commands.executeCommand('lma.openLicenseInOrg', "a0X' OR 1=1");
    } finally {
      lma.browser.open = open;
      for (const key of ['info', 'warn', 'error'] as const) delete (log as Partial<typeof log>)[key];
    }
    assert.equal(opened.length, 1, 'one page opened; a malformed id opens nothing');
    const url = new URL(opened[0].toString(true));
    const instance = new URL(lma.connections.lmo.client!.target.instanceUrl!);
    assert.equal(url.origin, instance.origin);
    assert.equal(url.pathname, '/secur/frontdoor.jsp');
    assert.equal(url.searchParams.get('startURL'), `/lightning/r/sfLma__License__c/${license.license.id}/view`);
    const otp = url.searchParams.get('otp') ?? '';
    assert.ok(otp.length >= 20, 'a one-time code');
    assert.doesNotMatch(url.href, SESSION_ID, 'no session id in the URL');
    for (const line of logged) {
      assert.doesNotMatch(line, SESSION_ID, line);
      assert.ok(!line.includes(otp), `the one-time code is not logged: ${line}`);
    }

    // The URL logs a browser in once and lands on the license's page.
    const first = await fetch(url, { redirect: 'manual' });
    assert.equal(first.status, 302);
    assert.equal(first.headers.get('location'), `/lightning/r/sfLma__License__c/${license.license.id}/view`);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await fetch(new URL(first.headers.get('location')!, instance), { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(license.license.name, /^[\w-]+$/, 'a license record name (no markup to escape)');
    assert.ok((await page.text()).includes(license.license.name), "the license's page");
    const again = await fetch(url, { redirect: 'manual' });
    assert.doesNotMatch(again.headers.get('location') ?? '', /sfLma__License__c/, 'the code works once');
  });
});
