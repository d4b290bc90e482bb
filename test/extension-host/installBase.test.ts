import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InstallBaseNode, LicenseNode, LoadMoreNode, PackageNode, VersionNode } from '../../src/editor/installBase/installBaseTree';
import type { TestApi } from '../../src/editor/testApi';
import { isExpired } from '../../src/core/license';
import { NO_FILTER } from '../../src/editor/kit/filterState';

import { type DemoControl, connectDemo, requestsDuring } from './support';

describe('Install Base tree against the demo LMO', () => {
  let lma: TestApi;
  let demo: DemoControl;

  before(async () => {
    ({ lma, demo } = await connectDemo());
    await lma.filter.set(NO_FILTER, { replace: true });
  });
  afterEach(async () => {
    await demo.reset();
    await lma.filter.set(NO_FILTER, { replace: true });
  });
  after(() => vscode.commands.executeCommand('lma.disconnect'));

  const children = (node?: InstallBaseNode) => lma.views.installBase.getChildren(node);
  const packages = async () => (await children()).filter((n): n is PackageNode => n.kind === 'package');
  const versionsOf = async (pkg: PackageNode) => (await children(pkg)).filter((n): n is VersionNode => n.kind === 'version');
  const item = (node: InstallBaseNode) => lma.views.installBase.getTreeItem(node);
  /**
   * Collapses the view (earlier tests revealed and expanded nodes): VS Code then loads nothing behind a test's back.
   * VS Code registers the collapse command once the view has been shown; a view never shown has nothing expanded.
   */
  const collapsed = async () => {
    const collapseAll = 'workbench.actions.treeView.lma.installBase.collapseAll';
    if ((await vscode.commands.getCommands(true)).includes(collapseAll)) await vscode.commands.executeCommand(collapseAll);
    lma.views.installBase.refresh();
  };

  it('shows every package with its license count, from one aggregate call', async () => {
    await collapsed();
    const { result: roots, requests } = await requestsDuring(lma, demo, async () => {
      lma.views.installBase.refresh();
      return packages();
    });
    assert.deepEqual(
      roots.map((p) => item(p).label),
      ['Acme Billing', 'Acme CPQ Connector', 'Acme Field Service', 'Acme Insights (legacy)'],
    );
    assert.equal(
      roots.reduce((sum, p) => sum + p.licenseCount, 0),
      await demo.licenseCount(),
    );
    assert.match(String(item(roots[0]).description), /^v2\.3\.0 · [\d,]+ licenses$/);
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path.replace(/v\d+\.\d/, 'vXX')}`),
      ['POST /services/data/vXX/composite'],
      `one Composite call for packages and their counts, not:\n${JSON.stringify(requests, null, 1)}`,
    );
  });

  it('lists versions newest first, numerically, marking latest and beta', async () => {
    const [billing] = await packages();
    const versions = await versionsOf(billing);
    const labels = versions.map((v) => item(v).label);
    // 1.10.1 was released after 2.0.0 (a hotfix): the order is by number, not by release date.
    assert.deepEqual(labels.slice(0, 7), ['2.4.0', '2.3.0', '2.2.3', '2.1.0', '2.0.0', '1.10.1', '1.10.0']);
    assert.equal(labels.indexOf('1.10.0') < labels.indexOf('1.9.0'), true, '1.10 sorts above 1.9');
    const released = (label: string) => versions[labels.indexOf(label)].version.releaseDate ?? '';
    assert.ok(released('1.10.1') > released('2.0.0'), 'the demo really holds a version released out of order');
    assert.match(String(item(versions[0]).description), /^beta · /);
    assert.match(String(item(versions[1]).description), /^latest · released \d{4}-\d{2}-\d{2} · [\d,]+ live/);
    const total = versions.reduce((s, v) => s + v.totalCount, 0);
    assert.equal(total, billing.licenseCount);
  });

  it('loads a version\'s licenses a page at a time, with a "Load more…" node', async () => {
    const [billing] = await packages();
    const versions = await versionsOf(billing);
    const big = versions.reduce((a, b) => (b.totalCount > a.totalCount ? b : a));
    assert.ok(big.totalCount > 200, `a version with more than a page (${big.totalCount})`);
    await collapsed();
    const fresh = (await versionsOf((await packages())[0])).find((v) => v.version.id === big.version.id) as VersionNode;
    const { result: first, requests } = await requestsDuring(lma, demo, () => children(fresh));
    assert.equal(first.filter((n) => n.kind === 'license').length, 200);
    const more = first[first.length - 1] as LoadMoreNode;
    assert.equal(more.kind, 'loadMore');
    assert.equal(item(more).label, `Load more… (200 of ${big.totalCount.toLocaleString('en-US')} shown)`);
    assert.equal(requests.length, 1, 'one call for the first page');
    const { result: second, requests: more2 } = await requestsDuring(lma, demo, async () => {
      await vscode.commands.executeCommand('lma.loadMore', more);
      return children(fresh);
    });
    const licenses = second.filter((n): n is LicenseNode => n.kind === 'license');
    assert.equal(licenses.length, Math.min(400, big.totalCount));
    assert.equal(new Set(licenses.map((l) => l.license.id)).size, licenses.length, 'no license twice');
    assert.equal(more2.length, 1, 'one call for the next page');
    assert.match(more2[0].path, new RegExp(`sfLma__Package_Version__c = '${big.version.id}'.* ORDER BY Id LIMIT 201`));
  });

  it('puts the words that matter first on a license row: seats and expiry for an active one, the state first otherwise', async () => {
    const [billing] = await packages();
    const version = (await versionsOf(billing)).find((v) => v.totalCount > 0) as VersionNode;
    const rows = (await children(version)).filter((n): n is LicenseNode => n.kind === 'license');
    const active = rows.find((r) => r.license.status === 'Active' && r.license.seats.kind === 'perSeat' && r.license.expiration.kind !== 'perpetual');
    const suspended = rows.find((r) => r.license.status === 'Suspended');
    assert.ok(active && suspended, 'an active per-seat license and a suspended one on the page');
    const a = item(active);
    assert.match(String(a.description), /^\d+\/\d+ seats · (expires|expired) /, 'an active row starts with its seats (its icon says active)');
    assert.match(a.accessibilityInformation?.label ?? '', /, Active, \d+\/\d+ seats/, 'a screen reader still hears the state');
    assert.match(String(item(suspended).description), /^Suspended · /);
  });

  it('filters by status, sandboxes and expiry, and says so in the view description', async () => {
    const today = lma.ctx.clock.today();
    /** Every license of the first package's versions that hold any, as the tree lists them (first pages). */
    const listed = async () => {
      const [billing] = await packages();
      const out: LicenseNode[] = [];
      for (const version of (await versionsOf(billing)).filter((v) => v.totalCount > 0))
        out.push(...(await children(version)).filter((n): n is LicenseNode => n.kind === 'license'));
      return out;
    };
    const everything = await listed();
    assert.ok(
      everything.some((n) => n.license.isSandbox) && everything.some((n) => isExpired(n.license, today) && n.license.status === 'Trial'),
      'unfiltered, the demo shows sandboxes and expired trials',
    );

    await lma.filter.set({ statuses: ['Trial'], includeSandboxes: false });
    assert.equal(lma.views.installBaseView.description, 'Trial · no sandboxes');
    const trials = await listed();
    assert.ok(trials.length > 0, 'trials were listed');
    for (const node of trials) {
      assert.equal(node.license.status, 'Trial');
      assert.equal(node.license.isSandbox, false);
    }
    assert.ok(
      trials.some((n) => isExpired(n.license, today)),
      'expired trials are included by default',
    );

    await lma.filter.set({ includeExpired: false });
    assert.equal(lma.views.installBaseView.description, 'Trial · no sandboxes · no expired');
    const live = await listed();
    assert.ok(live.length > 0, 'live trials were listed');
    for (const node of live) {
      assert.equal(node.license.status, 'Trial');
      assert.equal(node.license.isSandbox, false);
      assert.equal(isExpired(node.license, today), false, `${node.license.name} is not expired`);
    }
    assert.ok(live.length < trials.length, 'the expired ones are gone');

    await vscode.commands.executeCommand('lma.clearFilter');
    assert.equal(lma.views.installBaseView.description, '');
  });

  it('renders a hostile org name as literal text in label and tooltip', async () => {
    await lma.filter.set({ search: '<img src=x onerror=alert(1)>' });
    const [billing, ...rest] = await packages();
    const withMatch = [billing, ...rest].find((p) => p.licenseCount > 0) as PackageNode;
    const version = (await versionsOf(withMatch)).find((v) => v.totalCount > 0) as VersionNode;
    const [license] = (await children(version)) as LicenseNode[];
    const treeItem = item(license);
    assert.equal(treeItem.label, '<img src=x onerror=alert(1)>');
    const tooltip = treeItem.tooltip as vscode.MarkdownString;
    assert.equal(tooltip.supportHtml, false);
    assert.equal(tooltip.isTrusted, false);
    assert.ok(!tooltip.value.includes('<img src=x'), 'the tooltip escapes the markup');
  });

  it('keeps the last data, marked stale, when a refresh fails', async () => {
    const before = await packages();
    await demo.expireSession();
    try {
      lma.views.installBase.refresh();
      const after = await packages();
      assert.deepEqual(
        after.map((p) => p.pkg.id),
        before.map((p) => p.pkg.id),
      );
      assert.match(lma.views.installBaseView.message ?? '', /^Refresh failed: The session for Demo LMO has expired/);
      assert.match(String(lma.views.installBaseView.description), /stale since/);
    } finally {
      await vscode.commands.executeCommand('lma.connectDemo');
    }
    await packages();
    assert.equal(lma.views.installBaseView.message, undefined);
  });

  it('shows an actionable error with a retry when there is nothing to fall back on', async () => {
    await demo.setApiLimitReached(true);
    await lma.filter.set({ statuses: ['Suspended'] });
    const [node] = (await children()).filter((n) => !(n.kind === 'message' && n.id.startsWith('banner:')));
    assert.equal(node.kind, 'message');
    const messageItem = item(node);
    assert.match(String(messageItem.label), /daily API request limit/);
    assert.equal(messageItem.command?.command, 'lma.refresh');
    await demo.reset();
    lma.views.installBase.refresh();
    assert.equal((await packages())[0].kind, 'package');
  });
});
