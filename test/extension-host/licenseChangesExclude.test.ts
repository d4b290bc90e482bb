/**
 * Leaving a license out of a guarded plan, from the License Change panel (through its message
 * protocol, as the page does): a plan blocked by one refused license becomes ready once that
 * license is left out — checked again by the same rules — and the confirmation, the worklist, the
 * write and the journal carry only the licenses kept; the journal says which were left out; a
 * plan with every license left out cannot be applied. The write is undone, so this suite leaves
 * the shared demo as it found it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { License } from '../../src/core/license';
import type { TestApi } from '../../src/editor/testApi';
import type { HostToPage } from '../../src/webview/protocol/envelope';
import { type DemoControl, connectDemo } from './support';

describe('leaving licenses out of a guarded plan', () => {
  let lma: TestApi;
  let demo: DemoControl;
  let licenses: License[];
  let nextId = 7000;
  const ask = async (name: string, params: unknown = {}) =>
    (await lma.licenseChanges.dispatch({ type: 'request', id: ++nextId, name, params })) as Extract<HostToPage, { type: 'response' }>;
  const view = () => lma.licenseChanges.session.current;
  const settings = () => vscode.workspace.getConfiguration('lmaWorkbench');
  const activeNow = async () =>
    (await lma.connections.lmo.lmo!.licensePage({ statuses: ['Active'], includeExpired: false, includeSandboxes: false }, { pageSize: 600 })).licenses;
  /** Two licenses extended by 30 days, and an active one sent back to Trial, which the Modify License rules refuse. */
  const planWithARefusedRow = () =>
    lma.licenseChanges.plan({
      description: 'Extend two, one refused',
      changes: [
        { license: licenses[0].id, extendDays: 30 },
        { license: licenses[1].id, status: 'Trial' },
        { license: licenses[2].id, extendDays: 30 },
      ],
    });
  const refused = () => licenses[1].id;
  const kept = () => [licenses[0].id, licenses[2].id];

  before(async () => {
    ({ lma, demo } = await connectDemo());
    licenses = (await activeNow()).filter((l) => l.expiration.kind === 'date').slice(0, 3);
    assert.equal(licenses.length, 3);
    await settings().update('licenseChanges.enabled', true, vscode.ConfigurationTarget.Workspace);
  });
  afterEach(async () => {
    await demo.reset();
    lma.licenseChanges.session.answer = undefined;
    lma.licenseChanges.session.guidanceAnswer = undefined;
    await settings().update('licenseChanges.throughApi', undefined, vscode.ConfigurationTarget.Workspace);
  });
  after(async () => {
    await settings().update('licenseChanges.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it('a blocked plan is ready once the refused license is left out (checked again), and Put Back blocks it again', async () => {
    await planWithARefusedRow();
    const blocked = view();
    assert.ok(blocked.state === 'preview');
    if (blocked.state !== 'preview') return;
    assert.deepEqual([blocked.blocked, blocked.summary.count, blocked.summary.excluded], [true, 3, 0]);
    assert.ok(blocked.summary.errors >= 1);

    const reply = await ask('excludeRow', { licenseId: refused(), excluded: true });
    assert.deepEqual(reply.ok && reply.result, { changed: true });
    const ready = view();
    assert.ok(ready.state === 'preview');
    if (ready.state !== 'preview') return;
    assert.deepEqual([ready.blocked, ready.summary.count, ready.summary.errors, ready.summary.excluded], [false, 2, 0, 1]);
    // The left-out row stays listed, marked, with nothing against it; the others as before.
    const row = ready.rows.find((r) => r.licenseId === refused());
    assert.deepEqual([row?.excluded, row?.issues.length], [true, 0]);
    assert.deepEqual(
      ready.rows.filter((r) => !r.excluded).map((r) => r.licenseId),
      kept(),
    );

    // Only a license of the plan; the page is untrusted.
    const stranger = await ask('excludeRow', { licenseId: 'a0L000000000000AAA', excluded: true });
    assert.deepEqual(stranger.ok && stranger.result, { changed: false });

    await ask('excludeRow', { licenseId: refused(), excluded: false });
    const back = view();
    assert.ok(back.state === 'preview' && back.blocked && back.summary.count === 3, 'put back: blocked again');
  });

  it('the worklist lists only the licenses kept, and its journal says which were left out', async () => {
    await planWithARefusedRow();
    await ask('excludeRow', { licenseId: refused(), excluded: true });
    const started = await ask('apply');
    assert.deepEqual(started.ok && started.result, { started: true });
    const list = view();
    assert.ok(list.state === 'worklist');
    if (list.state !== 'worklist') return;
    assert.deepEqual(
      list.rows.map((r) => r.licenseId),
      kept(),
    );
    assert.equal(list.counts.total, 2);
    const runs = await lma.licenseChanges.journal.runs();
    const run = runs[runs.length - 1];
    assert.equal(run.runId, list.runId);
    assert.deepEqual(
      run.plan.changes.map((c) => c.license.id),
      kept(),
    );
    assert.deepEqual(run.plan.excluded, [{ licenseId: refused(), licenseName: licenses[1].name }]);
    await ask('finishWorklist');
  });

  it('the confirmation counts the licenses kept and the write sends only them (then Undo)', async () => {
    await settings().update('licenseChanges.throughApi', true, vscode.ConfigurationTarget.Workspace);
    lma.licenseChanges.session.guidanceAnswer = async () => true;
    let prompt = '';
    lma.licenseChanges.session.answer = async (text) => {
      prompt = text;
      return '';
    };
    await planWithARefusedRow();
    await ask('excludeRow', { licenseId: refused(), excluded: true });
    const reply = await ask('apply');
    assert.deepEqual(reply.ok && reply.result, { started: true });
    assert.match(prompt, /^Change 2 licenses in Demo LMO\?$/);
    const done = view();
    assert.ok(done.state === 'finished');
    if (done.state !== 'finished') return;
    assert.deepEqual(done.results.map((r) => r.licenseId).sort(), [...kept()].sort());
    assert.deepEqual([done.counts.saved, done.counts.failed, done.counts.notSent], [2, 0, 0]);
    const runs = await lma.licenseChanges.journal.runs();
    const run = runs[runs.length - 1];
    assert.deepEqual([...run.results.keys()].sort(), [...kept()].sort(), 'the journal has a result for the kept licenses only');
    assert.deepEqual(
      run.plan.excluded?.map((e) => e.licenseId),
      [refused()],
    );
    const untouched = (await activeNow()).find((l) => l.id === refused());
    assert.ok(untouched, 'the license left out is still Active');

    await ask('undo');
    await ask('apply');
    assert.equal(view().state, 'finished', 'undone');
  });

  it('cannot apply a plan whose licenses are all left out', async () => {
    await planWithARefusedRow();
    for (const l of licenses) await ask('excludeRow', { licenseId: l.id, excluded: true });
    const v = view();
    assert.ok(v.state === 'preview');
    if (v.state !== 'preview') return;
    assert.deepEqual([v.blocked, v.summary.count, v.summary.excluded], [false, 0, 3]);
    const runsBefore = (await lma.licenseChanges.journal.runs()).length;
    const reply = await ask('apply');
    assert.deepEqual(reply.ok && reply.result, { started: false });
    assert.equal(view().state, 'preview');
    assert.equal((await lma.licenseChanges.journal.runs()).length, runsBefore, 'nothing journaled');
  });
});
