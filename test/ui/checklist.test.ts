import * as assert from 'node:assert/strict';
import { ChecklistPage } from './pages/checklist';
import { contrast } from './pages/contrast';
import { LmaSidebar } from './pages/lmaSidebar';
import { CLI_ALIAS, useUiSession } from './session';

describe('UI: the setup checklist', function () {
  this.timeout(240_000);
  let sidebar: LmaSidebar;
  let checklist: ChecklistPage;

  const session = useUiSession({ settings: { 'lmaWorkbench.defaultOrg': CLI_ALIAS } });
  before(async () => {
    sidebar = new LmaSidebar(session().page);
    checklist = new ChecklistPage(session().page);
    await sidebar.open();
    await session().workbench.setSidebarWidth(360);
    await session().workbench.statusBarItem(`LMA: ${CLI_ALIAS}`).waitFor({ timeout: 30_000 });
  });

  it('says from the status bar that a step needs fixing, and opens the checklist from the Install Base view', async () => {
    const item = session().workbench.statusBarItem('Setup: 1 to fix');
    await item.waitFor({ timeout: 30_000 });
    await sidebar.clickViewAction('Install Base', 'Open Setup Checklist');
    await checklist.waitForVerdicts();
    assert.equal(await checklist.verdictOf('packages'), 'broken');
    assert.match(await checklist.step('packages').innerText(), /Acme Field Service: its lead manager, Former Lead Manager, is an inactive user/);
    // Step 5 is the dashboard in the LMO: cannot be verified yet, with what to check by hand.
    assert.equal(await checklist.verdictOf('dashboard'), 'unverifiable');
    assert.match(await checklist.step('dashboard').locator('.summary').innerText(), /^Check by hand: a dashboard in the LMO/);
    assert.match(await checklist.step('dashboard').innerText(), /Today this LMO has [\d,]+ production licenses/);
    assert.match(await checklist.overview().innerText(), /^2 of 6 steps done · 1 broken · 1 needs attention · 2 cannot be verified$/);
    assert.match(await checklist.frame.locator('#meta').innerText(), / · 3 API calls$/);
    await session().page.waitForTimeout(400);
    await session().workbench.screenshot('checklist-dark');
  });

  it('shows the evidence behind a verdict from the keyboard', async () => {
    const summary = checklist.step('packages').locator('details.evidence summary');
    await summary.focus();
    await session().page.keyboard.press('Enter');
    const table = checklist.step('packages').locator('details.evidence table');
    await table.waitFor();
    assert.match(await table.innerText(), /SELECT Id, Name, sfLma__Package_ID__c/);
    assert.match(await table.innerText(), /lead manager Former Lead Manager \(inactive\)/);
    await session().workbench.screenshot('checklist-evidence');
  });

  it('re-checks a broken org: every step red or amber, hostile org text shown as text', async () => {
    session().demo.setSetup([
      'sandbox',
      'lead-manager-inactive',
      'no-license-edit',
      'before-trigger',
      'validation-rule',
      'required-field',
      'no-support-console',
    ]);
    try {
      await checklist.button('recheck').click();
      await checklist.frame.locator('.step.broken#step-billing').waitFor({ timeout: 60_000 });
      await checklist.waitForVerdicts();
      assert.equal(await checklist.verdictOf('lmo'), 'missing');
      assert.equal(await checklist.verdictOf('lmaApp'), 'attention');
      const billing = await checklist.step('billing').innerText();
      assert.match(billing, /Apex trigger LicenseDefaults runs before insert and update on License/);
      assert.match(billing, /Validation rule Require_Region is active on Lead/);
      assert.match(billing, /Lead\.Region__c is a required custom field/);
      // The flow's label holds markup characters; they arrive as text, and no element is made of them.
      assert.match(billing, /License renewals → "Billing" <notify> & CSM/);
      assert.equal(await checklist.frame.locator('notify').count(), 0);
      assert.match(await checklist.gotcha('subscriberSupport').innerText(), /do not grant the console’s pages/);
      await session().workbench.screenshot('checklist-broken-dark');
      await session().workbench.statusBarItem('Setup: 3 to fix').waitFor({ timeout: 15_000 });
    } finally {
      session().demo.setSetup(['lead-manager-inactive']);
    }
  });

  for (const theme of ['Default Dark Modern', 'Default Light Modern', 'Default High Contrast', 'Default High Contrast Light'] as const) {
    it(`reads in ${theme}: verdict words and text contrast with the page`, async () => {
      await session().workbench.setTheme(theme);
      await checklist.button('recheck').click();
      await checklist.waitForVerdicts();
      // Evaluated in the page (a string: the test code has no DOM types).
      const colours = (await checklist.frame.locator('body').evaluate(`(() => {
        const bg = getComputedStyle(document.body).backgroundColor;
        const card = getComputedStyle(document.querySelector('.step')).backgroundColor;
        const colour = (selector) => [...document.querySelectorAll(selector)].map((e) => getComputedStyle(e).color);
        return { bg, card, text: colour('.verdict, .summary, .findings li:not(.info) > span:not(.codicon)'), icons: colour('.step .codicon') };
      })()`)) as { bg: string; card: string; text: string[]; icons: string[] };
      const background = colours.card === 'rgba(0, 0, 0, 0)' ? colours.bg : colours.card;
      // WCAG AA: 4.5 for text, 3 for the icons that carry the verdict's colour.
      assert.ok(colours.text.length > 10 && colours.icons.length > 6);
      for (const colour of colours.text)
        assert.ok(contrast(colour, background) >= 4.5, `text ${colour} on ${background}: ${contrast(colour, background).toFixed(2)}`);
      for (const colour of colours.icons)
        assert.ok(contrast(colour, background) >= 3, `icon ${colour} on ${background}: ${contrast(colour, background).toFixed(2)}`);
      // Nothing is cut off: every step's text fits its card.
      const clipped = await checklist.frame.locator('.step').evaluateAll((steps) => steps.filter((s) => s.scrollWidth > s.clientWidth + 1).length);
      assert.equal(clipped, 0);
      await session().page.waitForTimeout(800);
      await session().workbench.screenshot(`checklist-${theme.toLowerCase().replace(/ /g, '-')}`);
    });
  }

  it('verifies step 5 in the LMO from its button: the demo has no executives’ dashboard yet, so it is missing, with what to do', async () => {
    await session().workbench.setTheme('Default Dark Modern');
    await checklist.button('action-dashboard').click();
    // The panel redraws once the verification has read the org (four queries, the product's numbers).
    await checklist.frame.locator('#step-dashboard[data-verdict="missing"]').waitFor({ timeout: 60_000 });
    const summary = checklist.step('dashboard').locator('.summary');
    assert.match(await summary.innerText(), /not in this LMO yet/);
    assert.match(await checklist.step('dashboard').innerText(), /generate them and deploy them/);
  });

  it('walks through setup: the walkthrough marks the steps the checklist verified', async () => {
    await session().workbench.runCommand('LMA: Open Setup Walkthrough');
    const walkthrough = session().page.locator('.gettingStartedSlideDetails');
    await walkthrough.waitFor({ timeout: 30_000 });
    const step = (title: string) => walkthrough.locator('.getting-started-step', { hasText: title });
    await step('Pick your License Management Org').waitFor();
    // Done in the checklist → checked off here; broken (the lead manager) or cannot be verified → not.
    const checked = (title: string) => step(title).locator('[role="checkbox"][aria-checked="true"]');
    await checked('Pick your License Management Org').waitFor({ timeout: 30_000 });
    await checked('Integrate with billing').waitFor();
    assert.equal(await checked('Link your packages').count(), 0);
    // Cannot be verified (the dashboard in the LMO): not checked off.
    assert.equal(await checked('Build the install-base dashboard').count(), 0);
    assert.equal(await checked('Decide provisioning defaults').count(), 0);
    await session().workbench.screenshot('walkthrough');
  });
});
