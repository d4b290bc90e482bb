/**
 * The real Salesforce CLI against the demo Dev Hub (the Partner Business Org profile: the LMO is
 * its own Dev Hub): it takes the login as a Dev Hub, and `sf package list` / `sf package version
 * list` get what they ask for; then this project's `packages` on the same login.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo';
import { startDemo } from '../support/demoOrg';
import { SfCli } from './sfCli';

describe('the real Salesforce CLI against the demo Dev Hub', function () {
  this.timeout(180_000);
  let demo: DemoLmo;
  let sf: SfCli;
  let alias: string;

  before(async () => {
    demo = await startDemo({ licenses: 500, username: 'admin@sf-cli-hub.demo' });
    sf = new SfCli();
    const login = await sf.loginByReadme(demo, demo.issueAccessToken());
    alias = login.alias;
    assert.equal(login.run.status, 0, `${login.run.stdout}\n${login.run.stderr}`);
  });
  after(async () => {
    sf?.dispose();
    await demo?.close();
  });

  it('sf org list shows the login as a Dev Hub (ScratchOrgInfo answers)', async () => {
    const result = await sf.json<{ devHubs?: { alias?: string; isDevHub?: boolean }[]; nonScratchOrgs: { alias?: string; isDevHub?: boolean }[] }>(
      'org',
      'list',
    );
    const org = [...(result.devHubs ?? []), ...result.nonScratchOrgs].find((o) => o.alias === alias);
    assert.equal(org?.isDevHub, true);
  });

  it('sf package list lists the packages the demo Dev Hub owns, with their 0Ho and 033 ids', async () => {
    const packages = await sf.json<{ Id: string; Name: string; SubscriberPackageId: string; ContainerOptions: string; NamespacePrefix: string | null }[]>(
      'package',
      'list',
      '--target-dev-hub',
      alias,
    );
    assert.deepEqual(
      packages.map((p) => [p.Name, p.Id.slice(0, 15), p.SubscriberPackageId.slice(0, 15), p.ContainerOptions]),
      [
        ['Acme Dev Tools', '0Ho5g0000000007', '0335g0000000007', 'Unlocked'],
        ['Acme Billing', '0Ho5g0000000001', '0335g0000000001', 'Managed'],
        ['Acme CPQ Connector', '0Ho5g0000000002', '0335g0000000002', 'Managed'],
        ['Acme Field Service', '0Ho5g0000000003', '0335g0000000003', 'Managed'],
        ['Acme Payroll', '0Ho5g0000000009', '0335g0000000009', 'Managed'],
      ],
    );
  });

  it('sf package version list --released --created-last-days 7 finds the release nobody has installed yet', async () => {
    const versions = await sf.json<{ Package2Name: string; Version: string; SubscriberPackageVersionId: string; IsReleased: boolean }[]>(
      'package',
      'version',
      'list',
      '--target-dev-hub',
      alias,
      '--released',
      '--created-last-days',
      '7',
    );
    assert.deepEqual(
      versions.map((v) => [v.Package2Name, v.Version, v.SubscriberPackageVersionId.slice(0, 15), v.IsReleased]),
      [['Acme CPQ Connector', '1.6.0.1', '04t5g0200000007', true]],
    );
  });

  it("this project's packages command on the login the real CLI made: the same packages, verified", async () => {
    const run = await sf.product('packages', '--target-org', alias, '--json');
    assert.equal(run.status, 1, run.stderr);
    const out = JSON.parse(run.stdout) as { owner: { sameOrg: boolean }; packages: { name: string; state: string }[] };
    assert.equal(out.owner.sameOrg, true);
    assert.deepEqual(
      out.packages.map((p) => [p.name, p.state]),
      [
        ['Acme Billing', 'linked'],
        ['Acme CPQ Connector', 'linked'],
        ['Acme Field Service', 'linkedElsewhere'],
        ['Acme Payroll', 'notLinked'],
        ['Acme Insights (legacy)', 'linked'],
      ],
    );
  });
});
