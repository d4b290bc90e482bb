import * as assert from 'node:assert/strict';
import { EditorPage } from './pages/editor';
import { LmaSidebar } from './pages/lmaSidebar';
import { ProblemsPanel } from './pages/problemsPanel';
import { CLI_ALIAS, useUiSession } from './session';

describe('UI: LMA version and install base inline in sfdx-project.json', function () {
  this.timeout(180_000);
  let editor: EditorPage;
  let problems: ProblemsPanel;

  const session = useUiSession({ settings: { 'lmaWorkbench.defaultOrg': CLI_ALIAS } });
  before(async () => {
    editor = new EditorPage(session().page);
    problems = new ProblemsPanel(session().page);
    await new LmaSidebar(session().page).open();
    await session().workbench.statusBarItem(`LMA: ${CLI_ALIAS}`).waitFor({ timeout: 30_000 });
  });

  it('shows the outdated LMA in the status bar', async () => {
    const item = session().workbench.statusBarItem(`LMA: ${CLI_ALIAS}`);
    await session()
      .page.locator('.statusbar-item', { hasText: `LMA: ${CLI_ALIAS}` })
      .locator('.codicon-warning')
      .waitFor({ timeout: 30_000 });
    await item.hover();
    const hover = session().page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'License Management Org' }).last();
    await hover.waitFor();
    assert.match((await hover.innerText()).replace(/\u00a0/g, ' '), /1\.18\.0, behind the latest known release 1\.20/);
    await session().workbench.screenshot('status-bar-lma-outdated');
    await session().page.mouse.move(700, 450);
  });

  it('underlines old versions, notes unlinked packages, and shows CodeLens in sfdx-project.json', async () => {
    await editor.open('sfdx-project.json');
    await editor
      .codeLenses()
      .filter({ hasText: /live subscribers · \d+% on the latest version 2\.3\.0/ })
      .waitFor({ timeout: 30_000 });
    await editor
      .codeLenses()
      .filter({ hasText: /on the latest version 1\.5\.0/ })
      .waitFor();
    assert.ok((await editor.warningSquiggles().count()) >= 2, 'old-version squiggles');
    assert.ok((await editor.infoSquiggles().count()) >= 1, 'the unlinked package is noted');
    await session().workbench.screenshot('sfdx-project-codelens-squiggles');
  });

  it('hovers on a version alias with its install base', async () => {
    await editor.hoverText('Acme Billing@2.2.3-1');
    const hover = editor.hover();
    await hover.filter({ hasText: 'Live licenses' }).waitFor({ timeout: 15_000 });
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /Acme Billing 2\.2\.3/);
    assert.match(text, /Live licenses: [\d,]+ \(\d+% of the package\)/);
    assert.match(text, /\d+% of Acme Billing's live licenses \([\d,]+\) are still on 2\.2\.3/);
    await session().workbench.screenshot('sfdx-project-hover');
    await session().page.mouse.move(700, 700);
  });

  it('lists the findings in the Problems panel', async () => {
    await session().workbench.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await problems.row(/behind the latest known release 1\.20/).waitFor({ timeout: 15_000 });
    await problems.row(/are still on 2\.2\.3/).waitFor();
    await problems.row(/Acme Payroll is not linked to the LMA/).waitFor();
    assert.equal(await problems.row(/Comments are not permitted/).count(), 0, 'sfdx-project.json is read as JSON with comments');
    await session().workbench.screenshot('problems-panel');
  });

  it('clears the LMA warning after the LMA is upgraded and checked again', async () => {
    session().demo.setLmaVersion('1.20.0');
    await session().workbench.runCommand('LMA: Check LMA Version');
    await session()
      .workbench.notification(/is 1\.20\.0: current against baseline 1\.20/)
      .waitFor({ timeout: 15_000 });
    await problems.row(/behind the latest known release/).waitFor({ state: 'detached', timeout: 15_000 });
    await session()
      .page.locator('.statusbar-item', { hasText: `LMA: ${CLI_ALIAS}` })
      .locator('.codicon-check')
      .waitFor();
    await session().workbench.screenshot('lma-current');
  });
});
