/**
 * Linking in a real editor, against the demo Partner Business Org (it is LMO and Dev Hub): the
 * Packages view's link states, the exact "not linked" warning with its quick fix in
 * sfdx-project.json, and a wait that ends when the (demo) Partner Console links the package.
 * Linking changes the shared demo, so the suite starts the demo again at the end.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/editor/testApi';
import type { PackagesNode } from '../../src/editor/linking/packagesTree';
import { type DemoControl, connectDemo, eventually } from './support';

type PackageNode = Extract<PackagesNode, { kind: 'package' }>;

describe('link packages', () => {
  let lma: TestApi;
  let demo: DemoControl;
  const packages = async () => ((await lma.linking.tree.getChildren()) as PackagesNode[]).filter((n): n is PackageNode => n.kind === 'package');
  const byName = async (name: string) => (await packages()).find((p) => (p.link.projectName ?? p.link.name) === name);

  before(async () => {
    ({ lma, demo } = await connectDemo());
    await eventually(() => lma.linking.report(), 'the link report');
  });
  after(async () => {
    // Start the demo again from its seed: the link made here must not leak into other suites.
    const config = vscode.workspace.getConfiguration('lmaWorkbench');
    for (const seed of [43, undefined]) {
      const before = await lma.demoHost.running;
      await config.update('demo.seed', seed, vscode.ConfigurationTarget.Workspace);
      await eventually(
        async () => lma.connections.lmo.state.kind === 'connected' && (await lma.demoHost.running) !== before,
        'connected to a new demo',
        60_000,
      );
    }
  });

  it('shows every package with its link state, from the LMO that is also the Dev Hub', async () => {
    const report = lma.linking.report();
    assert.equal(report?.sameOrg, true);
    const states = Object.fromEntries((await packages()).map((p) => [p.link.projectName ?? p.link.name, p.link.linkable ? p.link.state : 'unlocked']));
    assert.equal(states['Acme Billing'], 'linked');
    assert.equal(states['Acme Payroll'], 'notLinked');
    assert.equal(states['Acme Field Service'], 'linkedElsewhere');
    const cpq = await byName('Acme CPQ Connector');
    assert.ok(cpq && cpq.link.missingVersions.length >= 1, 'a release the LMO has no record of yet');
    const item = lma.linking.tree.getTreeItem(cpq);
    assert.match(String(item.description), /versions? not in the LMO yet/);
    const payroll = await byName('Acme Payroll');
    assert.equal(payroll && lma.linking.tree.getTreeItem(payroll).contextValue, 'linkPackage.notLinked', 'offers Link Package…');
  });

  it('lists installs with no license and licenses whose org uninstalled, as the packaging org sees them', async () => {
    const billing = await byName('Acme Billing');
    assert.ok(billing);
    const children = (await lma.linking.tree.getChildren(billing)) as PackagesNode[];
    const unlicensed = children.find((c) => c.kind === 'drift' && c.which === 'installedWithoutLicense');
    const uninstalled = children.find((c) => c.kind === 'drift' && c.which === 'licensesWithoutInstall');
    assert.ok(unlicensed && uninstalled);
    const orgs = (await lma.linking.tree.getChildren(unlicensed)) as PackagesNode[];
    assert.ok(
      orgs.some((o) => o.kind === 'driftOrg'),
      'the demo has installs from before linking',
    );
    const gone = (await lma.linking.tree.getChildren(uninstalled)) as PackagesNode[];
    assert.ok(
      gone.some((o) => o.kind === 'driftOrg'),
      'and licenses whose org uninstalled',
    );
  });

  it('makes the "not linked" note in sfdx-project.json exact, with Link Package as the quick fix', async () => {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'sfdx-project.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diag = await eventually(
      () => vscode.languages.getDiagnostics(uri).find((d) => /Acme Payroll/.test(d.message) && d.severity === vscode.DiagnosticSeverity.Warning),
      'the exact not-linked warning',
      30_000,
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
    assert.ok(
      actions.some((a) => a.command?.command === 'lma.linkPackage'),
      actions.map((a) => a.title).join('\n'),
    );
  });

  it('watches for the link after the Partner Console registration, one call per check, and says when it arrived', async () => {
    const payroll = await byName('Acme Payroll');
    assert.ok(payroll?.link.subscriberPackageId);
    await demo.linkPackage(payroll.link.subscriberPackageId, 0);
    const state = await lma.linking.waitForLink({
      name: 'Acme Payroll',
      lmoLabel: lma.connections.lmo.client!.target.label,
      target: { subscriberPackageId: payroll.link.subscriberPackageId, ownerOrgId: lma.linking.report()?.ownerOrgId },
    });
    assert.equal(state, 'linked');
    assert.deepEqual(lma.linking.pendingWaits(), [], 'nothing left to resume');
    await eventually(async () => (await byName('Acme Payroll'))?.link.state === 'linked', 'the Packages view to follow');
  });
});
