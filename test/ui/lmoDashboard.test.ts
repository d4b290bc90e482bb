/**
 * Setup step 5 in a real editor: LMA: Build the Executive Dashboard… from the sample workspace asks the
 * title and the executives' profile, generates the metadata into the workspace, shows the org's
 * validation in a modal preview, deploys on Deploy; the notification's Pin the Home Page… shows, in a
 * modal, what the executives' Home page is now and what it becomes, and Assign writes it and turns the
 * checklist's step 5 done.
 */
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChecklistPage } from './pages/checklist';
import { CLI_ALIAS, WORKSPACE, useUiSession } from './session';

describe('UI: the executives’ dashboard in the LMO (setup step 5)', function () {
  this.timeout(300_000);
  // A copy of the sample workspace: the command writes lmo-dashboard/ into it.
  const workspace = mkdtempSync(join(tmpdir(), 'lma-ui-lmodash-'));
  cpSync(WORKSPACE, workspace, { recursive: true });
  const session = useUiSession({ workspace, settings: { 'lmaWorkbench.defaultOrg': CLI_ALIAS } });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('builds it from the palette with a preview and a confirmation, and step 5 turns done once the Home page is assigned', async () => {
    const { page, workbench, demo } = session();
    await workbench.statusBarItem(`LMA: ${CLI_ALIAS}`).waitFor({ timeout: 30_000 });
    await workbench.runCommand('LMA: Build the Executive Dashboard…');
    const input = workbench.quickInput().locator('input');
    await workbench.quickInput().getByText('Build the Executive Dashboard (1/3)').waitFor({ timeout: 15_000 });
    assert.equal(await input.inputValue(), 'Install base', 'the default title');
    await page.keyboard.press('Enter');
    await workbench.quickInput().getByText('Build the Executive Dashboard (2/3)').waitFor({ timeout: 15_000 });
    await input.fill('Executives');
    await page.keyboard.press('Enter');
    // Whose numbers: each viewer (the default, first).
    await workbench.quickPickRowByLabel('Each viewer').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');

    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    const preview = await dialog.innerText();
    assert.match(preview, new RegExp(`Deploy the executives’ dashboard to ${CLI_ALIAS}\\? 11 components, validated by the org\\.`));
    assert.equal(preview.match(/^new: /gm)?.length, 11, preview);
    assert.equal(demo.metadata.reports().length, 0, 'nothing deployed before Deploy');
    await workbench.screenshot('lmo-dashboard-preview');
    await dialog.locator('.monaco-button', { hasText: 'Deploy' }).click();

    await workbench.notification(/Deployed 11 components to/).waitFor({ timeout: 90_000 });
    const deployed = workbench.notification(/Deployed 11 components to/);
    assert.match(await deployed.innerText(), /Next, pin the Home page LMA_Executive_Home for your executives/);
    assert.equal(demo.metadata.reports().length, 7);
    assert.equal(demo.metadata.dashboards().length, 1);
    const options = JSON.parse(readFileSync(join(workspace, 'lmo-dashboard', 'lmo-dashboard.json'), 'utf8')) as {
      options: { profile: string; dashboardTitle: string };
    };
    assert.deepEqual([options.options.dashboardTitle, options.options.profile], ['Install base', 'Executives']);
    assert.ok(existsSync(join(workspace, 'lmo-dashboard', 'reports', 'LMA_Executive_Reports', 'LMA_Seats.report-meta.xml')));

    // Pin, from the notification: the modal says what the Home page is now; Assign writes it.
    await deployed.locator('.monaco-button', { hasText: 'Pin the Home Page…' }).click();
    const pinDialog = page.locator('.monaco-dialog-box', { hasText: 'Make LMA_Executive_Home the Home page' });
    await pinDialog.waitFor({ timeout: 60_000 });
    const asked = await pinDialog.innerText();
    assert.match(asked, /Make LMA_Executive_Home the Home page for “Executives” in the app Sales \(standard__LightningSales\)\?/);
    assert.match(asked, /Now: the org's default Home page\./);
    await workbench.screenshot('lmo-dashboard-pin');
    await pinDialog.locator('.monaco-button', { hasText: 'Assign' }).click();
    const pinned = workbench.notification(/is now the Home page for “Executives”/);
    await pinned.waitFor({ timeout: 90_000 });
    assert.match(await pinned.innerText(), /read back from the org\. Step 5: Done\./);
    await workbench.clearNotifications();

    await workbench.runCommand('LMA: Open Setup Checklist');
    const checklist = new ChecklistPage(page);
    await checklist.waitForVerdicts();
    await checklist.frame.locator('#step-dashboard[data-verdict="done"]').waitFor({ timeout: 30_000 });
    assert.match(await checklist.step('dashboard').innerText(), /every report’s total agrees with this product’s/);
    await checklist.step('dashboard').scrollIntoViewIfNeeded();
    await workbench.screenshot('lmo-dashboard-step5-done');
  });
});
