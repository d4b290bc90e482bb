/**
 * Guarded license changes in a real editor, against the demo LMO: off by default; a plan's
 * preview (validated, nothing written); by default the Modify License worklist (no write request:
 * each row verified after the user's save); writes through the API only with the second switch
 * and Salesforce's guidance accepted once; the confirmation; a run with an injected per-record
 * failure (results, verification, journal); Undo, which puts back exactly what changed (so this
 * suite leaves the shared demo as it found it); a typed confirmation that does not match sends nothing.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type CalendarDate, addDays } from '../../src/core/calendarDate';
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
  const setThroughApi = (on: boolean | undefined) =>
    vscode.workspace.getConfiguration('lmaWorkbench').update('licenseChanges.throughApi', on, vscode.ConfigurationTarget.Workspace);
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
    await setThroughApi(undefined);
    lma.licenseChanges.session.answer = undefined;
    lma.licenseChanges.session.guidanceAnswer = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it('is off by default: the command plans nothing and points to Modify License', async () => {
    assert.equal(vscode.workspace.getConfiguration('lmaWorkbench').get('licenseChanges.enabled'), false);
    const shown = view();
    const node = { kind: 'license', id: `license:${licenses[0].id}`, license: licenses[0] };
    const pending = vscode.commands.executeCommand('lma.modifyLicenses', node);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(view(), shown, 'no new plan (the panel shows what it showed)');
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

  it('by default the plan becomes the Modify License worklist: no write request; a row is done once the user saves its page, verified; Skip journals the others', async () => {
    const ids = licenses.map((l) => l.id);
    const before = await expirations(ids);
    await lma.licenseChanges.plan({ description: 'Extend by hand', changes: ids.map((license) => ({ license, extendDays: 30 })) });
    const preview = view();
    assert.ok(preview.state === 'preview' && preview.channel === 'worklist', 'the worklist is the default');
    let confirmations = 0;
    lma.licenseChanges.session.answer = async () => {
      confirmations++;
      return '';
    };
    const mark = await demo.mark();
    const started = await ask('apply');
    assert.deepEqual(started.ok && started.result, { started: true });
    const list = view();
    assert.equal(list.state, 'worklist');
    if (list.state !== 'worklist') return;
    assert.equal(confirmations, 0, 'nothing is written, so nothing is confirmed');
    assert.deepEqual(
      list.rows.map((r) => [r.licenseId, r.state, r.targets.map((t) => t.label)]),
      ids.map((id) => [id, 'pending', ['Expiration']]),
    );
    const target = list.rows[0].targets[0].enter;
    // The user saves the first license's page with the planned value, and the second with another.
    await demo.saveModifyLicense(ids[0], { sfLma__Expiration__c: target });
    const other = list.rows[1].targets[0].old;
    await demo.saveModifyLicense(ids[1], { sfLma__Expiration__c: `${Number(other.slice(0, 4)) + 2}${other.slice(4)}` });
    await ask('checkRows', {});
    const checked = view();
    assert.ok(checked.state === 'worklist');
    if (checked.state !== 'worklist') return;
    assert.deepEqual(
      checked.rows.map((r) => r.state),
      ['done', 'differs', 'pending'],
      JSON.stringify(checked.rows),
    );
    assert.match(checked.rows[1].reason ?? '', /^Expiration is \d{4}-\d\d-\d\d, not \d{4}-\d\d-\d\d\.$/);
    await ask('skipRow', { licenseId: ids[1] });
    await ask('skipRow', { licenseId: ids[2] });
    const finished = view();
    assert.ok(finished.state === 'worklist' && finished.finished);
    assert.deepEqual(finished.state === 'worklist' && finished.counts, { total: 3, done: 1, skipped: 1, differs: 1, pending: 0 });
    const writes = (await demo.requests(mark)).filter((r) => r.method !== 'GET' && (r.subrequests ?? []).some((sub) => !sub.startsWith('GET ')));
    assert.deepEqual(writes, [], 'no write request reached the org');
    const after = await expirations(ids);
    assert.deepEqual(after[2], before[2], 'the skipped license is untouched');
    const runs = await lma.licenseChanges.journal.runs();
    const run = runs[runs.length - 1];
    assert.deepEqual([run.channel, run.worklistRows.get(ids[1])?.state, run.worklistRows.get(ids[2])?.state], ['worklist', 'differs', 'skipped']);
    // Only the worklist's own licenses; the value to enter is copied as the page takes it.
    const stranger = await ask('skipRow', { licenseId: 'a0L000000000000AAA' });
    assert.deepEqual(stranger.ok && stranger.result, { skipped: false });
    const copied = await ask('copyValue', { licenseId: ids[0], field: 'expiration' });
    assert.deepEqual(copied.ok && copied.result, { copied: true });
    assert.equal(await vscode.env.clipboard.readText(), target);
  });

  it('writes through the API only with the second switch, after Salesforce’s guidance is accepted once', async () => {
    await setThroughApi(true);
    const guidance: string[] = [];
    lma.licenseChanges.session.guidanceAnswer = async (text) => {
      guidance.push(text);
      return false;
    };
    lma.licenseChanges.session.answer = async () => '';
    const runsBefore = (await lma.licenseChanges.journal.runs()).length;
    await lma.licenseChanges.plan({ changes: [{ license: licenses[0].id, extendDays: 1 }] });
    assert.ok(view().state === 'preview' && (view() as { channel: string }).channel === 'api');
    const declined = await ask('apply');
    assert.deepEqual(declined.ok && declined.result, { started: false });
    assert.equal(view().state, 'preview', 'declined: nothing sent');
    assert.equal((await lma.licenseChanges.journal.runs()).length, runsBefore);
    assert.match(guidance[0], /Treat the LMA custom objects as read-only\. Use the Modify License page to edit licenses\./);
  });

  it('writes after the confirmation, reports a result per record, verifies, journals — and Undo puts back exactly what changed', async () => {
    await setThroughApi(true);
    let guidanceAsked = 0;
    lma.licenseChanges.session.guidanceAnswer = async () => {
      guidanceAsked++;
      return true;
    };
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
    assert.equal(guidanceAsked, 1, 'the guidance is asked once per workspace');
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
    const host = await eventually(() => lma.licenseChanges.panel.current, 'the License Change panel');
    assert.equal(host.panel.title, 'License Change');
    assert.match(host.panel.webview.html, /dist\/webview\/licenseChanges\.js/, 'serving the License Change bundle');
    // What the panel shows: the plan's one row, the license's expiration a day later.
    const shown = view();
    assert.ok(shown?.state === 'preview', `a preview (${shown?.state})`);
    assert.deepEqual(
      shown.rows.map((r) => [r.licenseId, r.field]),
      [[licenses[0].id, 'expiration']],
    );
    const [row] = shown.rows;
    assert.match(row.old, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(row.new, addDays(row.old as CalendarDate, 1), 'a day later');
    assert.equal(shown.blocked, false);
    host.dispose();
  });
});
