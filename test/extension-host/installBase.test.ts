import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InstallBaseNode, LicenseNode, LoadMoreNode, PackageNode, VersionNode } from '../../src/editor/trees/installBaseTree';
import type { LmaWorkbenchApi } from '../../src/extension';
import type { DemoLmo } from '../../src/demo';
import { connectDemo } from './support';

describe('Install Base tree against the demo LMO', () => {
  let lma: LmaWorkbenchApi;
  let demo: DemoLmo;

  before(async () => {
    ({ lma, demo } = await connectDemo());
    await lma.filter.set({ statuses: [], includeSandboxes: true, includeExpired: true, search: '' });
  });
  afterEach(async () => {
    demo.faults.reset();
    await lma.filter.set({ statuses: [], includeSandboxes: true, includeExpired: true, search: '' });
  });
  after(() => vscode.commands.executeCommand('lma.disconnect'));

  const children = (node?: InstallBaseNode) => lma.installBase.getChildren(node);
  const packages = async () => (await children()).filter((n): n is PackageNode => n.kind === 'package');
  const versionsOf = async (pkg: PackageNode) => (await children(pkg)) as VersionNode[];
  const item = (node: InstallBaseNode) => lma.installBase.getTreeItem(node);

  it('shows every package with its license count, from one aggregate call', async () => {
    demo.resetCounters();
    lma.installBase.refresh();
    const roots = await packages();
    assert.deepEqual(roots.map((p) => item(p).label), ['Acme Billing', 'Acme CPQ Connector', 'Acme Field Service', 'Acme Insights (legacy)']);
    assert.equal(roots.reduce((sum, p) => sum + p.licenseCount, 0), demo.licenseCount);
    assert.match(String(item(roots[0]).description), /^v2\.3\.0 · [\d,]+ licenses$/);
    assert.equal(demo.requestLog.filter((r) => r.includes('GROUP BY sfLma__Package__c') || r.includes('/composite')).length >= 1, true);
    assert.equal(demo.requestLog.filter((r) => r.startsWith('POST') && r.includes('/composite')).length, 1, 'one Composite call for packages and their counts');
  });

  it('lists versions newest first, numerically, marking latest and beta', async () => {
    const [billing] = await packages();
    const versions = await versionsOf(billing);
    const labels = versions.map((v) => item(v).label);
    assert.deepEqual(labels.slice(0, 6), ['2.4.0', '2.3.0', '2.2.3', '2.1.0', '2.0.0', '1.10.0']);
    assert.equal(labels.indexOf('1.10.0') < labels.indexOf('1.9.0'), true, '1.10 sorts above 1.9');
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
    demo.resetCounters();
    const first = await children(big);
    assert.equal(first.filter((n) => n.kind === 'license').length, 200);
    const more = first[first.length - 1] as LoadMoreNode;
    assert.equal(more.kind, 'loadMore');
    assert.equal(item(more).label, `Load more… (200 of ${big.totalCount.toLocaleString('en-US')} shown)`);
    await vscode.commands.executeCommand('lma.loadMore', more);
    const second = await children(big);
    const licenses = second.filter((n): n is LicenseNode => n.kind === 'license');
    assert.equal(licenses.length, Math.min(400, big.totalCount));
    assert.equal(new Set(licenses.map((l) => l.license.id)).size, licenses.length, 'no license twice');
    // Other features may query in the background; count this view's license pages.
    const pages = demo.requestLog.filter((r) => r.includes(`sfLma__Package_Version__c = '${big.version.id}'`) && r.includes('ORDER BY Id LIMIT'));
    assert.equal(pages.length, 2, 'one call per page');
  });

  it('filters by status, sandboxes and expiry, and says so in the view description', async () => {
    await lma.filter.set({ statuses: ['Trial'], includeSandboxes: false });
    assert.equal(lma.installBaseView.description, 'Trial · no sandboxes');
    const [billing] = await packages();
    for (const version of (await versionsOf(billing)).filter((v) => v.totalCount > 0)) {
      for (const node of (await children(version)).filter((n): n is LicenseNode => n.kind === 'license')) {
        assert.equal(node.license.status, 'Trial');
        assert.equal(node.license.isSandbox, false);
      }
    }
    await vscode.commands.executeCommand('lma.clearFilter');
    assert.equal(lma.installBaseView.description, '');
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
    demo.expireSession();
    try {
      lma.installBase.refresh();
      const after = await packages();
      assert.deepEqual(after.map((p) => p.pkg.id), before.map((p) => p.pkg.id));
      assert.match(lma.installBaseView.message ?? '', /^Refresh failed: The session for Demo LMO has expired/);
      assert.match(String(lma.installBaseView.description), /stale since/);
    } finally {
      await vscode.commands.executeCommand('lma.connectDemo');
    }
    await packages();
    assert.equal(lma.installBaseView.message, undefined);
  });

  it('shows an actionable error with a retry when there is nothing to fall back on', async () => {
    demo.faults.settings.apiLimitReached = true;
    await lma.filter.set({ statuses: ['Suspended'] });
    const [node] = (await children()).filter((n) => !(n.kind === 'message' && n.id.startsWith('banner:')));
    assert.equal(node.kind, 'message');
    const messageItem = item(node);
    assert.match(String(messageItem.label), /daily API request limit/);
    assert.equal(messageItem.command?.command, 'lma.refresh');
    demo.faults.reset();
    lma.installBase.refresh();
    assert.equal((await packages())[0].kind, 'package');
  });
});
