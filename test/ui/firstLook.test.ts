/**
 * The first ten minutes, as `npm start` gives them: the sample workspace (samples/acme-packages, its
 * own settings connect it to the embedded demo LMO), the showcase demo, the Apex grammar, the side
 * bar at its default width. What a partner sees first must be quiet and true: no error from the
 * sample, no attack strings, no toast about the LMA, rows whose useful words come first, Apex
 * that opens as Apex, and a checklist whose LMA step is done. Its pictures are the README's.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO } from '../../scripts/harness/vsix';
import { ChecklistPage } from './pages/checklist';
import { EditorPage } from './pages/editor';
import { LmaSidebar } from './pages/lmaSidebar';
import { useUiSession } from './session';

/** Fragments of the edge-case demo's customer names (src/demo/catalog.ts): none may show in the showcase. */
const ATTACKS = [/<img/i, /DELETE FROM/i, /HYPERLINK/i, /\$\(alert\)/, /javascript:/i, /[\u202a-\u202e\u2066-\u2069]/];

describe('UI: the first look (npm start: the sample workspace on the showcase demo)', function () {
  this.timeout(240_000);
  let sidebar: LmaSidebar;
  const session = useUiSession({
    workspace: join(REPO, 'samples', 'acme-packages'),
    apexGrammar: true,
    demoScenario: 'showcase',
    // npm start's editor: its sample settings connect to the embedded demo; nothing else is set.
    settings: { 'lmaWorkbench.demo.changesPerMinute': 0 },
  });
  before(() => {
    sidebar = new LmaSidebar(session().page);
  });

  it('opens quietly: connected to the demo, no error in the status bar, no toast about the LMA', async () => {
    const { workbench, page } = session();
    await workbench.statusBarItem(/LMA: Demo LMO/).waitFor({ timeout: 90_000 });
    await sidebar.open();
    await sidebar.row('Install Base', 'Acme Billing').waitFor({ timeout: 60_000 });
    // The checks that run on connecting (setup, LMA version, project insights) have had their say.
    await page.waitForTimeout(5_000);
    const problems = page.locator('.statusbar-item[id="status.problems"]');
    const counts = (await problems.innerText()).match(/\d+/g) ?? [];
    assert.equal(counts[0], '0', `no error in the status bar (it says ${JSON.stringify(await problems.innerText())})`);
    assert.equal(await workbench.notification(/LMA|License Management App|behind/).count(), 0, 'no toast about the LMA');
    assert.equal(await sidebar.row('Install Base', /is behind/).count(), 0, 'no LMA-behind row');
    await workbench.screenshot('first-look-dark');
  });

  it('shows customers a partner would show a colleague, useful words first, at the default side-bar width', async () => {
    await sidebar.expand('Install Base', 'Acme Billing');
    await sidebar.row('Install Base', /^2\.3\.0/).waitFor();
    await sidebar.expand('Install Base', /^2\.3\.0/);
    const license = sidebar.row('Install Base', /(seats|site|seats not set) · (perpetual|expires|expired)/).first();
    await license.waitFor();
    const text = await sidebar.part().innerText();
    for (const attack of ATTACKS) assert.doesNotMatch(text, attack);
    assert.doesNotMatch(text, /Active · /, 'an active row does not spend its room on "Active"');
    await session().workbench.screenshot('first-look-install-base');
  });

  it('opens an Apex class as Apex', async () => {
    const editor = new EditorPage(session().page);
    await editor.open('QuoteFeatures.cls');
    await session()
      .workbench.statusBarItem(/^\s*Apex\s*$/)
      .waitFor({ timeout: 15_000 });
    assert.equal(
      await session()
        .workbench.statusBarItem(/^\s*(TeX|LaTeX)\s*$/)
        .count(),
      0,
    );
  });

  it('has the LMA step of the setup checklist done (the showcase LMA is current)', async () => {
    const checklist = new ChecklistPage(session().page);
    await session().workbench.runCommand('LMA: Open Setup Checklist');
    await checklist.waitForVerdicts();
    assert.equal(await checklist.verdictOf('lmaApp'), 'done');
    assert.notEqual(await checklist.verdictOf('packages'), 'broken', 'no lead manager made inactive on purpose');
    const text = await checklist.frame.locator('main').innerText();
    for (const attack of ATTACKS) assert.doesNotMatch(text, attack);
    await session().workbench.screenshot('first-look-checklist');
  });
});
