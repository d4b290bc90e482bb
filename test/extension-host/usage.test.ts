/**
 * Seat usage in the editor, on the embedded demo: the dashboard's card measures the last complete
 * month, and its shelfware and at-cap lists equal the tests' own count from the demo's summary file
 * and raw License rows; license rows carry the badge; the usage filter narrows both trees to a
 * list; each enablement state is a state with its action; Cancel stops a measure.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InstallBaseNode } from '../../src/editor/installBase/installBaseTree';
import type { TestApi } from '../../src/editor/testApi';
import type { SeatUsageView } from '../../src/webview/protocol/dashboard';
import type { HostToPage } from '../../src/webview/protocol/envelope';
import { RAW_USAGE_LICENSE_SOQL, type RawUsageLicense, oracleActiveUsers, oracleFlags } from '../support/usageOracle';
import { type DemoControl, connectDemo, eventually, requestsDuring, stopsWithoutTheAnswer } from './support';

type Ready = Extract<SeatUsageView, { state: 'ready' }>;

describe('seat usage in the editor', function () {
  this.timeout(120_000);
  let lma: TestApi;
  let demo: DemoControl;
  let nextId = 5000;
  const ask = async (name: string, params: unknown) =>
    (await lma.dashboard.dispatch({ type: 'request', id: ++nextId, name, params })) as Extract<HostToPage, { type: 'response' }>;
  const loadUsage = async (request: { packageId?: string; month?: string; force?: boolean } = {}): Promise<SeatUsageView> => {
    const reply = await ask('loadUsage', { packageId: '', month: '', force: true, ...request });
    assert.equal(reply.ok, true, JSON.stringify(reply));
    return (reply as { result: SeatUsageView }).result;
  };
  /** The tests' own shelfware and at-cap sets for a month. */
  const oracle = async (month: string) => {
    const active = oracleActiveUsers(await demo.usageSummaryCsv(month));
    const rows = await lma.connections.lmo.client!.fetchAll<RawUsageLicense>(RAW_USAGE_LICENSE_SOQL);
    return oracleFlags(rows.records, active, lma.ctx.clock.today());
  };

  before(async () => {
    ({ lma, demo } = await connectDemo());
  });
  afterEach(async () => {
    await demo.setAppAnalytics('enabled');
    await demo.reset();
  });
  after(async () => {
    await vscode.commands.executeCommand('lma.clearFilter');
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it("measures the last complete month: the card's shelfware and at-cap lists are the tests' own count, one request and one download a month", async () => {
    const { result: view, requests } = await requestsDuring(lma, demo, () => loadUsage());
    assert.equal(view.state, 'ready', JSON.stringify(view).slice(0, 400));
    const ready = view as Ready;
    assert.equal(ready.month, lma.usage.model.defaultMonth());
    assert.equal(ready.months[0], ready.month, 'the card offers the last complete month first');
    const expected = await oracle(ready.month);
    assert.ok(
      expected.shelfware.size > 0 && expected.atCap.size > 0,
      `the demo has shelfware (${expected.shelfware.size}) and licenses at cap (${expected.atCap.size})`,
    );
    const state = lma.usage.model.state;
    assert.equal(state.kind, 'ready');
    if (state.kind !== 'ready') return;
    assert.deepEqual(new Set(state.result.shelfware.map((r) => r.licenseId)), expected.shelfware);
    assert.deepEqual(new Set(state.result.atCap.map((r) => r.licenseId)), expected.atCap);
    const list = (flag: string) => ready.lists.find((l) => l.flag === flag)!;
    assert.equal(list('shelfware').total, expected.shelfware.size);
    assert.equal(list('atCap').total, expected.atCap.size);
    for (const r of list('shelfware').rows) assert.ok(expected.shelfware.has(r.licenseId), `${r.subscriber} is shelfware`);
    // Three months (the default dormancy window): one request created and one file downloaded each, polled until it ends;
    // the API calls the card reports are the ones the org saw.
    assert.equal(requests.filter((r) => r.method === 'POST' && /AppAnalyticsQueryRequest/.test(r.path)).length, 3);
    assert.equal(ready.downloads, 3);
    assert.equal(ready.apiCalls, requests.length, requests.map((r) => `${r.method} ${r.path.slice(0, 80)}`).join('\n'));
    // Asked again: the same month and scope, from memory: no call.
    const again = await requestsDuring(lma, demo, () => loadUsage({ force: false }));
    assert.equal(again.requests.length, 0, again.requests.map((r) => r.path).join('\n'));
  });

  it('puts the badge on license rows, and the shelfware filter narrows the Install Base view to those licenses', async () => {
    const view = (await loadUsage({ force: false })) as Ready;
    const expected = await oracle(view.month);
    await vscode.commands.executeCommand('lma.filterByUsage', 'shelfware');
    assert.ok(lma.filter.current.usage, 'the usage filter is set');
    await eventually(() => (lma.views.installBaseView.description ?? '').includes(`shelfware in ${view.month}`), 'the view says what it shows');
    const tree = lma.views.installBase;
    const licenses: InstallBaseNode[] = [];
    const walk = async (node?: InstallBaseNode): Promise<void> => {
      for (const child of await tree.getChildren(node)) {
        if (child.kind === 'license') licenses.push(child);
        else if (child.kind === 'package' || child.kind === 'version') await walk(child);
      }
    };
    await walk();
    assert.equal(licenses.length, Math.min(expected.shelfware.size, 150));
    for (const node of licenses) {
      if (node.kind !== 'license') continue;
      assert.ok(expected.shelfware.has(node.license.id), `${node.license.id} is shelfware`);
      const item = tree.getTreeItem(node);
      assert.match(String(item.description), /[\d,]+\/[\d,]+ active · shelfware$/, String(item.description));
      const tooltip = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ');
      assert.match(tooltip, new RegExp(`Seat usage, ${view.month}: [\\d,]+ of [\\d,]+ seats active · shelfware`));
    }
    await vscode.commands.executeCommand('lma.clearFilter');
    assert.equal(lma.filter.current.usage, undefined);
  });

  // Months not measured yet in this window: a month measured once is kept (the month cache) and asks App Analytics nothing.
  const unmeasured = (back: number) => {
    const [y, m] = lma.usage.model.defaultMonth().split('-').map(Number);
    const d = new Date(Date.UTC(y, m - 1 - back, 1));
    return d.toISOString().slice(0, 7);
  };

  it('says each enablement state with its action, never as an error', async () => {
    await demo.setAppAnalytics('disabled');
    const off = await loadUsage({ month: unmeasured(6) });
    assert.equal(off.state, 'explained');
    if (off.state === 'explained') {
      assert.equal(off.kind, 'notEnabled');
      assert.match(off.action, /sf package update --package <package> --enable-app-analytics/);
      assert.match(off.action, /Partner Community/);
    }
    assert.equal(lma.usage.model.note('anything'), undefined, 'no badge without a measure');
    await demo.setAppAnalytics('noAccess');
    const hidden = await loadUsage({ month: unmeasured(7) });
    assert.equal(hidden.state === 'explained' && hidden.kind, 'noAccess');
    await demo.setAppAnalytics('enabled');
    const thisMonth = lma.ctx.clock.today().slice(0, 7);
    const { result: open, requests } = await requestsDuring(lma, demo, () => loadUsage({ month: thisMonth }));
    assert.equal(open.state === 'explained' && open.kind, 'notYetAvailable');
    assert.deepEqual(
      requests.filter((r) => /AppAnalytics/.test(r.path)),
      [],
      'no App Analytics request for a month not over',
    );
  });

  it("stops a measure from the card's Cancel while App Analytics keeps its answer back", async () => {
    await demo.injectFault({ kind: 'hang' }, { match: 'AppAnalyticsQueryRequest', times: 100 });
    const reply = ask('loadUsage', { packageId: '', month: unmeasured(9), force: true });
    await demo.holding('the App Analytics request');
    const cancelled = await ask('cancelUsage', {});
    assert.equal(cancelled.ok && (cancelled as { result: { cancelled: boolean } }).result.cancelled, true);
    const answer = await stopsWithoutTheAnswer(reply, 'the cancelled measure');
    assert.equal(answer.ok, false);
    await demo.released('the cancelled measure');
  });
});
