/**
 * The license work surfaces in a real editor: Recent Changes and a license's history (hostile
 * text as text), the provisioning rules file with its audit, a guarded change from a selection in
 * the tree (preview, confirmation, results, undo), and the Packages view with the guided link.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOSTILE_NAMES } from '../support/hostile';
import { EditorPage } from './pages/editor';
import { LicenseChangePage } from './pages/licenseChange';
import { LmaSidebar } from './pages/lmaSidebar';
import { CLI_ALIAS, WORKSPACE, useUiSession } from './session';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('UI: changes, rules, guarded license changes, linking', function () {
  this.timeout(240_000);
  let sidebar: LmaSidebar;
  const session = useUiSession({ settings: { 'lmaWorkbench.defaultOrg': CLI_ALIAS, 'lmaWorkbench.licenseChanges.enabled': true } });
  const patch = async (id: string, fields: Record<string, unknown>) => {
    const demo = session().demo;
    const res = await fetch(`${demo.url}/services/data/v62.0/sobjects/sfLma__License__c/${id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(fields),
    });
    assert.equal(res.status, 204, await res.text());
  };
  /** A live, dated license of the hostile-named account (the demo seeds its first orgs with hostile names). */
  const hostileLicense = () => {
    const demo = session().demo;
    const account = demo.store.rows('Account').find((a) => a.Name === HOSTILE);
    assert.ok(account, 'the demo has an account with a hostile name');
    const license = demo.store
      .rows('sfLma__License__c')
      .find(
        (l) =>
          l.sfLma__Account__c === account.Id &&
          l.IsDeleted !== true &&
          l.sfLma__Status__c === 'Active' &&
          typeof l.sfLma__Seats__c === 'number' &&
          l.sfLma__Seats__c >= 0,
      );
    assert.ok(license, 'an active per-seat license of that account');
    return license;
  };

  before(async () => {
    sidebar = new LmaSidebar(session().page);
    await sidebar.open();
    await session().workbench.setSidebarWidth(420);
    await session().workbench.statusBarItem(`LMA: ${CLI_ALIAS}`).waitFor({ timeout: 30_000 });
    assert.ok(HOSTILE_NAMES.includes(HOSTILE));
  });
  after(() => rmSync(join(WORKSPACE, '.lma'), { recursive: true, force: true }));

  it('lists a change made in the org under Recent Changes, the hostile account name as text', async () => {
    const license = hostileLicense();
    await patch(license.Id, { sfLma__Seats__c: Number(license.sfLma__Seats__c) + 3 });
    await session().workbench.runCommand('LMA: Refresh');
    await sidebar.focusView('Recent Changes');
    const row = sidebar.row('Recent Changes', HOSTILE).first();
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Seats \d+ → \d+/);
    assert.equal(await session().page.locator('img[src="x"]').count(), 0);
    await session().workbench.screenshot('recent-changes');
    await row.click();
    await sidebar.row('Recent Changes', 'Back to recent changes').waitFor({ timeout: 30_000 });
    await sidebar.row('Recent Changes', /^Installed/).waitFor();
    await session().workbench.screenshot('license-history');
    await sidebar.row('Recent Changes', 'Back to recent changes').click();
  });

  it('writes the provisioning rules file from recent installs, and underlines drift in it', async () => {
    await session().workbench.runCommand('LMA: Edit Provisioning Rules');
    const editor = new EditorPage(session().page);
    await session().page.locator('.tab.active[aria-label*="provisioning.json"]').waitFor({ timeout: 60_000 });
    await editor.text('"Acme Billing"').waitFor();
    // Declare a trial length Acme Billing's installs do not get (as if edited elsewhere): the audit underlines it.
    const file = join(WORKSPACE, '.lma', 'provisioning.json');
    const text = readFileSync(file, 'utf8');
    const changed = text.replace(/("Acme Billing"\s*:\s*\{[^}]*"trialDays"\s*:\s*)\d+/, '$114');
    assert.notEqual(changed, text);
    writeFileSync(file, changed);
    await editor.text('14').waitFor({ timeout: 15_000 });
    await session().workbench.runCommand('LMA: Audit Provisioning Rules');
    await editor
      .codeLenses()
      .filter({ hasText: /Audited against [\d,]+ recent installs/ })
      .first()
      .waitFor({ timeout: 60_000 });
    await editor.warningSquiggles().first().waitFor({ timeout: 30_000 });
    await session().workbench.screenshot('provisioning-rules');
  });

  it('changes licenses from a selection: a preview, a confirmation, results, and Undo', async () => {
    const { page, workbench } = session();
    const change = new LicenseChangePage(page);
    await workbench.runCommand('LMA: Find Subscriber…');
    const input = workbench.quickInput().locator('input');
    await input.fill(HOSTILE);
    await input.press('Enter');
    await sidebar.row('Subscribers', HOSTILE).waitFor({ timeout: 30_000 });
    await sidebar.expand('Subscribers', HOSTILE);
    const license = sidebar.row('Subscribers', /^Acme /).first();
    await license.click({ button: 'right' });
    await workbench.contextMenuItem('Change Licenses (Guarded)…');
    await workbench.quickPickRow('Extend the expiration…').click();
    const days = workbench.quickInput().locator('input');
    await days.fill('30');
    await days.press('Enter');
    await change.tab().waitFor({ timeout: 30_000 });
    await change.previewRows().first().waitFor({ timeout: 30_000 });
    assert.match(await change.summary().innerText(), /^1 license in acme-lmo/);
    assert.match(await change.previewRows().first().innerText(), /Expiration/);
    assert.match(await change.previewRows().first().innerText(), /<img src=x onerror=alert\(1\)>/);
    await workbench.screenshot('license-change-preview');
    assert.match(await change.frame.locator('#apply').innerText(), /Start Modify License Worklist/);
    await change.button('apply').click();
    // The default is Salesforce's way: a worklist of Modify License pages, nothing written from here.
    const row = change.frame.locator('#worklist tbody tr').first();
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Expiration:\s*\d{4}-\d\d-\d\d\s*→\s*\d{4}-\d\d-\d\d/);
    assert.match(await row.innerText(), /To do/);
    assert.match(await row.innerText(), /<img src=x onerror=alert\(1\)>/, 'the hostile name is text');
    assert.equal(await change.frame.locator('#worklist img').count(), 0);
    await workbench.screenshot('license-change-worklist');
    await row.locator('vscode-button', { hasText: 'Skip' }).click();
    await change.frame.locator('#worklist tbody tr.skipped').waitFor({ timeout: 30_000 });
    assert.match(await change.frame.locator('.message h2').first().innerText(), /Worklist finished/);
  });

  it('leaves a refused license out of a blocked preview with the keyboard, and puts it back', async () => {
    const { page, workbench } = session();
    const change = new LicenseChangePage(page);
    await workbench.runCommand('LMA: Find Subscriber…');
    const input = workbench.quickInput().locator('input');
    await input.fill(HOSTILE);
    await input.press('Enter');
    await sidebar.row('Subscribers', HOSTILE).waitFor({ timeout: 30_000 });
    await sidebar.expand('Subscribers', HOSTILE);
    await sidebar
      .row('Subscribers', /^Acme /)
      .first()
      .click({ button: 'right' });
    await workbench.contextMenuItem('Change Licenses (Guarded)…');
    await workbench.quickPickRow('Set the expiration…').click();
    // Past the last date a Salesforce date field holds: the Modify License rules refuse it.
    const date = workbench.quickInput().locator('input');
    await date.fill('4001-01-01');
    await date.press('Enter');
    await change.tab().waitFor({ timeout: 30_000 });
    await change.frame.locator('#preview tbody tr.error').waitFor({ timeout: 30_000 });
    assert.match(await change.blocked().innerText(), /leave them out with the Leave Out button on their row/);
    assert.equal(await change.button('apply').getAttribute('disabled'), '', 'blocked: Apply is disabled');

    // Reached and used with the keyboard; named for a screen reader by its license.
    const leave = change.excludeControl('Leave out');
    await leave.focus();
    await leave.press('Enter');
    await change.frame.locator('#preview tbody tr.excluded').waitFor({ timeout: 30_000 });
    assert.equal(await change.blocked().count(), 0, 'no longer blocked');
    assert.match(await change.summary().innerText(), /^0 licenses in acme-lmo.* · 1 left out by you$/);
    assert.match(await change.frame.locator('#preview tbody tr.excluded').innerText(), /Left out: nothing is sent for it/);
    assert.match(await change.frame.locator('.message h2').first().innerText(), /Every license is left out/);
    assert.equal(await change.button('apply').getAttribute('disabled'), '', 'nothing left to apply');
    const putBack = change.excludeControl('Put back');
    assert.match((await change.frame.locator('vscode-button.exclude:focus').getAttribute('aria-label')) ?? '', /^Put back /, 'the focus stays on the control');
    await workbench.screenshot('license-change-left-out');

    await putBack.press(' ');
    await change.frame.locator('#preview tbody tr.error').waitFor({ timeout: 30_000 });
    assert.match(await change.summary().innerText(), /^1 license in acme-lmo/);
    assert.equal(await change.blocked().count(), 1, 'blocked again');
  });

  it('shows the link state of every package, and the guided link for one that is not linked', async () => {
    const { page, workbench } = session();
    await workbench.runCommand('View: Close All Editors');
    await sidebar.focusView('Packages');
    const payroll = sidebar.row('Packages', 'Acme Payroll');
    await payroll.waitFor({ timeout: 30_000 });
    assert.match(await payroll.innerText(), /Not linked/);
    assert.match(await sidebar.row('Packages', 'Acme Billing').innerText(), /Linked/);
    await workbench.screenshot('packages-view');
    await payroll.click({ button: 'right' });
    await workbench.contextMenuItem('Link Package to this LMO…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    const text = await dialog.innerText();
    assert.match(text, /permanent|for good/i);
    assert.match(text, /Package ID: 033\w{12,15}/);
    await workbench.screenshot('link-package-guide');
    // The (demo) Partner Console registers it; watching picks it up.
    const payrollId = session()
      .demo.store.rows('Package2')
      .find((p) => p.Name === 'Acme Payroll')?.SubscriberPackageId;
    assert.ok(payrollId);
    session().demo.linkPackage(String(payrollId), 0);
    await dialog.locator('.monaco-button', { hasText: 'I Registered It: Watch for the Link' }).click();
    await workbench.notification(/Acme Payroll is linked to acme-lmo/).waitFor({ timeout: 60_000 });
    await sidebar
      .row('Packages', 'Acme Payroll')
      .filter({ hasText: /Linked/ })
      .waitFor({ timeout: 30_000 });
    await workbench.screenshot('package-linked');
  });
});
