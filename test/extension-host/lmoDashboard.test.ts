/**
 * Setup step 5 from the editor, against the demo LMO: Build the Executive Dashboard asks the title and
 * the executives' profile, generates into the workspace, shows the org's validation as the preview,
 * deploys on confirmation and nothing without it; the checklist's step 5 follows the verification —
 * missing, then needing the Home page's assignment, then done once a person assigned it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/editor/testApi';
import { buildLmoDashboardFlow } from '../../src/editor/lmoDashboard/buildFlow';
import { ScriptedPrompts } from './scriptedPrompts';
import { type DemoControl, connectDemo, eventually } from './support';

describe('the executives’ dashboard in the LMO (step 5)', function () {
  this.timeout(120_000);
  let lma: TestApi;
  let demo: DemoControl;
  const folder = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'lmo-dashboard');
  const step5 = () => lma.checklist.controller.current?.steps.find((s) => s.id === 'dashboard');
  const progress = <T>(_title: string, work: (report: (m: string) => void, signal: AbortSignal) => Promise<T>) =>
    work(() => undefined, new AbortController().signal);
  const reports = async () =>
    (
      await lma.connections.lmo.client!.query<{ DeveloperName: string }>("SELECT DeveloperName FROM Report WHERE FolderName = 'LMA Executive Dashboard'")
    ).records.map((r) => r.DeveloperName);

  before(async () => {
    ({ lma, demo } = await connectDemo());
    await lma.checklist.controller.check({ fresh: true });
  });
  after(async () => {
    lma.lmoDashboard.forget();
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('before anything is built: verifying says step 5 is missing, and its action builds', async () => {
    await lma.lmoDashboard.verify();
    const step = await eventually(() => (step5()?.verdict === 'missing' ? step5() : undefined), 'step 5 missing');
    assert.equal(step.action?.kind, 'buildLmoDashboard');
  });

  it('declining the preview deploys nothing, though the files are written to review', async () => {
    const prompts = new ScriptedPrompts('Install base', 'Executives', 'Each viewer', undefined);
    const result = await buildLmoDashboardFlow({ lmo: lma.connections.lmo.lmo!, prompts, withProgress: progress });
    assert.equal(result.kind, 'stopped');
    const preview = prompts.shown.find((s) => s.kind === 'info');
    assert.ok(preview && preview.kind === 'info' && preview.modal, 'a modal preview');
    assert.match(preview.text, /Deploy the executives’ dashboard to Demo LMO\? 11 components, validated by the org\./);
    assert.equal(preview.detail?.split('\n').filter((l) => l.startsWith('new: ')).length, 11, preview.detail);
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder(), 'lmo-dashboard.json'));
    assert.deepEqual(await reports(), [], 'nothing deployed');
  });

  it('confirmed: deploys, and step 5 needs only the Home page’s assignment; once assigned, it is done with every total agreeing', async () => {
    const prompts = new ScriptedPrompts('Install base', 'Executives', 'Each viewer', 'Deploy');
    const result = await buildLmoDashboardFlow({ lmo: lma.connections.lmo.lmo!, prompts, withProgress: progress });
    assert.equal(result.kind, 'deployed', JSON.stringify(result));
    assert.equal((await reports()).length, 7);
    const options = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), 'lmo-dashboard.json')))) as {
      options: { profile: string };
    };
    assert.equal(options.options.profile, 'Executives', 'the answer is remembered in the generated files');

    const unpinned = await lma.lmoDashboard.verify();
    assert.equal(unpinned?.contribution.verdict, 'attention');
    assert.match(
      unpinned?.contribution.findings.map((f) => f.text).join('\n') ?? '',
      /not assigned for the app standard__LightningSales and the profile Executives/,
    );
    assert.equal(unpinned?.contribution.action?.target, '/lightning/setup/FlexiPageList/home');

    await demo.activateHomePage('standard__LightningSales', 'Executives', 'LMA_Executive_Home');
    const done = await lma.lmoDashboard.verify();
    assert.equal(done?.contribution.verdict, 'done', JSON.stringify(done?.contribution.findings));
    for (const c of done?.comparisons ?? []) if (!c.explained && !c.approximation) assert.equal(c.theirs, c.ours, c.developerName);
    await eventually(() => step5()?.verdict === 'done', 'the checklist’s step 5 done');
  });
});
