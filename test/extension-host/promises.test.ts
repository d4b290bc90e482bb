/** What the README promises, each checked in a real extension host against the demo LMO. */
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CalendarDate } from '../../src/core/calendarDate';
import { isExpired } from '../../src/core/license';
import type { CliOrg } from '../../src/data/org/orgTarget';
import { orderOrgs } from '../../src/editor/connections/orgPicker';
import type { TestApi } from '../../src/editor/testApi';
import { NO_FILTER, describeFilter, toLicenseFilter } from '../../src/editor/kit/filterState';
import type { LicenseNode, PackageNode, VersionNode } from '../../src/editor/installBase/installBaseTree';
import type { LoadMoreOrgsNode, SubscriberOrgNode } from '../../src/editor/subscribers/subscribersTree';
import { webviewHtml } from '../../src/editor/kit/webviewHtml';
import { HOSTILE_NAMES } from '../support/hostile';
import { type DemoControl, connectDemo, eventually, quiet } from './support';

const config = () => vscode.workspace.getConfiguration('lmaWorkbench');

describe('README promises', () => {
  let lma: TestApi;
  let demo: DemoControl;
  /** The extension's "today" (the run pins it: docs/testing.md), which its filters use. */
  let today: CalendarDate;

  before(async () => {
    ({ lma, demo } = await connectDemo());
    today = lma.ctx.clock.today();
    await lma.filter.set(NO_FILTER, { replace: true });
  });
  afterEach(async () => {
    await demo.reset();
    await lma.filter.set(NO_FILTER, { replace: true });
    for (const key of ['licensePageSize', 'oldVersionShare']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });
  after(() => vscode.commands.executeCommand('lma.disconnect'));

  const tree = () => lma.views.installBase;
  const packages = async () => (await tree().getChildren()).filter((n): n is PackageNode => n.kind === 'package');
  const licensesOf = async (v: VersionNode) => (await tree().getChildren(v)).filter((n): n is LicenseNode => n.kind === 'license');

  it('remembers the connection per workspace, and forgets it on Disconnect', async () => {
    assert.deepEqual(lma.connections.lmo.remembered, { kind: 'demo' });
    await vscode.commands.executeCommand('lma.disconnect');
    assert.equal(lma.connections.lmo.remembered, undefined);
    await vscode.commands.executeCommand('lma.connectDemo');
    assert.deepEqual(lma.connections.lmo.remembered, { kind: 'demo' });
  });

  it("lists the workspace's target-org first in the picker, then the Dev Hubs for a Dev Hub, then by name", () => {
    const org = (username: string, alias: string, isDevHub = false): CliOrg => ({
      username,
      aliases: [alias],
      instanceUrl: undefined,
      orgId: undefined,
      isSandbox: false,
      isScratchOrg: false,
      isDevHub,
      configs: [],
      isExpired: false,
      error: undefined,
    });
    const orgs = [org('a@x', 'alpha'), org('z@x', 'zeta'), org('h@x', 'hub', true), org('m@x', 'mid')];
    assert.deepEqual(
      orderOrgs(orgs, 'zeta').map((o) => o.aliases[0]),
      ['zeta', 'alpha', 'hub', 'mid'],
    );
    assert.deepEqual(
      orderOrgs(orgs, 'm@x').map((o) => o.aliases[0]),
      ['mid', 'alpha', 'hub', 'zeta'],
      'by username too',
    );
    assert.deepEqual(
      orderOrgs(orgs, undefined, 'devHub').map((o) => o.aliases[0]),
      ['hub', 'alpha', 'mid', 'zeta'],
    );
  });

  it('shows the LMA-missing state instead of trees when the org has no LMA', async () => {
    await demo.setLmaInstalled(false);
    try {
      await vscode.commands.executeCommand('lma.connectDemo');
      assert.equal(lma.connections.lmo.state.kind, 'connected');
      assert.match(
        (lma.connections.lmo.state.kind === 'connected' && lma.connections.lmo.state.problem?.message) || '',
        /License Management App is not installed/,
      );
      assert.deepEqual(await tree().getChildren(), [], 'the welcome view shows instead');
      assert.deepEqual(await lma.views.subscribers.getChildren(), []);
    } finally {
      await demo.setLmaInstalled(true);
      await vscode.commands.executeCommand('lma.connectDemo');
    }
  });

  it('pages the Subscribers view with "Load more…", joining an org whose licenses span two pages', async () => {
    await config().update('licensePageSize', 7, vscode.ConfigurationTarget.Global);
    lma.views.subscribers.refresh();
    const first = await lma.views.subscribers.getChildren();
    const more = first.find((n): n is LoadMoreOrgsNode => n.kind === 'loadMoreOrgs');
    assert.ok(more, 'a Load more node');
    for (let i = 0; i < 6; i++) {
      const node = (await lma.views.subscribers.getChildren()).find((n): n is LoadMoreOrgsNode => n.kind === 'loadMoreOrgs');
      if (node) await vscode.commands.executeCommand('lma.loadMore', node);
    }
    const orgs = (await lma.views.subscribers.getChildren()).filter((n): n is SubscriberOrgNode => n.kind === 'subscriberOrg');
    const keys = orgs.map((o) => o.org.orgKey);
    assert.equal(new Set(keys).size, keys.length, 'each org once');
    const licenses = orgs.reduce((s, o) => s + o.org.licenses.length, 0);
    assert.ok(licenses >= 7 * 7 - 7, `seven pages of seven licenses (${licenses})`);
    // Pages end in the middle of orgs (seven licenses, orgs of one to three): every org holds all its licenses anyway.
    const lmo = lma.connections.lmo.lmo!;
    let joined = 0;
    for (const o of orgs.slice(0, -1)) {
      const all = await lmo.licensesOfOrg(o.org.orgKey);
      assert.equal(o.org.licenses.length, all.length, `${o.org.orgKey} holds all its licenses`);
      if (all.length > 1) joined++;
    }
    assert.ok(joined > 3, 'orgs with several licenses were among them');
  });

  it("uses licensePageSize for a version's pages, and the default for an impossible value", async () => {
    await config().update('licensePageSize', 50, vscode.ConfigurationTarget.Global);
    tree().refresh();
    const [billing] = await packages();
    const versions = (await tree().getChildren(billing)) as VersionNode[];
    const big = versions.reduce((a, b) => (b.totalCount > a.totalCount ? b : a));
    assert.equal((await licensesOf(big)).length, 50);
    await config().update('licensePageSize', 0, vscode.ConfigurationTarget.Global);
    tree().refresh();
    const again = ((await tree().getChildren((await packages())[0])) as VersionNode[]).find((v) => v.version.id === big.version.id) as VersionNode;
    assert.equal((await licensesOf(again)).length, 200, 'the default, not a query with LIMIT 1');
  });

  it("hides expired licenses when asked, and the dashboard's Expired segment shows only those", async () => {
    await lma.filter.set({ includeExpired: false });
    const [billing] = await packages();
    const versions = ((await tree().getChildren(billing)) as VersionNode[]).filter((v) => v.totalCount > 0);
    let seen = 0;
    for (const v of versions.slice(0, 4)) {
      for (const l of await licensesOf(v)) {
        seen++;
        assert.equal(isExpired(l.license, today), false, l.license.name);
      }
    }
    assert.ok(seen > 0);
    await lma.dashboard.controller.handlers.showInTree({ kind: 'status', status: 'Expired' });
    assert.equal(lma.filter.current.expiredOnly, true);
    const expired = ((await tree().getChildren((await packages())[0])) as VersionNode[]).filter((v) => v.totalCount > 0);
    let count = 0;
    for (const v of expired.slice(0, 4)) {
      for (const l of await licensesOf(v)) {
        count++;
        assert.ok(isExpired(l.license, today) && (l.license.status === 'Active' || l.license.status === 'Trial'), l.license.name);
      }
    }
    assert.ok(count > 0, 'expired licenses exist in the demo');
  });

  it('describes a filter in the view title and turns it into a query filter', () => {
    assert.equal(describeFilter(NO_FILTER), '');
    const f = { ...NO_FILTER, statuses: ['Active' as const, 'Trial' as const], includeSandboxes: false, includeExpired: false, search: 'acme\nevil' };
    assert.equal(describeFilter(f), 'Active, Trial · no sandboxes · no expired · “acme evil”');
    assert.deepEqual(toLicenseFilter(f), {
      statuses: ['Active', 'Trial'],
      includeSandboxes: false,
      includeExpired: false,
      search: 'acme\nevil',
      expiredOnly: undefined,
      expiringFrom: undefined,
      expiringTo: undefined,
    });
    assert.equal(toLicenseFilter({ ...NO_FILTER, search: '   ' }).search, undefined);
  });

  it("keeps the Subscribers view's last data, marked stale, when a refresh fails", async () => {
    const before = await lma.views.subscribers.getChildren();
    await demo.setApiLimitReached(true);
    lma.views.subscribers.refresh();
    const after = await lma.views.subscribers.getChildren();
    assert.deepEqual(
      after.map((n) => n.kind === 'subscriberOrg' && n.org.orgKey),
      before.map((n) => n.kind === 'subscriberOrg' && n.org.orgKey),
    );
    assert.match(lma.views.subscribersView.message ?? '', /^Refresh failed: .*daily API request limit/);
    await demo.reset();
    lma.views.subscribers.refresh();
    await lma.views.subscribers.getChildren();
    assert.equal(lma.views.subscribersView.message, undefined);
  });

  it('warns on fewer versions when oldVersionShare is raised', async () => {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'sfdx-project.json');
    const stale = () => vscode.languages.getDiagnostics(uri).filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'lma-stale-version').length;
    await lma.projectInsights.sfdxProject.refresh();
    const normal = stale();
    assert.ok(normal > 0);
    await config().update('oldVersionShare', 0.99, vscode.ConfigurationTarget.Global);
    await eventually(() => stale() === 0 || undefined, 'no warning at 99%');
    await config().update('oldVersionShare', undefined, vscode.ConfigurationTarget.Global);
    await eventually(() => stale() === normal || undefined, 'the warnings back');
  });

  it('starts the demo again with a new size and seed, and stays connected to it', async () => {
    const before = await demo.state();
    await config().update('demo.licenses', 300, vscode.ConfigurationTarget.Global);
    await config().update('demo.seed', 7, vscode.ConfigurationTarget.Global);
    try {
      const small = await eventually(
        async () => {
          const running = await lma.demoHost.running;
          const state =
            running && lma.connections.lmo.state.kind === 'connected' ? await running.control<{ licenses: number }>({ action: 'state' }) : undefined;
          return state && state.licenses < 310 && state.licenses > 280 ? state : undefined;
        },
        'a demo of 300 licenses',
        60_000,
      );
      assert.notEqual(small.licenses, before.licenses, 'another demo');
      // The connection reads the new demo, not the old one.
      assert.equal(await lma.connections.lmo.lmo!.countLicenses({}), small.licenses, 'the connected LMO is the 300-license demo');
    } finally {
      await config().update('demo.licenses', undefined, vscode.ConfigurationTarget.Global);
      await config().update('demo.seed', undefined, vscode.ConfigurationTarget.Global);
    }
    const back = await eventually(
      async () => {
        const running = await lma.demoHost.running;
        const state = running && lma.connections.lmo.state.kind === 'connected' ? await running.control<{ licenses: number }>({ action: 'state' }) : undefined;
        return state && state.licenses === before.licenses ? state : undefined;
      },
      'the default demo back',
      60_000,
    );
    assert.equal(await lma.connections.lmo.lmo!.countLicenses({}), back.licenses, 'connected to the default demo again');
    ({ demo } = await connectDemo());
  });

  it('exports every license in scope, leaving an existing file untouched when the export fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lma-export-'));
    const file = join(dir, 'licenses.csv');
    try {
      await vscode.workspace.fs.writeFile(vscode.Uri.file(file), new TextEncoder().encode('keep me'));
      await demo.injectFault(
        { kind: 'apiError', status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
        { match: 'ORDER BY Id LIMIT', times: 1 },
      );
      await assert.rejects(
        lma.dashboard.controller.exportLicensesTo(vscode.Uri.file(file), { packageId: '', includeSandboxes: true, churnDays: 90 }),
        /daily API request limit/,
      );
      assert.equal(await readFile(file, 'utf8'), 'keep me');
      assert.deepEqual(await vscode.workspace.fs.readDirectory(vscode.Uri.file(dir)), [['licenses.csv', vscode.FileType.File]], 'no partial file left');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sends no write to the org while browsing, loading the dashboard and exporting', async () => {
    await quiet(lma);
    const mark = await demo.mark();
    tree().refresh();
    for (const p of await packages()) for (const v of ((await tree().getChildren(p)) as VersionNode[]).slice(0, 2)) await tree().getChildren(v);
    await lma.views.subscribers.getChildren();
    await lma.dashboard.controller.load({ packageId: '', includeSandboxes: false, churnDays: 90 });
    const file = join(tmpdir(), `lma-nowrite-${Date.now()}.csv`);
    await lma.dashboard.controller.exportLicensesTo(vscode.Uri.file(file), { packageId: '', includeSandboxes: false, churnDays: 90 });
    await rm(file, { force: true });
    await vscode.commands.executeCommand('lma.checkLmaVersion');
    await quiet(lma);
    const requests = await demo.requests(mark);
    assert.ok(requests.length > 10, `${requests.length} requests`);
    for (const r of requests) {
      const reads = r.method === 'GET' || (r.method === 'POST' && /\/composite$/.test(r.path) && (r.subrequests ?? []).every((s) => s.startsWith('GET ')));
      assert.ok(reads, `a read: ${r.method} ${r.path} ${JSON.stringify(r.subrequests ?? [])}`);
    }
  });

  it('builds every webview page with a strict Content Security Policy and no inline script', () => {
    const fake = { cspSource: 'vscode-resource:', asWebviewUri: (u: vscode.Uri) => u.with({ scheme: 'vscode-resource' }) } as unknown as vscode.Webview;
    const html = webviewHtml(fake, vscode.Uri.file('/ext'), {
      title: `Title ${HOSTILE_NAMES[0]}`,
      script: 'dist/webview/dashboard.js',
      styles: ['dist/webview/codicon.css'],
    });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{20,}'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const scripts = html.match(/<script[^>]*>[^<]*<\/script>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /^<script nonce="[^"]+" src="[^"]+"><\/script>$/, 'one external script, by nonce');
    assert.doesNotMatch(html, /<img src=x/, 'the title carries no markup');
  });
});
