/**
 * Guarded license changes in a real editor, against the demo LMO: off by default; a plan's
 * preview (validated, nothing written); the confirmation; a run with an injected per-record
 * failure (results, verification, journal); Undo, which puts back exactly what changed (so this
 * suite leaves the shared demo as it found it); a typed confirmation that does not match sends nothing.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { License } from '../../src/core/license';
import type { TestApi } from '../../src/editor/testApi';
import type { ChangeView } from '../../src/webview/protocol/licenseChanges';
import type { HostToPage } from '../../src/webview/protocol/envelope';
import { type DemoControl, connectDemo, eventually } from './support';

describe('guarded license changes', () => {
  let lma: TestApi;
  let demo: DemoControl;
  let licenses: License[];
  let nextId = 5000;
  const ask = async (name: string, params: unknown = {}) =>
    (await lma.licenseChanges.dispatch({ type: 'request', id: ++nextId, name, params })) as Extract<HostToPage, { type: 'response' }>;
  const view = () => lma.licenseChanges.session.current;
  const setEnabled = (on: boolean) =>
    vscode.workspace.getConfiguration('lmaWorkbench').update('licenseChanges.enabled', on, vscode.ConfigurationTarget.Workspace);
  const expirations = async (ids: readonly string[]) => {
    const fresh = await lma.connections.lmo.lmo!.licensePage({ statuses: ['Active'], includeExpired: false, includeSandboxes: false }, { pageSize: 600 });
    return ids.map((id) => fresh.licenses.find((l) => l.id === id)?.expiration);
  };

  before(async () => {
    ({ lma, demo } = await connectDemo());
    const page = await lma.connections.lmo.lmo!.licensePage({ statuses: ['Active'], includeExpired: false, includeSandboxes: false }, { pageSize: 600 });
    // Licenses the Modify License rules let us extend: dated, editable.
    licenses = page.licenses.filter((l) => l.expiration.kind === 'date').slice(0, 3);
    assert.equal(licenses.length, 3);
  });
  afterEach(() => demo.reset());
  after(async () => {
    // Back to the default (removed from the workspace's settings, which live in the fixture folder).
    await vscode.workspace.getConfiguration('lmaWorkbench').update('licenseChanges.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    lma.licenseChanges.session.answer = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it('is off by default: the command plans nothing and points to Modify License', async () => {
    assert.equal(vscode.workspace.getConfiguration('lmaWorkbench').get('licenseChanges.enabled'), false);
    const node = { kind: 'license', id: `license:${licenses[0].id}`, license: licenses[0] };
    const pending = vscode.commands.executeCommand('lma.modifyLicenses', node);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(view().state, 'empty');
    void pending;
  });

  it('previews a plan: rows per license and field, old → new, nothing written', async () => {
    await setEnabled(true);
    const before = await expirations(licenses.map((l) => l.id));
    await lma.licenseChanges.plan({ description: 'Extend three licenses', changes: licenses.map((l) => ({ license: l.id, extendDays: 30 })) });
    const v = view();
    assert.equal(v.state, 'preview');
    if (v.state !== 'preview') return;
    assert.equal(v.blocked, false);
    assert.equal(v.rows.length, 3);
    assert.deepEqual(
      v.rows.map((r) => r.field),
      ['expiration', 'expiration', 'expiration'],
    );
    assert.equal(v.rows[0].old, before[0]?.kind === 'date' ? before[0].date : '');
    const reply = await ask('load');
    assert.equal(reply.ok && (reply.result as ChangeView).state, 'preview');
    assert.deepEqual(await expirations(licenses.map((l) => l.id)), before, 'a preview writes nothing');
  });

  it('blocks a plan that breaks a Modify License rule, and refuses to apply it', async () => {
    await lma.licenseChanges.plan({ changes: [{ license: licenses[0].id, status: 'Trial' }] });
    const v = view();
    assert.ok(v.state === 'preview' && v.blocked);
    assert.ok(v.state === 'preview' && v.rows[0].issues.some((i) => i.severity === 'error'));
    const reply = await ask('apply');
    assert.deepEqual(reply.ok && reply.result, { started: false });
  });

  it('writes after the confirmation, reports a result per record, verifies, journals — and Undo puts back exactly what changed', async () => {
    const ids = licenses.map((l) => l.id);
    const before = await expirations(ids);
    await demo.failRecords([ids[1]], 'UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record');
    let prompt = '';
    lma.licenseChanges.session.answer = async (text) => {
      prompt = text;
      return '';
    };
    await lma.licenseChanges.plan({ description: 'Extend three licenses', changes: ids.map((license) => ({ license, extendDays: 30 })) });
    const reply = await ask('apply');
    assert.deepEqual(reply.ok && reply.result, { started: true });
    assert.match(prompt, /^Change 3 licenses in Demo LMO\?$/);
    const done = view();
    assert.equal(done.state, 'finished');
    if (done.state !== 'finished') return;
    assert.deepEqual({ saved: done.counts.saved, failed: done.counts.failed, verified: done.counts.verified }, { saved: 2, failed: 1, verified: 2 });
    const failed = done.results.find((r) => r.outcome === 'failed');
    assert.equal(failed?.licenseId, ids[1]);
    assert.match(failed?.message ?? '', /^UNABLE_TO_LOCK_ROW: unable to obtain exclusive access/);
    const after = await expirations(ids);
    assert.notDeepEqual(after[0], before[0], 'saved');
    assert.deepEqual(after[1], before[1], 'the failed one is unchanged');
    const runs = await lma.licenseChanges.journal.runs();
    assert.equal(runs[runs.length - 1].runId, done.runId);

    // Undo: a new plan of the two saved licenses, through the same preview and confirmation.
    await demo.reset();
    const undo = await ask('undo');
    assert.deepEqual(undo.ok && undo.result, { previewing: true });
    const preview = view();
    assert.ok(preview.state === 'preview' && preview.summary.undoOf === done.runId && preview.rows.length === 2);
    await ask('apply');
    assert.equal(view().state, 'finished');
    assert.deepEqual(await expirations(ids), before, 'every license as it was');
  });

  it('sends nothing when a typed confirmation does not match (suspending asks for the org id)', async () => {
    const runsBefore = (await lma.licenseChanges.journal.runs()).length;
    let typedAsked = false;
    lma.licenseChanges.session.answer = async (_prompt, typed) => {
      typedAsked = typed;
      return '00D000000000000';
    };
    await lma.licenseChanges.plan({ changes: [{ license: licenses[2].id, status: 'Suspended' }] });
    const v = view();
    assert.ok(v.state === 'preview' && v.typedBecause.some((r) => /blocks every user/.test(r)));
    await ask('apply');
    assert.equal(typedAsked, true);
    assert.equal(view().state, 'preview', 'back to the preview');
    assert.equal((await lma.licenseChanges.journal.runs()).length, runsBefore, 'nothing journaled, nothing sent');
  });

  it('opens only licenses of the current plan from the page', async () => {
    const reply = await ask('openLicense', { licenseId: 'a0L000000000000AAA' });
    assert.deepEqual(reply.ok && reply.result, { opened: false });
    const bad = await ask('openLicense', { licenseId: 'javascript:alert(1)' });
    assert.equal(bad.ok, false);
  });

  it('shows the panel with the plan', async () => {
    await lma.licenseChanges.plan({ changes: [{ license: licenses[0].id, extendDays: 1 }] });
    await eventually(() => lma.licenseChanges.panel.current, 'the License Change panel');
    lma.licenseChanges.panel.current?.dispose();
  });
});
