/**
 * The feature value flows (src/editor/features/valueChangeFlow.ts) driven with scripted prompts,
 * against the demo LMO: what the user reads at each step and what ends in the License Change
 * panel — the opt-in notice's Open Settings button, the parameter pick of a selection, the
 * value's validation, a read-only value's reason, and Undo picked from the journal (which puts the
 * values back, so this suite leaves the shared demo as it found it).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SUBSCRIBER_TO_LMO_NOTE } from '../../src/core/features/parameter';
import { ValueChangeFlow } from '../../src/editor/features/valueChangeFlow';
import type { TestApi } from '../../src/editor/testApi';
import type { InstallBaseNode } from '../../src/editor/installBase/installBaseTree';
import type { HostToPage } from '../../src/webview/protocol/envelope';
import { connectDemo } from './support';
import { ScriptedPrompts, validation } from './scriptedPrompts';

const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));

describe('feature value flows', () => {
  let lma: TestApi;
  let nextId = 7500;
  const ran: unknown[][] = [];
  const children = (node?: InstallBaseNode) => lma.views.installBase.getChildren(node);
  const ask = async (name: string) =>
    (await lma.licenseChanges.dispatch({ type: 'request', id: ++nextId, name, params: {} })) as Extract<HostToPage, { type: 'response' }>;
  const view = () => lma.licenseChanges.session.current;
  const setEnabled = (on: boolean | undefined) =>
    vscode.workspace.getConfiguration('lmaWorkbench').update('featureValues.enabled', on, vscode.ConfigurationTarget.Workspace);
  const flow = (prompts: ScriptedPrompts) =>
    new ValueChangeFlow(
      {
        lmo: () => lma.connections.lmo.lmo,
        licenseChanges: lma.licenseChanges,
        run: async (...args: unknown[]) => void ran.push(args),
      },
      prompts,
    );
  /** Active Acme Billing licenses on a version with every parameter (2.2.3 or later), from the tree. */
  const billingLicenses = async (count: number) => {
    const pkg = (await children()).find((n) => n.kind === 'package' && n.pkg.name === 'Acme Billing');
    assert.ok(pkg, 'Acme Billing in the Install Base view');
    const found: Extract<InstallBaseNode, { kind: 'license' }>[] = [];
    for (const v of (await children(pkg)).filter((n) => n.kind === 'version')) {
      if (v.kind !== 'version' || !/^2\.(2\.[3-9]|[3-9])/.test(v.version.versionNumber)) continue;
      for (const n of await children(v)) if (n.kind === 'license' && n.license.status === 'Active' && found.length < count) found.push(n);
    }
    assert.equal(found.length, count, `${count} active Acme Billing licenses on 2.2.3 or later`);
    return found;
  };
  const invoiceLimits = async (ids: readonly string[]) => {
    const reader = lma.connections.lmo.lmo!.features;
    return Promise.all(ids.map(async (id) => (await reader.licenseValues(id)).find((v) => v.fullName === 'acmebill__InvoiceLimit')?.value));
  };

  before(async () => {
    ({ lma } = await connectDemo());
    assert.equal(await lma.features.probed(), true, 'the demo LMO has the Feature Management App');
  });
  beforeEach(() => {
    ran.length = 0;
  });
  after(async () => {
    await setEnabled(undefined);
    lma.licenseChanges.session.answer = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it("while edits are off, says so and its Open Settings button opens the feature values' settings; nothing is planned", async () => {
    await setEnabled(undefined);
    const [license] = await billingLicenses(1);
    const before = view();
    const prompts = new ScriptedPrompts('Open Settings');
    await flow(prompts).edit(license);
    assert.deepEqual(prompts.shown, [
      {
        kind: 'info',
        text: 'Editing feature parameter values from the editor is off. Turn on lmaWorkbench.featureValues.enabled for guarded edits: previewed, confirmed, verified, journaled and undoable.',
        modal: false,
        detail: undefined,
        buttons: ['Open Settings'],
      },
    ]);
    assert.deepEqual(ran, [['workbench.action.openSettings', 'lmaWorkbench.featureValues']]);
    assert.equal(view(), before, 'no plan');
  });

  it('a subscriber → LMO value says why it cannot be edited, and asks for nothing', async () => {
    await setEnabled(true);
    const [license] = await billingLicenses(1);
    const node = (await children(license)).find((n) => n.kind === 'extra' && label(lma.views.installBase.getTreeItem(n)) === 'UsesMultiCurrency');
    assert.ok(node, 'the UsesMultiCurrency value under the license');
    const prompts = new ScriptedPrompts();
    await flow(prompts).edit(node);
    assert.deepEqual(prompts.messages, [`UsesMultiCurrency cannot be edited. ${SUBSCRIBER_TO_LMO_NOTE}`]);
    assert.equal(prompts.shown.length, 1, 'no pick, no input');
  });

  it('edits a value of two licenses: the parameter picked by its spread, the value validated, the preview; Undo picked from the journal puts it back', async () => {
    await setEnabled(true);
    const licenses = await billingLicenses(2);
    const ids = licenses.map((l) => l.license.id);
    const before = await invoiceLimits(ids);
    assert.ok(
      before.every((v) => typeof v === 'number'),
      String(before),
    );
    const next = Math.max(...(before as number[])) + 23;

    const prompts = new ScriptedPrompts('acmebill__InvoiceLimit', String(next));
    await flow(prompts).edit(licenses[0], licenses);
    const [pick, input] = prompts.shown;
    assert.ok(pick.kind === 'pick');
    assert.equal(pick.options.title, 'Edit a feature value of 2 licenses');
    const offered = pick.items.find((i) => i.label === 'acmebill__InvoiceLimit');
    assert.equal(offered?.description, 'Integer · 2 of 2 licenses');
    assert.ok(!pick.items.some((i) => i.label === 'acmebill__UsesMultiCurrency'), 'subscriber → LMO parameters are not offered');
    assert.ok(input.kind === 'input');
    assert.equal(input.options.title, 'Set acmebill__InvoiceLimit');
    assert.equal(input.options.prompt, 'A whole number');
    assert.equal(await validation(input, '12.5'), 'A whole number, up to 15 digits.');
    assert.equal(await validation(input, ' 42 '), undefined);

    const preview = view();
    assert.ok(preview.state === 'preview');
    assert.equal(preview.summary.kind, 'featureValues');
    assert.equal(preview.summary.description, 'Set acmebill__InvoiceLimit on 2 licenses from the editor');
    assert.deepEqual(
      preview.rows.map((r) => [r.licenseId, r.new]),
      ids.map((id) => [id, next.toLocaleString('en-US')]),
    );
    lma.licenseChanges.session.answer = async () => '';
    await ask('apply');
    const done = view();
    assert.ok(done.state === 'finished', done.state);
    assert.deepEqual(await invoiceLimits(ids), [next, next]);

    // Undo through the pick of journaled runs (the newest first): a dialog only a user could answer before.
    const undoPrompts = new ScriptedPrompts((shown) => (shown.kind === 'pick' ? shown.items.find((i) => i.detail?.startsWith(done.runId)) : undefined));
    await flow(undoPrompts).undo();
    const [runs] = undoPrompts.shown;
    assert.ok(runs.kind === 'pick');
    assert.equal(runs.options.title, 'Undo a Feature Value Change');
    assert.equal(runs.options.placeHolder, 'Which change?');
    assert.equal(runs.items[0].label, 'Set acmebill__InvoiceLimit on 2 licenses from the editor', 'the newest run first');
    const undoPreview = view();
    assert.ok(undoPreview.state === 'preview' && undoPreview.summary.undoOf === done.runId);
    await ask('apply');
    assert.equal(view().state, 'finished');
    assert.deepEqual(await invoiceLimits(ids), before, 'the values as they were');
  });

  it('says when the run to undo is not in the journal', async () => {
    await setEnabled(true);
    const prompts = new ScriptedPrompts();
    await flow(prompts).undo('no-such-run');
    assert.deepEqual(prompts.messages, ['No run no-such-run in the feature value journal.']);
  });
});
