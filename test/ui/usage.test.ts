/**
 * Seat usage in a real editor: the dashboard's Seat usage card for the last complete month, its
 * shelfware and at-cap counts equal to the tests' own count from the demo's summary file and raw
 * License rows, and "Show all in the Sidebar" narrowing the Install Base view to the shelfware
 * licenses, each row carrying its badge.
 */
import * as assert from 'node:assert/strict';
import { fetchRawUsageLicenses, oracleActiveUsers, oracleFlags } from '../support/usageOracle';
import { DashboardPage } from './pages/dashboard';
import { LmaSidebar } from './pages/lmaSidebar';
import { CLI_ALIAS, useUiSession } from './session';

/** The last complete month in UTC, as the card defaults to. */
function lastCompleteMonth(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

describe('UI: seat usage', function () {
  this.timeout(240_000);
  const session = useUiSession({ settings: { 'lmaWorkbench.defaultOrg': CLI_ALIAS } });

  it("shows the Seat usage card with the tests' own shelfware and at-cap counts, and filters the sidebar to the shelfware", async () => {
    const { page, workbench, demo } = session();
    const sidebar = new LmaSidebar(page);
    const dashboard = new DashboardPage(page);
    await sidebar.open();
    await workbench.setSidebarWidth(520);
    await workbench.statusBarItem(`LMA: ${CLI_ALIAS}`).waitFor({ timeout: 30_000 });
    await workbench.runCommand('LMA: Open Install-Base Dashboard');
    await dashboard.waitForData();

    const month = lastCompleteMonth();
    const card = dashboard.card('seat-usage');
    await card.locator('.usage-figures').waitFor({ timeout: 90_000 });
    assert.match(
      await card.locator('.usage-figures').innerText(),
      new RegExp(`active users on [\\d,]+ per-seat seats, across [\\d,]+ measured licenses in ${month}`),
    );

    const expected = oracleFlags(
      await fetchRawUsageLicenses(demo.url, demo.issueAccessToken()),
      oracleActiveUsers(demo.appAnalytics.summaryCsv(month)),
      new Date().toISOString().slice(0, 10),
    );
    assert.ok(expected.shelfware.size > 0 && expected.atCap.size > 0);
    const heading = async (flag: string) =>
      Number(/\(([\d,]+)\)/.exec(await dashboard.card(`usage-${flag}`).locator('h3').innerText())?.[1]?.replace(/,/g, '') ?? NaN);
    assert.equal(await heading('shelfware'), expected.shelfware.size);
    assert.equal(await heading('atCap'), expected.atCap.size);
    // Every shelfware row the card lists is one the tests counted.
    const ids = await dashboard
      .card('usage-shelfware')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-license') ?? ''));
    assert.ok(ids.length > 0 && ids.every((id) => expected.shelfware.has(id)), ids.join(', '));
    await card.scrollIntoViewIfNeeded();
    await workbench.screenshot('seat-usage-card');

    await dashboard.frame.locator('#usage-show-shelfware').click();
    await sidebar
      .viewDescription('Install Base')
      .filter({ hasText: `shelfware in ${month}` })
      .waitFor({ timeout: 30_000 });
    for (const view of ['Subscribers', 'Packages', 'Recent Changes'] as const) await sidebar.collapseView(view);
    // Acme Billing has shelfware in the demo (the tests' own count says which package each license is of).
    await sidebar.expand('Install Base', /^Acme Billing/);
    await sidebar.expand('Install Base', /^\s*2\.3\.0/);
    const license = sidebar.rows('Install Base').and(page.locator('[aria-level="3"]')).first();
    await license.waitFor({ timeout: 30_000 });
    assert.match(await license.innerText(), /[\d,]+\/[\d,]+ active · shelfware/);
    await workbench.screenshot('seat-usage-sidebar');
  });
});
