/**
 * Feature parameters in a real editor, against the demo LMO's Feature Management App: the
 * Feature Parameters node of a package (the demo's parameters, each with its type, direction and
 * spread), a license's values (subscriber → LMO ones marked as reported), hovers, CodeLens and
 * drift in the fixture workspace's feature parameter files and Apex, and a guarded value edit
 * (off by default; preview with the propagation note; a verified write; Undo puts the value back,
 * so this suite leaves the shared demo as it found it; subscriber → LMO values blocked).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PROPAGATION_NOTE } from '../../src/core/features/parameter';
import { DEMO_FEATURES } from '../../src/demo/fmaData';
import type { TestApi } from '../../src/editor/testApi';
import type { InstallBaseNode } from '../../src/editor/installBase/installBaseTree';
import type { FeatureAdoptionView } from '../../src/webview/protocol/dashboard';
import type { HostToPage } from '../../src/webview/protocol/envelope';
import { connectDemo, eventually } from './support';

const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
const tooltip = (item: vscode.TreeItem) => (typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''));
/** Markdown as the user reads it: escapes and non-breaking spaces undone. */
const plain = (markdown: string) => markdown.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
const hoverText = (hovers: vscode.Hover[]) =>
  plain(hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n'));

describe('feature parameters', () => {
  let lma: TestApi;
  let nextId = 7000;
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const source = (...path: string[]) => vscode.Uri.joinPath(folder(), ...path);
  const billingParams = (name: string) => source('force-app', 'main', 'default', 'featureParameters', name);
  const children = (node?: InstallBaseNode) => lma.views.installBase.getChildren(node);
  const item = (node: InstallBaseNode) => lma.views.installBase.getTreeItem(node);
  const ask = async (name: string) =>
    (await lma.licenseChanges.dispatch({ type: 'request', id: ++nextId, name, params: {} })) as Extract<HostToPage, { type: 'response' }>;
  const view = () => lma.licenseChanges.session.current;
  const setEnabled = (on: boolean | undefined) =>
    vscode.workspace.getConfiguration('lmaWorkbench').update('featureValues.enabled', on, vscode.ConfigurationTarget.Workspace);
  const billing = async () => {
    const packages = await children();
    const pkg = packages.find((n) => n.kind === 'package' && n.pkg.name === 'Acme Billing');
    assert.ok(pkg, 'Acme Billing in the Install Base view');
    return pkg;
  };
  /** A live license of Acme Billing on a version with every parameter (2.2.3 or later), from the tree. */
  const billingLicense = async () => {
    const versions = (await children(await billing())).filter((n) => n.kind === 'version');
    for (const v of versions) {
      const licenses = (await children(v)).filter((n) => n.kind === 'license' && n.license.status === 'Active');
      const withValues = licenses.find((n) => n.kind === 'license');
      if (withValues && v.kind === 'version' && /^2\.(2\.[3-9]|[3-9])/.test(v.version.versionNumber)) return withValues;
    }
    assert.fail('an active Acme Billing license on 2.2.3 or later');
  };

  before(async () => {
    ({ lma } = await connectDemo());
    assert.equal(await lma.features.probed(), true, 'the demo LMO has the Feature Management App');
  });
  after(async () => {
    await setEnabled(undefined);
    lma.licenseChanges.session.answer = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it("shows a package's Feature Parameters after its versions: the demo's parameters with type, direction and spread", async () => {
    const nodes = await children(await billing());
    const group = nodes[nodes.length - 1];
    assert.equal(label(item(group)), 'Feature Parameters');
    assert.ok(
      nodes.slice(0, -1).every((n) => n.kind === 'version'),
      'versions first',
    );
    const params = await children(group);
    const items = params.map(item);
    assert.deepEqual(items.map(label).sort(), DEMO_FEATURES.acmebill.map((f) => f.name).sort());
    const reporting = items.find((i) => label(i) === 'AdvancedReporting')!;
    assert.match(String(reporting.description), /^Boolean · on for \d{1,3}(,\d{3})* of \d{1,3}(,\d{3})* live licenses \(\d+%\)/);
    assert.match(tooltip(reporting), /acmebill__AdvancedReporting/);
    assert.match(tooltip(reporting), /LMO → subscriber\nIntroduced in 1\.9\.0\n/);
    const limit = items.find((i) => label(i) === 'InvoiceLimit')!;
    assert.match(String(limit.description), /^Integer · [\d,]+ values: min 100, .*max 25,000/);
    const reported = items.find((i) => label(i) === 'UsesMultiCurrency')!;
    assert.match(tooltip(reported), /subscriber → LMO/);
    assert.match(tooltip(reported), /up to 24 hours old/);
    assert.equal((reported.iconPath as vscode.ThemeIcon).id, 'arrow-left');
  });

  it("says what the dashboard's Feature adoption card says: the same share of live licenses and the same words in the tree, the hover and the CodeLens", async () => {
    const reply = (await lma.dashboard.dispatch({
      type: 'request',
      id: ++nextId,
      name: 'loadFeatures',
      params: { packageId: '', includeSandboxes: false, churnDays: 90 },
    })) as Extract<HostToPage, { type: 'response' }>;
    assert.equal(reply.ok, true, JSON.stringify(reply));
    const card = (reply as { result: FeatureAdoptionView }).result;
    assert.ok(card.state === 'ready');
    if (card.state !== 'ready') return;
    const row = card.packages.find((p) => p.packageName === 'Acme Billing')?.parameters.find((p) => p.name === 'AdvancedReporting');
    assert.ok(row && row.withoutValue > 0, 'the demo has live licenses with no value yet');
    assert.match(row.summary, /; [\d,]+ have no value yet$/);

    const nodes = await children(await billing());
    const reporting = (await children(nodes[nodes.length - 1])).map(item).find((i) => label(i) === 'AdvancedReporting')!;
    assert.equal(String(reporting.description), `Boolean · ${row.summary}`, 'the tree');
    assert.ok(tooltip(reporting).split('\n').includes(row.summary), tooltip(reporting));

    const uri = billingParams('AdvancedReporting.featureParameterBoolean-meta.xml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const root = doc.positionAt(doc.getText().indexOf('<FeatureParameterBoolean') + 2);
    const hover = await eventually(
      async () => {
        const text = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, root)) ?? []);
        return /acmebill__AdvancedReporting/.test(text) && text;
      },
      'a hover on the parameter',
      30_000,
    );
    assert.ok(hover.includes(row.summary), 'the hover');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.ok(
      lenses.some((l) => l.command?.title === row.summary),
      lenses.map((l) => l.command?.title).join('; '),
    );
  });

  it("lists a license's values under it; subscriber → LMO values say they are reported", async () => {
    const license = await billingLicense();
    assert.equal(item(license).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'licenses expand when the FMA is there');
    const values = (await children(license)).map(item);
    const names = values.map(label);
    assert.deepEqual([...names].sort(), DEMO_FEATURES.acmebill.map((f) => f.name).sort(), 'a value per parameter of its version');
    for (const spec of DEMO_FEATURES.acmebill) {
      const value = values.find((v) => label(v) === spec.name)!;
      if (spec.direction === 'Subscriber to LMO') assert.match(String(value.description), /reported by the subscriber, up to 24 h old$/);
      else assert.doesNotMatch(String(value.description), /reported/);
      if (spec.dataType === 'Boolean') assert.match(String(value.description), /^(On \(true\)|Off \(false\)|\(not set\))/);
    }
  });

  it("hovers on a feature parameter file and an Apex call with the LMO's facts, and shows the spread as a CodeLens", async () => {
    const uri = billingParams('AdvancedReporting.featureParameterBoolean-meta.xml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const root = doc.positionAt(doc.getText().indexOf('<FeatureParameterBoolean') + 2);
    const hover = await eventually(
      async () => {
        const text = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, root)) ?? []);
        return /acmebill__AdvancedReporting/.test(text) && text;
      },
      'a hover on the parameter',
      30_000,
    );
    assert.match(hover, /Boolean · LMO → subscriber · since 1\.9\.0/);
    assert.match(hover, /on for [\d,]+ of [\d,]+ live licenses/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.ok(
      lenses.some((l) => /^on for [\d,]+ of [\d,]+ live licenses/.test(l.command?.title ?? '')),
      lenses.map((l) => l.command?.title).join('; '),
    );

    const apex = source('force-app', 'main', 'default', 'classes', 'BillingFeatures.cls');
    const apexDoc = await vscode.workspace.openTextDocument(apex);
    const call = apexDoc.positionAt(apexDoc.getText().search(/checkPackageIntegerValue\('InvoiceLimit'/) + "checkPackageIntegerValue('".length + 2);
    const apexHover = await eventually(
      async () => {
        const text = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', apex, call)) ?? []);
        return /acmebill__InvoiceLimit/.test(text) && text;
      },
      'a hover on the Apex call',
      30_000,
    );
    assert.match(apexHover, /Integer · LMO → subscriber · since 1\.2\.0/);
  });

  it('lists drift in the Problems panel: the direction that differs, the parameter not released, in the file and the Apex', async () => {
    const problems = async (uri: vscode.Uri) =>
      eventually(
        () => {
          const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'LMA Workbench');
          return found.length > 0 && found;
        },
        `diagnostics of ${uri.path.split('/').pop()}`,
        30_000,
      );
    const direction = await problems(billingParams('UsesMultiCurrency.featureParameterBoolean-meta.xml'));
    assert.deepEqual(
      direction.map((d) => [d.code, d.severity, d.range.start.line + 1]),
      [['feature.directionDiffers', vscode.DiagnosticSeverity.Error, 3]],
    );
    const unreleased = await problems(billingParams('SmartDunning.featureParameterBoolean-meta.xml'));
    assert.deepEqual(
      unreleased.map((d) => [d.code, d.severity]),
      [['feature.notReleased', vscode.DiagnosticSeverity.Information]],
    );
    const apex = await problems(source('force-app', 'main', 'default', 'classes', 'BillingFeatures.cls'));
    assert.deepEqual(
      apex.map((d) => [d.code, d.range.start.line + 1]),
      [['feature.notReleased', 22]],
    );
    assert.deepEqual(
      vscode.languages.getDiagnostics(billingParams('AdvancedReporting.featureParameterBoolean-meta.xml')),
      [],
      'no drift where the source agrees',
    );
  });

  it('edits nothing while feature value edits are off', async () => {
    assert.equal(vscode.workspace.getConfiguration('lmaWorkbench').get('featureValues.enabled'), false);
    const before = view();
    const pending = vscode.commands.executeCommand('lma.editFeatureValues', await billingLicense());
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(view(), before, 'no plan');
    void pending;
  });

  it('changes a value through the guarded path: a preview with the propagation note, a verified write, and Undo puts it back', async () => {
    await setEnabled(true);
    const reader = lma.connections.lmo.lmo!.features;
    const license = await billingLicense();
    assert.ok(license.kind === 'license');
    const valueOf = async () => (await reader.licenseValues(license.license.id)).find((v) => v.fullName === 'acmebill__InvoiceLimit')?.value;
    const before = await valueOf();
    assert.equal(typeof before, 'number');
    const next = (before as number) + 17;
    let prompt = '';
    lma.licenseChanges.session.answer = async (text) => {
      prompt = text;
      return '';
    };
    await lma.features.planValues({
      description: 'Raise the invoice limit',
      changes: [{ license: license.license.id, parameter: 'acmebill__InvoiceLimit', value: next }],
    });
    const preview = view();
    assert.ok(preview.state === 'preview');
    assert.equal(preview.summary.kind, 'featureValues');
    assert.deepEqual(preview.summary.notes, [PROPAGATION_NOTE]);
    assert.deepEqual(
      preview.rows.map((r) => [r.licenseId, r.fieldLabel, r.old, r.new, r.severity]),
      [[license.license.id, 'InvoiceLimit', (before as number).toLocaleString('en-US'), next.toLocaleString('en-US'), undefined]],
    );
    assert.equal(preview.blocked, false);
    assert.equal(await valueOf(), before, 'nothing written by a preview');

    await ask('apply');
    assert.match(prompt, /1 value/);
    const done = view();
    assert.ok(done.state === 'finished', done.state);
    assert.deepEqual({ saved: done.counts.saved, verified: done.counts.verified, failed: done.counts.failed }, { saved: 1, verified: 1, failed: 0 });
    assert.equal(done.results[0].field, 'InvoiceLimit');
    assert.equal(await valueOf(), next);

    const undo = await ask('undo');
    assert.deepEqual(undo.ok && undo.result, { previewing: true });
    const undoPreview = view();
    assert.ok(undoPreview.state === 'preview' && undoPreview.summary.undoOf === done.runId);
    await ask('apply');
    assert.equal(view().state, 'finished');
    assert.equal(await valueOf(), before, 'the value as it was');
  });

  it('blocks an edit of a subscriber → LMO value: the subscriber reports it', async () => {
    await setEnabled(true);
    const license = await billingLicense();
    assert.ok(license.kind === 'license');
    await lma.features.planValues({ changes: [{ license: license.license.id, parameter: 'acmebill__UsesMultiCurrency', value: true }] });
    const preview = view();
    assert.ok(preview.state === 'preview');
    assert.equal(preview.blocked, true);
    assert.equal(preview.rows[0].severity, 'error');
    assert.match(preview.rows[0].issues.map((i) => i.message).join(' '), /subscriber/i);
    const reply = await ask('apply');
    assert.deepEqual(reply.ok && reply.result, { started: false });
  });
});
