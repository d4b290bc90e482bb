/**
 * Push upgrades in a real editor: a failed push of a 2GP package opened in the Packages view shows
 * its errors grouped by type and title, and Write Retry Org File (from the row's context menu)
 * writes the orgs to push again. The demo's own push records are the oracle.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/eventually';
import { LmaSidebar } from './pages/lmaSidebar';
import { CLI_ALIAS, WORKSPACE, useUiSession } from './session';

const id15 = (id: string) => id.slice(0, 15);

describe('UI: push upgrades in the Packages view', function () {
  this.timeout(240_000);
  const session = useUiSession({ settings: { 'lmaWorkbench.defaultOrg': CLI_ALIAS } });

  it('opens a failed push, finds its errors grouped, and writes the retry org file', async () => {
    const { page, workbench, demo } = session();
    const failed = demo.pushUpgrades.requests().find((r) => r.packageName === 'Acme Billing' && r.status === 'Failed');
    assert.ok(failed, 'the demo has a failed push of Acme Billing');
    const sidebar = new LmaSidebar(page);
    await sidebar.open();
    await sidebar.collapseView('Install Base');
    await sidebar.collapseView('Subscribers');
    await sidebar.collapseView('Recent Changes');
    await sidebar.focusView('Packages');
    await sidebar.row('Packages', 'Acme Billing').first().waitFor({ timeout: 30_000 });
    await sidebar.expand('Packages', /^Acme Billing/);
    await sidebar.expand('Packages', 'Push Upgrades');
    const label = `v${failed.versionNumber} · Failed`;
    await sidebar.expand('Packages', label);
    const failedJobs = failed.jobs.filter((j) => j.status === 'Failed');
    assert.match(
      await sidebar.row('Packages', label).first().innerText(),
      new RegExp(`${failedJobs.length} failed · \\d+ succeeded of ${failed.jobs.length} orgs`),
    );

    // Grouped as the demo's records group: distinct orgs per type and title, the biggest group first.
    const groups = new Map<string, Set<string>>();
    for (const job of failed.jobs)
      for (const e of job.errors) groups.set(`${e.type}|${e.title}`, (groups.get(`${e.type}|${e.title}`) ?? new Set()).add(id15(job.orgKey)));
    const [biggestKey, biggestOrgs] = [...groups].sort((a, b) => b[1].size - a[1].size)[0];
    const [type, title] = biggestKey.split('|');
    const biggest = sidebar.row('Packages', `${biggestOrgs.size} orgs · ${type}`).first();
    await biggest.waitFor({ timeout: 30_000 });
    assert.ok((await biggest.innerText()).includes(title.slice(0, 40)), 'the group names its error title');
    for (const [key, orgs] of groups) {
      const [t] = key.split('|');
      const text = orgs.size === 1 ? `1 org · ${t}` : `${orgs.size} orgs · ${t}`;
      assert.ok((await sidebar.row('Packages', text).count()) >= 1, `a row "${text}"`);
    }
    await workbench.screenshot('push-upgrade-errors');

    const file = join(WORKSPACE, '.lma', 'push-upgrades', `push-retry-${failed.versionNumber}-${id15(failed.id)}.csv`);
    rmSync(file, { force: true });
    try {
      await sidebar.row('Packages', label).first().click({ button: 'right' });
      await workbench.contextMenuItem('Write Retry Org File');
      await workbench.notification(/Wrote the \d+ orgs to push again/).waitFor({ timeout: 30_000 });
      await eventually(() => existsSync(file), 'the retry org file');
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      // The demo's seed: the first failed job's org is on the target version now; the other failed and unstarted orgs are not.
      const upgraded = id15(failedJobs[0].orgKey);
      const expected = [...new Set(failed.jobs.filter((j) => ['Failed', 'Created', 'Pending'].includes(j.status)).map((j) => id15(j.orgKey)))]
        .filter((k) => k !== upgraded)
        .sort();
      assert.deepEqual(lines, expected);
      assert.ok(!lines.includes(upgraded), 'the org already on the target version is left out');
      await workbench.screenshot('push-upgrade-retry-file');
    } finally {
      rmSync(file, { force: true });
    }
  });
});
