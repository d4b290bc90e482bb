import * as assert from 'node:assert/strict';
import { eventually } from '../support/eventually';
import { contrast } from './pages/contrast';
import { LmaSidebar } from './pages/lmaSidebar';
import { CLI_ALIAS, useUiSession } from './session';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('UI: the LMA sidebar in code-server', function () {
  this.timeout(180_000);
  let sidebar: LmaSidebar;

  const session = useUiSession();
  before(async () => {
    sidebar = new LmaSidebar(session().page);
  });

  it('shows the LMA container, with welcome content while not connected', async () => {
    await sidebar.open();
    await session().workbench.setSidebarWidth(460);
    await sidebar.welcomeButton('Install Base', 'Connect to an LMO…').waitFor();
    await sidebar.welcomeButton('Install Base', 'Explore the Demo LMO').waitFor();
    await sidebar.welcome('Subscribers').waitFor();
    await session().workbench.statusBarItem('LMA: not connected').waitFor();
    assert.match(
      await sidebar.welcome('Install Base').innerText(),
      /Connect to your License Management Org \(LMO\) to see your packages, versions and licenses\./,
    );
    assert.match(await sidebar.welcome('Subscribers').innerText(), /Your customers' orgs appear here once an LMO is connected\./);
    assert.equal(await sidebar.rows('Install Base').count(), 0, 'no tree while not connected');
    assert.equal(await session().workbench.statusBarItem('LMA: not connected').count(), 1);
    await session().workbench.screenshot('sidebar-not-connected-dark');
    await session().workbench.setTheme('Default Light Modern');
    await session().workbench.screenshot('sidebar-not-connected-light');
    await session().workbench.setTheme('Default Dark Modern');
  });

  it('connects to an LMO from the Salesforce CLI logins, picked in the palette', async () => {
    const { workbench } = session();
    await workbench.runCommand('LMA: Connect to an LMO…');
    const row = workbench.quickPickRow(CLI_ALIAS);
    await row.waitFor({ timeout: 30_000 });
    await workbench.screenshot('connect-quick-pick');
    await row.click();
    await sidebar.row('Install Base', 'Acme Billing').waitFor({ timeout: 30_000 });
    await workbench.statusBarItem(`LMA: ${CLI_ALIAS}`).waitFor();
    await sidebar.row('Install Base', /^LMA 1\.18\.0 is behind the latest known 1\.20/).waitFor();
    assert.equal(
      await sidebar
        .rows('Install Base')
        .filter({ hasText: / licenses$/ })
        .count(),
      4,
      'four packages',
    );
    assert.match(await sidebar.row('Install Base', 'Acme Billing').innerText(), /v2\.3\.0 · [\d,]+ licenses/);
  });

  it('reconnects to the remembered LMO after a window reload, without asking', async () => {
    const { workbench, page } = session();
    // No lmaWorkbench.defaultOrg in this session: only the workspace's memory can bring it back.
    await workbench.runCommand('Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // Connected again (the status bar says so) before the side bar is touched: the window has restored.
    await workbench.statusBarItem(`LMA: ${CLI_ALIAS}`).waitFor({ timeout: 60_000 });
    await sidebar.open();
    await sidebar.row('Install Base', 'Acme Billing').waitFor({ timeout: 30_000 });
    assert.equal(await workbench.quickInput().isVisible(), false, 'no org picker was shown');
    await workbench.screenshot('reconnected-after-reload');
  });

  it('expands package → version → licenses, each with status, seats and expiry', async () => {
    await sidebar.expand('Install Base', 'Acme Billing');
    await sidebar.row('Install Base', /^2\.3\.0/).waitFor();
    assert.match(await sidebar.row('Install Base', /^2\.3\.0/).innerText(), /latest · released \d{4}-\d{2}-\d{2} · [\d,]+ live/);
    await sidebar.expand('Install Base', /^2\.3\.0/);
    // An active license's row starts with its seats (its icon says active); another's with its state.
    const license = sidebar.row('Install Base', /(seats|site|seats not set) · (perpetual|expires|expired)/).first();
    await license.waitFor();
    assert.match(await license.innerText(), /((Trial|Suspended|Uninstalled|Expired) · )?(\d+\/\d+ seats|site|seats not set) · (perpetual|expires|expired)/);
    assert.doesNotMatch(await license.innerText(), /Active · /, 'no "Active" word taking the room of the row');
    await session().workbench.screenshot('install-base-expanded-dark');
  });

  it('finds a subscriber by a hostile name and shows it, and its tooltip, as literal text', async () => {
    const { workbench, page } = session();
    await workbench.runCommand('LMA: Find Subscriber…');
    const input = workbench.quickInput().locator('input');
    await input.waitFor();
    await input.fill(HOSTILE);
    await input.press('Enter');
    const org = sidebar.row('Subscribers', HOSTILE);
    await org.waitFor({ timeout: 30_000 });
    await sidebar.viewDescription('Subscribers').filter({ hasText: '“<img src=x onerror=alert(1)>”' }).waitFor();
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'no <img> element was created');
    await sidebar.expand('Subscribers', HOSTILE);
    await sidebar.hoverRow('Subscribers', /^Acme /);
    const hover = workbench.hover();
    await hover.waitFor({ timeout: 15_000 });
    // Markdown tooltips keep spaces as non-breaking spaces.
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /<img src=x onerror=alert\(1\)>/);
    assert.match(text, /License: L-\d{5}/);
    await workbench.screenshot('subscriber-hostile-tooltip-dark');
    await page.mouse.move(900, 500);
  });

  it('filters by status from the palette and shows the filter in the view description', async () => {
    const { workbench } = session();
    await workbench.runCommand('LMA: Clear Filter');
    await workbench.runCommand('LMA: Filter Licenses…');
    await workbench.quickPickRow('Trial').waitFor();
    await workbench.quickPickRow('Trial').click();
    await workbench.quickPickRow('Sandbox orgs').click();
    await workbench.quickInput().locator('input').first().press('Enter');
    await sidebar.viewDescription('Install Base').filter({ hasText: 'Trial · no sandboxes' }).waitFor();
    await sidebar.row('Install Base', 'Acme Billing').waitFor();
    await sidebar.expand('Install Base', 'Acme Billing');
    await sidebar.expand('Install Base', /^2\.3\.0/);
    // The tree reloads after the filter changes: wait until every license row shows it.
    const licenseRows = sidebar.viewBody('Install Base').locator('.monaco-list-row', { hasText: / · (\d+\/\d+ seats|site|seats not set) · / });
    const rows = await eventually(async () => {
      const texts = await licenseRows.allInnerTexts();
      return texts.length > 0 && texts.every((t) => /(Trial|Expired) · /.test(t) && !/sandbox/.test(t)) ? texts : undefined;
    }, 'only non-sandbox trial licenses');
    assert.ok(rows.length > 0);
    await workbench.screenshot('install-base-filtered-dark');
  });

  it('reads in light, high-contrast and dark themes: labels and status icons contrast with the sidebar, nothing cut off', async () => {
    const { workbench } = session();
    await workbench.runCommand('LMA: Clear Filter');
    await sidebar.row('Install Base', 'Acme Billing').waitFor();
    for (const [theme, name] of [
      ['Default Light Modern', 'light'],
      ['Default High Contrast', 'high-contrast'],
      ['Default Dark Modern', 'dark'],
    ] as const) {
      await workbench.setTheme(theme);
      await sidebar.expand('Install Base', 'Acme Billing');
      await sidebar.expand('Install Base', /^\s*\d+\.\d+\.\d+/);
      // Evaluated in the page (a string: the test code has no DOM types).
      const seen = (await session().page.evaluate(`(() => {
        const pane = [...document.querySelectorAll('.part.sidebar .pane')].find((p) => p.querySelector('.pane-header h3.title')?.textContent === 'Install Base');
        const rows = [...pane.querySelectorAll('.pane-body .monaco-list-row')];
        const labels = rows.map((r) => r.querySelector('.label-name')).filter(Boolean);
        return {
          bg: getComputedStyle(document.querySelector('.part.sidebar')).backgroundColor,
          labels: labels.map((e) => getComputedStyle(e).color),
          icons: rows.map((r) => r.querySelector('.custom-view-tree-node-item-icon')).filter(Boolean).map((e) => getComputedStyle(e).color),
          clipped: labels.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent),
        };
      })()`)) as { bg: string; labels: string[]; icons: string[]; clipped: string[] };
      assert.ok(seen.labels.length >= 5 && seen.icons.length >= 5, `${name}: rows with labels and icons (${seen.labels.length}, ${seen.icons.length})`);
      // WCAG AA: 4.5 for text, 3 for the icons that carry a license's state.
      for (const colour of seen.labels)
        assert.ok(contrast(colour, seen.bg) >= 4.5, `${name}: label ${colour} on ${seen.bg}: ${contrast(colour, seen.bg).toFixed(2)}`);
      for (const colour of seen.icons)
        assert.ok(contrast(colour, seen.bg) >= 3, `${name}: icon ${colour} on ${seen.bg}: ${contrast(colour, seen.bg).toFixed(2)}`);
      assert.deepEqual(seen.clipped, [], `${name}: labels cut off`);
      await workbench.screenshot(`sidebar-connected-${name}`);
    }
  });
});
