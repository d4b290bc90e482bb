/**
 * Recent Changes and a license's history in a real editor, against the demo LMO's change
 * simulator (it writes License history the way a PATCH does).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChangeNode } from '../../src/editor/changes/changesTree';
import type { TestApi } from '../../src/editor/testApi';
import type { InstallBaseNode } from '../../src/editor/installBase/installBaseTree';
import { type DemoControl, connectDemo } from './support';

type Item = Exclude<ChangeNode, { kind: 'message' }>;

describe('Recent Changes and license history', () => {
  let lma: TestApi;
  let demo: DemoControl;
  const tree = () => lma.changes.tree;
  const roots = async () => (await tree().getChildren()) as ChangeNode[];
  const allChanges = async () => {
    const out: Extract<ChangeNode, { kind: 'change' }>[] = [];
    for (const n of await roots()) if (n.kind === 'day') out.push(...((await tree().getChildren(n)) as Extract<ChangeNode, { kind: 'change' }>[]));
    return out;
  };

  before(async () => {
    ({ lma, demo } = await connectDemo());
  });
  afterEach(() => tree().showRecent());
  after(async () => {
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it('lists changes the org just made, newest first, grouped by day, with who and what', async () => {
    const made = await demo.makeChanges(6, ['status', 'seats', 'expiration']);
    assert.equal(made.length, 6);
    tree().refresh();
    const changes = await allChanges();
    const ids = new Set(made.map((m) => m.licenseId.slice(0, 15)));
    const mine = changes.filter((c) => ids.has(c.change.licenseId.slice(0, 15)));
    assert.ok(mine.length >= 6, `${mine.length} of the made changes listed`);
    const times = changes.map((c) => c.change.time);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    const item = tree().getTreeItem(mine[0]);
    assert.match(String(item.description), /^(Status|Seats|Expiration) .+ → .+ · /);
    assert.ok(item.command?.command === 'lma.showLicenseHistory');
  });

  it('says when its rows were read, and reads again when shown after being hidden a while', async () => {
    tree().refresh();
    await allChanges();
    const loadedAt = tree().loadedAt;
    assert.ok(loadedAt, 'loaded');
    const time = loadedAt.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    assert.ok(String(lma.changes.view.description).endsWith(`updated ${time}`), String(lma.changes.view.description));
    // Fresh rows are kept; rows older than the threshold are read again, and the change made meanwhile shows.
    assert.equal(tree().refreshIfOlderThan(60_000, loadedAt.getTime() + 59_000), false, 'a minute has not passed');
    const [made] = await demo.makeChanges(1, ['seats']);
    assert.equal(tree().refreshIfOlderThan(60_000, loadedAt.getTime() + 61_000), true, 'older than a minute: read again');
    const ids = (await allChanges()).map((c) => c.change.licenseId.slice(0, 15));
    assert.ok(ids.includes(made.licenseId.slice(0, 15)), 'the change made while it was hidden is listed');
    assert.ok((tree().loadedAt?.getTime() ?? 0) >= loadedAt.getTime());
  });

  // (Its one-API-call cost is pinned where nothing else calls the org: test/data/licenseChangeFeed.integration.test.ts.)
  it("shows a license's whole history, newest first, and goes back to recent changes", async () => {
    const [made] = await demo.makeChanges(1, ['seats']);
    await vscode.commands.executeCommand('lma.showLicenseHistory', made.licenseId, 'A license');
    const nodes = (await roots()) as ChangeNode[];
    assert.equal(nodes[0].kind, 'message', 'a way back first');
    const history = nodes.filter((n): n is Extract<ChangeNode, { kind: 'change' }> => n.kind === 'change');
    assert.ok(history.length >= 2, 'its install and the new seats at least');
    assert.equal(history[0].change.type, 'license.seats_changed', 'newest first');
    assert.equal(history[history.length - 1].change.type, 'license.created');
    assert.match(String(tree().getTreeItem(history[0]).label), /^Seats /);
    assert.match(String(lma.changes.view.description), /^history of A license/);
    await vscode.commands.executeCommand('lma.showRecentChanges');
    assert.equal(tree().showing.kind, 'recent');
  });

  it('opens the history from a license in the Install Base', async () => {
    await vscode.commands.executeCommand('lma.clearFilter');
    const pkg = ((await lma.views.installBase.getChildren()) as InstallBaseNode[]).find((n) => n.kind === 'package') as InstallBaseNode;
    const versions = (await lma.views.installBase.getChildren(pkg)) as InstallBaseNode[];
    let license: InstallBaseNode | undefined;
    for (const v of versions.filter((n) => n.kind === 'version' && n.totalCount > 0)) {
      license = ((await lma.views.installBase.getChildren(v)) as InstallBaseNode[]).find((n) => n.kind === 'license');
      if (license) break;
    }
    assert.ok(license && license.kind === 'license');
    await vscode.commands.executeCommand('lma.showLicenseHistory', license);
    const showing = tree().showing;
    assert.equal(showing.kind === 'license' && showing.licenseId, license.license.id);
    const nodes = await roots();
    assert.ok(nodes.some((n) => n.kind === 'change' && n.change.type === 'license.created'));
  });

  it('keeps customer text as text in labels and tooltips', async () => {
    const changes = await allChanges();
    for (const c of changes.slice(0, 50)) {
      const item = tree().getTreeItem(c as Item);
      assert.ok(!/[\n\r]/.test(String(item.label)) && !String(item.label).includes('\u001b'), String(item.label));
      const tooltip = item.tooltip as vscode.MarkdownString;
      assert.equal(tooltip.isTrusted, undefined, 'tooltips run no command links');
    }
  });
});
