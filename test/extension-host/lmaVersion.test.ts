import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LmaWorkbenchApi } from '../../src/extension';
import type { DemoLmo } from '../../src/demo';
import { connectDemo, eventually } from './support';

const outdated = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => typeof d.code === 'object' && d.code.value === 'lma-outdated');

describe('LMA version currency', () => {
  let lma: LmaWorkbenchApi;
  let demo: DemoLmo;
  let project: vscode.Uri;

  before(async () => {
    ({ lma, demo } = await connectDemo());
    project = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'sfdx-project.json');
  });
  afterEach(async () => {
    demo.faults.reset();
    demo.setLmaVersion('1.18.0');
    await vscode.workspace.getConfiguration('lmaWorkbench.lmaBaseline').update('version', undefined, vscode.ConfigurationTarget.Global);
  });
  after(() => vscode.commands.executeCommand('lma.disconnect'));

  it('warns when the demo LMO\'s LMA is behind the baseline: command, Problems panel, tree badge and banner', async () => {
    await vscode.commands.executeCommand('lma.checkLmaVersion');
    const currency = lma.lmaVersion.currency;
    assert.equal(currency?.kind, 'behind');
    assert.equal(currency?.kind === 'behind' && currency.installed, '1.18.0');
    assert.equal(currency?.kind === 'behind' && currency.baseline.version, '1.20');
    const [diagnostic] = await eventually(() => (outdated(project).length ? outdated(project) : undefined), 'the outdated-LMA warning');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character], [0, 0, 0, 1]);
    assert.match(diagnostic.message, /^The License Management App in Demo LMO is 1\.18\.0, behind the latest known release 1\.20 \(baseline 1\.20 \(shipped with LMA Workbench, as of 2021-11-21, \d+ years old\)\)/);
    assert.equal(lma.installBaseView.badge?.value, 1);
    const [banner] = await lma.installBase.getChildren();
    assert.equal(banner.kind === 'message' && banner.text, 'LMA 1.18.0 is behind the latest known 1.20');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', project, diagnostic.range);
    assert.ok(actions.some((a) => a.title === 'Open Installed Packages in Demo LMO'));
  });

  it('clears every warning once the LMA is current', async () => {
    await vscode.commands.executeCommand('lma.checkLmaVersion');
    await eventually(() => outdated(project).length > 0 || undefined, 'the warning');
    demo.setLmaVersion('1.20.0');
    await vscode.commands.executeCommand('lma.checkLmaVersion');
    assert.equal(lma.lmaVersion.currency?.kind, 'current');
    await eventually(() => outdated(project).length === 0 || undefined, 'the warning to go');
    assert.equal(lma.installBaseView.badge, undefined);
    assert.ok((await lma.installBase.getChildren()).every((n) => n.kind !== 'message'));
  });

  it('uses a baseline from the settings over the shipped one', async () => {
    demo.setLmaVersion('1.20.0');
    await vscode.workspace.getConfiguration('lmaWorkbench.lmaBaseline').update('version', '1.21', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('lma.checkLmaVersion');
    const currency = lma.lmaVersion.currency;
    assert.equal(currency?.kind, 'behind');
    assert.equal(currency?.kind === 'behind' && currency.baseline.origin, 'setting');
    assert.match(lma.lmaVersion.describe(currency!), /from your settings/);
  });

  it('explains when it cannot read the installed version', async () => {
    demo.faults.inject({ kind: 'apiError', status: 403, errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' }, { match: '/tooling/', times: 3 });
    await vscode.commands.executeCommand('lma.checkLmaVersion');
    const currency = lma.lmaVersion.currency;
    assert.equal(currency?.kind, 'unknown');
    assert.match(lma.lmaVersion.describe(currency!), /Cannot tell whether the License Management App in Demo LMO is current: .*Download AppExchange Packages/);
    assert.equal(outdated(project).length, 0, 'an unknown state is not filed as outdated');
  });
});
