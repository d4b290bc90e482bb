import * as assert from 'node:assert/strict';
import { EditorPage } from './pages/editor';
import { LmaSidebar } from './pages/lmaSidebar';
import { ProblemsPanel } from './pages/problemsPanel';
import { DEMO_LMA_VERSION } from '../../src/demo/http/server';
import { BASELINE_VERSION, staleVersionNumbers } from '../support/expectations';
import { CLI_ALIAS, useUiSession } from './session';

/** The version aliases of the fixture workspace's sfdx-project.json. */
const ALIASES = [
  { packageName: 'Acme Billing', versionNumber: '1.0.0' },
  { packageName: 'Acme Billing', versionNumber: '2.2.3' },
  { packageName: 'Acme Billing', versionNumber: '2.3.0' },
  { packageName: 'Acme CPQ Connector', versionNumber: '1.4.2' },
  { packageName: 'Acme CPQ Connector', versionNumber: '1.5.0' },
];

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
    assert.match(
      (await hover.innerText()).replace(/\u00a0/g, ' '),
      new RegExp(`${DEMO_LMA_VERSION.replace(/\./g, '\\.')}\\. The newest release known is ${BASELINE_VERSION.replace(/\./g, '\\.')}`),
    );
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
    await editor.warningSquiggles().first().waitFor();
    const lenses = await editor.codeLenses().allInnerTexts();
    assert.ok(
      lenses.some((t) => /live subscribers · \d+% on the latest version 2\.3\.0/.test(t)),
      lenses.join('\n'),
    );
    assert.ok(
      lenses.some((t) => /on the latest version 1\.5\.0/.test(t)),
      lenses.join('\n'),
    );
    assert.ok((await editor.warningSquiggles().count()) >= 1, 'old versions underlined');
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
    await problems.row(new RegExp(`The newest release known is ${BASELINE_VERSION.replace(/\./g, '\\.')}`)).waitFor({ timeout: 15_000 });
    // Exactly the aliases the demo's own records make stale (worked out without the product's code), and the unlinked package once.
    const stale = staleVersionNumbers(session().demo, ALIASES, session().demo.today);
    assert.ok(stale.length > 0);
    for (const alias of stale)
      await problems
        .row(new RegExp(`are still on ${alias.split('@')[1].replace(/\./g, '\\.')};`))
        .first()
        .waitFor();
    assert.equal(await problems.row(/are still on /).count(), stale.length, stale.join(', '));
    await problems.row(/Acme Payroll \(033\w+\) is not linked to the LMA/).waitFor();
    assert.equal(await problems.row(/is not linked to the LMA/).count(), 1);
    assert.equal(await problems.row(/Comments are not permitted/).count(), 0, 'sfdx-project.json is read as JSON with comments');
    await session().workbench.screenshot('problems-panel');
  });

  it('clears the LMA warning after the LMA is upgraded and checked again', async () => {
    session().demo.setLmaVersion(`${BASELINE_VERSION}.0`);
    await session().workbench.runCommand('LMA: Check LMA Version');
    await session()
      .workbench.notification(
        new RegExp(`is ${BASELINE_VERSION.replace(/\./g, '\\.')}\\.0: current\\. The newest release known is ${BASELINE_VERSION.replace(/\./g, '\\.')}`),
      )
      .waitFor({ timeout: 15_000 });
    await problems.row(/The newest release known is/).waitFor({ state: 'detached', timeout: 15_000 });
    const item = session().page.locator('.statusbar-item', { hasText: `LMA: ${CLI_ALIAS}` });
    await item.locator('.codicon-check').waitFor();
    assert.equal(await problems.row(/The newest release known is/).count(), 0, 'the Problems panel no longer warns');
    assert.equal(await item.locator('.codicon-check').count(), 1, 'the status bar shows the LMA as current');
    assert.equal(await item.locator('.codicon-warning').count(), 0);
    await session().workbench.screenshot('lma-current');
  });
});
