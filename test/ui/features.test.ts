/**
 * Feature parameters in a real editor: a package's Feature Parameters node with each parameter's
 * spread, a license's values, and an LMO → subscriber value changed from the license's context
 * menu through the License Change panel (preview with the propagation note, confirmation,
 * verified result, Undo), as a hand does it.
 */
import * as assert from 'node:assert/strict';
import { LicenseChangePage } from './pages/licenseChange';
import { LmaSidebar } from './pages/lmaSidebar';
import { CLI_ALIAS, useUiSession } from './session';

describe('UI: feature parameters', function () {
  this.timeout(240_000);
  let sidebar: LmaSidebar;
  const session = useUiSession({ settings: { 'lmaWorkbench.defaultOrg': CLI_ALIAS, 'lmaWorkbench.featureValues.enabled': true } });

  before(async () => {
    sidebar = new LmaSidebar(session().page);
    await sidebar.open();
    await session().workbench.setSidebarWidth(520);
    await session().workbench.statusBarItem(`LMA: ${CLI_ALIAS}`).waitFor({ timeout: 30_000 });
  });

  it("shows a package's feature parameters after its versions, each with its spread", async () => {
    // Room for the Install Base tree: its rows beyond the view are not drawn.
    for (const view of ['Subscribers', 'Packages', 'Recent Changes'] as const) await sidebar.collapseView(view);
    await sidebar.expand('Install Base', 'Acme Billing');
    await sidebar.expand('Install Base', /^\s*Feature Parameters/);
    const reporting = sidebar.row('Install Base', /AdvancedReporting/);
    await reporting.waitFor({ timeout: 30_000 });
    assert.match(await reporting.innerText(), /Boolean · on for [\d,]+ of [\d,]+ live licenses \(\d+%\)/);
    assert.match(await sidebar.row('Install Base', /InvoiceLimit/).innerText(), /Integer · [\d,]+ values: min 100/);
    await session().workbench.screenshot('feature-parameters');
    // Folded again, so the next test finds licenses right under the version.
    await sidebar.row('Install Base', /^\s*Feature Parameters/).click();
  });

  it('changes a license’s value from its context menu: a preview with the propagation note, a confirmation, a verified result, and Undo', async () => {
    const { page, workbench } = session();
    const change = new LicenseChangePage(page);
    await sidebar.expand('Install Base', /^\s*2\.3\.0/);
    // The first license under 2.3.0 (level 3: package › version › license).
    const license = sidebar.rows('Install Base').and(page.locator('[aria-level="3"]')).first();
    await license.waitFor({ timeout: 30_000 });
    await license.click({ button: 'right' });
    await workbench.contextMenuItem('Edit Feature Values (Guarded)…');
    await workbench.quickPickRowByLabel('acmebill__InvoiceLimit').click();
    const input = workbench.quickInput().locator('input');
    await input.fill('4242');
    await input.press('Enter');
    await change.tab().waitFor({ timeout: 30_000 });
    await change.previewRows().first().waitFor({ timeout: 30_000 });
    assert.match(await change.summary().innerText(), /^1 value in acme-lmo/);
    assert.match(await change.previewRows().first().innerText(), /InvoiceLimit[\s\S]*4,242/);
    assert.match(await change.frame.locator('.note').innerText(), /asynchronously/);
    await workbench.screenshot('feature-value-preview');
    await change.button('apply').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /Change 1 value in acme-lmo\?/);
    await dialog.locator('.monaco-button', { hasText: 'Change Values' }).click();
    await change.resultRows().first().waitFor({ timeout: 60_000 });
    assert.match(await change.resultRows().first().innerText(), /InvoiceLimit[\s\S]*Saved and verified/);
    await workbench.screenshot('feature-value-results');
    await change.button('undo').click();
    await change.previewRows().first().waitFor({ timeout: 30_000 });
    assert.match(await change.previewRows().first().innerText(), /4,242/);
    await change.button('apply').click();
    await dialog.waitFor({ timeout: 15_000 });
    await dialog.locator('.monaco-button', { hasText: 'Change Values' }).click();
    await change.resultRows().first().waitFor({ timeout: 60_000 });
    assert.match(await change.frame.locator('h1').innerText(), /^Undo /);
  });
});
