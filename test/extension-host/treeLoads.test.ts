/** How long the trees wait for the org: the request timeout from the settings, and a load cancelled when the view starts over. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/editor/testApi';
import { NO_FILTER } from '../../src/editor/kit/filterState';
import type { InstallBaseNode, PackageNode, VersionNode } from '../../src/editor/installBase/installBaseTree';
import { type DemoControl, connectDemo, eventually, quiet, requestsDuring, stopsWithoutTheAnswer } from './support';

const config = () => vscode.workspace.getConfiguration('lmaWorkbench');
const isPackage = (n: InstallBaseNode): n is PackageNode => n.kind === 'package';

describe('tree loads: timeout and cancel', () => {
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

  it('gives up after lmaWorkbench.requestTimeoutSeconds, and the Install Base view says so with a retry', async () => {
    await config().update('requestTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
    try {
      // The timeout belongs to a connection: it takes effect on the next connect.
      ({ lma, demo } = await connectDemo());
      await quiet(lma);
      await demo.setLatency(7000);
      // A new filter starts the view over: there is nothing older to fall back on.
      await lma.filter.set({ statuses: ['Suspended'] });
      const started = performance.now();
      const nodes = await lma.views.installBase.getChildren();
      const elapsed = performance.now() - started;
      const error = nodes.find((n) => n.kind === 'message' && n.id === 'error:root');
      assert.ok(error, JSON.stringify(nodes.map((n) => n.kind)));
      const item = lma.views.installBase.getTreeItem(error);
      assert.match(String(item.label), /^Couldn't load: .*did not answer within 5 s\. .*lmaWorkbench\.requestTimeoutSeconds/);
      assert.equal(item.command?.command, 'lma.refresh');
      // The error node, not the 7 s answer, is what came: it gave up; and not before the 5 s timeout.
      assert.ok(elapsed >= 4_500, `gave up after the 5 s timeout (${elapsed} ms)`);
    } finally {
      await demo.reset();
      await config().update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
      ({ lma, demo } = await connectDemo());
    }
    await lma.filter.set(NO_FILTER, { replace: true });
    assert.ok((await lma.views.installBase.getChildren()).some(isPackage), 'the default timeout back: packages load');
  });

  it('cancels a load the view overtakes: the old load stops waiting at once, keeps what was shown, and is not marked stale', async () => {
    const shown = (await lma.views.installBase.getChildren()).filter(isPackage);
    assert.ok(shown.length > 0);
    await quiet(lma);
    // The org holds this load's first answer back for good: only a cancelled load can settle.
    await demo.injectFault({ kind: 'hang' }, { times: 1 });
    lma.views.installBase.refresh();
    const first = lma.views.installBase.getChildren();
    await demo.holding('the first load');
    lma.views.installBase.refresh();
    const kept = (await stopsWithoutTheAnswer(first, 'the overtaken load')).filter(isPackage);
    await demo.released('the overtaken load');
    assert.deepEqual(
      kept.map((p) => p.pkg.id),
      shown.map((p) => p.pkg.id),
      'it keeps what was shown',
    );
    assert.equal(lma.views.installBaseView.message, undefined, 'a cancelled load is not a failed refresh');
    const fresh = (await lma.views.installBase.getChildren()).filter(isPackage);
    assert.deepEqual(
      fresh.map((p) => p.pkg.id),
      shown.map((p) => p.pkg.id),
      'the new load shows',
    );
  });

  it('has VS Code ask again for a node whose children a redraw overtook (VS Code drops that answer), once, from the cache', async () => {
    const tree = lma.views.installBase;
    tree.refresh();
    const [pkg] = (await tree.getChildren()).filter(isPackage);
    assert.ok(pkg, 'a package');
    await quiet(lma);
    const events: unknown[] = [];
    const listening = tree.onDidChangeTreeData((e) => events.push(e));
    try {
      // The org takes its time over the versions: a redraw (seat-usage notes, the feature probe) lands meanwhile.
      await demo.injectFault({ kind: 'slow', delayMs: 1_500 }, { times: 1 });
      const mark = await demo.mark();
      const versions = tree.getChildren(pkg);
      await eventually(
        async () => (await demo.requests(mark)).some((r) => r.subrequests?.some((u) => u.includes('FROM sfLma__Package_Version__c'))),
        'the versions load',
      );
      tree.redraw();
      assert.equal(events.length, 1, 'the redraw');
      const shown = ((await versions) as VersionNode[]).filter((n) => n.kind === 'version');
      assert.ok(shown.length > 0, 'the overtaken request still answers with the versions');
      await eventually(() => events.length === 2 || undefined, 'one more change event: VS Code asks again');
      assert.equal(events[1], undefined, 'the whole tree (the node object VS Code holds may be an older one)');
      // VS Code asks again: served from the cache, and nothing overtook it, so no further event.
      const again = await requestsDuring(lma, demo, () => tree.getChildren(pkg));
      assert.equal(again.requests.length, 0, 'no API call');
      assert.deepEqual(
        (again.result as VersionNode[]).filter((n) => n.kind === 'version').map((v) => v.version.id),
        shown.map((v) => v.version.id),
      );
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(events.length, 2, 'an answered request nothing overtook asks nothing');
    } finally {
      listening.dispose();
    }
  });
});
