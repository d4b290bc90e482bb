/**
 * Setup step 5 from the editor, against the demo LMO: Build the Executive Dashboard asks the title and
 * the executives' profile, generates into the workspace, shows the org's validation as the preview,
 * deploys on confirmation and nothing without it; the checklist's step 5 follows the verification —
 * missing, then needing the Home page's assignment, then done once Pin assigned it (and back after
 * its undo). Pin shows what the Home page is now before writing, and writes nothing when declined.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/editor/testApi';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLmoDashboardFlow } from '../../src/editor/lmoDashboard/buildFlow';
import { pinLmoDashboardFlow, unpinLmoDashboardFlow } from '../../src/editor/lmoDashboard/pinFlow';
import { workspaceOptions } from '../../src/editor/lmoDashboard/workspaceOptions';
import { PinJournal } from '../../src/storage/journal';
import { ScriptedPrompts } from './scriptedPrompts';
import { connectDemo, eventually } from './support';

describe('the executives’ dashboard in the LMO (step 5)', function () {
  this.timeout(120_000);
  let lma: TestApi;
  const folder = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'lmo-dashboard');
  const step5 = () => lma.checklist.controller.current?.steps.find((s) => s.id === 'dashboard');
  const progress = <T>(_title: string, work: (report: (m: string) => void, signal: AbortSignal) => Promise<T>) =>
    work(() => undefined, new AbortController().signal);
  const reports = async () =>
    (
      await lma.connections.lmo.client!.query<{ DeveloperName: string }>("SELECT DeveloperName FROM Report WHERE FolderName = 'LMA Executive Dashboard'")
    ).records.map((r) => r.DeveloperName);

  before(async () => {
    ({ lma } = await connectDemo());
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

  it('confirmed: deploys, and step 5 needs only the Home page’s assignment, its action Pin', async () => {
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

    assert.equal(unpinned?.contribution.action?.kind, 'pinLmoDashboard');
  });

  it('Pin: shows what the Home page is now, writes nothing when declined; assigned, step 5 is done with every total agreeing; Undo puts it back', async () => {
    const journal = new PinJournal(mkdtempSync(join(tmpdir(), 'lma-pin-')));
    const deps = {
      lmo: lma.connections.lmo.lmo!,
      options: (await workspaceOptions()).options,
      journal,
      withProgress: <T>(_t: string, work: (s: AbortSignal) => Promise<T>) => work(new AbortController().signal),
    };
    const declined = new ScriptedPrompts(undefined);
    assert.deepEqual(await pinLmoDashboardFlow({ ...deps, prompts: declined }), { kind: 'stopped', why: 'cancelled' });
    const modal = declined.shown.find((m) => m.kind === 'info');
    assert.ok(modal && modal.kind === 'info' && modal.modal);
    assert.match(modal.text, /Make LMA_Executive_Home the Home page for “Executives” in the app Sales \(standard__LightningSales\)\?/);
    assert.match(modal.detail ?? '', /Now: the org's default Home page\./);
    assert.deepEqual(await journal.entries(), [], 'nothing journaled');
    assert.equal((await lma.lmoDashboard.verify())?.contribution.verdict, 'attention', 'nothing written');

    const pinned = await pinLmoDashboardFlow({ ...deps, prompts: new ScriptedPrompts('Assign') });
    assert.equal(pinned.kind, 'pinned', JSON.stringify(pinned));
    assert.ok(pinned.kind === 'pinned' && pinned.verified, 'read back from the org');
    const done = await lma.lmoDashboard.verify();
    assert.equal(done?.contribution.verdict, 'done', JSON.stringify(done?.contribution.findings));
    for (const c of done?.comparisons ?? []) if (!c.explained && !c.approximation) assert.equal(c.theirs, c.ours, c.developerName);
    await eventually(() => step5()?.verdict === 'done', 'the checklist’s step 5 done');
    assert.equal((await pinLmoDashboardFlow({ ...deps, prompts: new ScriptedPrompts() })).kind, 'already', 'a second Pin asks nothing and writes nothing');

    if (pinned.kind !== 'pinned') return;
    assert.deepEqual(await unpinLmoDashboardFlow(deps, pinned.pin), { kind: 'undone', verified: true });
    assert.equal((await lma.lmoDashboard.verify())?.contribution.verdict, 'attention');
    assert.deepEqual(
      (await journal.entries()).map((e) => e.phase),
      ['writing', 'written', 'undoing', 'undone'],
    );
    const twice = await unpinLmoDashboardFlow(deps, pinned.pin);
    assert.equal(twice.kind, 'stopped');
    assert.match(
      twice.kind === 'stopped' ? twice.why : '',
      /Nothing written: LMA_Executive_Home is no longer the Home page there \(it is the org's default Home page\)\./,
    );
  });
});
