/**
 * The real Salesforce CLI deploys what `lma-workbench lmo-dashboard generate` wrote to the demo LMO
 * (`sf project deploy start`, the SOAP Metadata API by default, REST with SF_ORG_METADATA_REST_DEPLOY):
 * every component is created, queryable after; a re-deploy changes them in place; a broken report
 * fails the deploy with that report's problem and nothing is written.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DemoLmo } from '../../src/demo';
import { startDemo } from '../support/demoOrg';
import { SfCli } from './sfCli';

interface DeployJson {
  status: string;
  success: boolean;
  numberComponentsDeployed: number;
  files: { fullName: string; type: string; state: string; error?: string }[];
}

describe('the real Salesforce CLI deploys the generated LMO dashboard to the demo', function () {
  this.timeout(300_000);
  let demo: DemoLmo;
  let sf: SfCli;
  let alias: string;
  let components: { type: string; fullName: string }[];

  before(async () => {
    demo = await startDemo({ licenses: 500, username: 'admin@sf-cli-deploy.demo' });
    sf = new SfCli();
    const login = await sf.loginByReadme(demo, demo.issueAccessToken());
    alias = login.alias;
    assert.equal(login.run.status, 0, `${login.run.stdout}\n${login.run.stderr}`);
    // The CLI's project: sfdx-project.json, and the generated folder as its package directory.
    writeFileSync(
      join(sf.work, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'lmo-dashboard', default: true }], sourceApiVersion: '66.0' }),
    );
    const generate = await sf.product('lmo-dashboard', 'generate', '--target-org', alias, '--out', join(sf.work, 'lmo-dashboard'), '--json');
    assert.equal(generate.status, 0, `${generate.stdout}\n${generate.stderr}`);
    components = (JSON.parse(generate.stdout) as { components: { type: string; fullName: string }[] }).components;
    assert.equal(components.length, 11);
  });
  after(async () => {
    sf?.dispose();
    await demo?.close();
  });

  it('sf project deploy start --source-dir deploys every component (SOAP), and they are queryable', async () => {
    const mark = demo.requests.mark();
    const result = await sf.json<DeployJson>('project', 'deploy', 'start', '--source-dir', 'lmo-dashboard', '--target-org', alias);
    assert.equal(result.status, 'Succeeded');
    // The CLI's default: SOAP deploy, then checkDeployStatus until done.
    const soap = demo.requests.lines(mark).filter((l) => l.startsWith('POST /services/Soap/m/'));
    assert.match(soap[0], /^POST \/services\/Soap\/m\/\d+\.0 deploy$/);
    assert.ok(soap.slice(1).every((l) => l.endsWith(' checkDeployStatus')) && soap.length >= 3, soap.join('\n'));
    assert.equal(result.numberComponentsDeployed, 11);
    for (const c of components) {
      const file = result.files.find((f) => f.type === c.type && f.fullName === c.fullName);
      assert.equal(file?.state, 'Created', `${c.type} ${c.fullName}: ${JSON.stringify(file)}`);
    }
    assert.equal(demo.metadata.reports().length, 7);
    const rows = await sf.json<{ records: { DeveloperName: string; FolderName: string }[] }>(
      'data',
      'query',
      '--query',
      'SELECT DeveloperName, FolderName FROM Report ORDER BY DeveloperName',
      '--target-org',
      alias,
    );
    assert.equal(rows.records.length, 7);
    assert.ok(rows.records.every((r) => r.FolderName === 'LMA Executive Dashboard'));
    const pages = await sf.json<{ records: { DeveloperName: string; Type: string }[] }>(
      'data',
      'query',
      '--use-tooling-api',
      '--query',
      'SELECT DeveloperName, Type FROM FlexiPage',
      '--target-org',
      alias,
    );
    assert.deepEqual(
      pages.records.map((p) => [p.DeveloperName, p.Type]),
      [['LMA_Executive_Home', 'HomePage']],
    );
  });

  it('a re-deploy through the REST deployRequest changes the same components in place', async () => {
    const ids = demo.metadata.reports().map((r) => r.id);
    const run = await sf.run('project', 'deploy', 'start', '--source-dir', 'lmo-dashboard', '--target-org', alias, '--json');
    assert.equal(run.status, 0, run.stdout);
    // The same deploy again through REST: the CLI's switch is an environment variable.
    const restRun = await sf.runWith(
      { SF_ORG_METADATA_REST_DEPLOY: 'true' },
      'project',
      'deploy',
      'start',
      '--source-dir',
      'lmo-dashboard',
      '--target-org',
      alias,
      '--json',
    );
    assert.equal(restRun.status, 0, restRun.stdout);
    const rest = (JSON.parse(restRun.stdout) as { result: DeployJson }).result;
    assert.equal(rest.status, 'Succeeded');
    assert.ok(
      rest.files.every((f) => f.state === 'Changed'),
      JSON.stringify(rest.files),
    );
    assert.deepEqual(
      demo.metadata.reports().map((r) => r.id),
      ids,
    );
    assert.ok(demo.requests.since(0).some((r) => r.method === 'POST' && r.path.endsWith('/metadata/deployRequest')));
  });

  it('a broken report fails the deploy with its problem, and nothing is written', async () => {
    const path = join(sf.work, 'lmo-dashboard', 'reports', 'LMA_Executive_Reports', 'LMA_Seats.report-meta.xml');
    const original = readFileSync(path, 'utf8');
    writeFileSync(
      path,
      original.replace('<field>CUST_NAME</field>', '<field>CUST_NOPE</field>').replace('<name>Seats (per-seat licenses)</name>', '<name>Renamed</name>'),
    );
    try {
      const run = await sf.run('project', 'deploy', 'start', '--source-dir', 'lmo-dashboard', '--target-org', alias, '--json');
      assert.equal(run.status, 1, run.stdout);
      const out = JSON.parse(run.stdout) as { status: number; result?: DeployJson; data?: DeployJson };
      const result = out.result ?? out.data;
      assert.equal(result?.status, 'Failed');
      const failed = result?.files.filter((f) => f.state === 'Failed');
      assert.deepEqual(
        failed?.map((f) => [f.type, f.fullName, f.error]),
        [['Report', 'LMA_Executive_Reports/LMA_Seats', 'Invalid column: CUST_NOPE is not a column of report type CustomEntity$sfLma__License__c']],
      );
      assert.equal(demo.metadata.report('LMA_Executive_Reports/LMA_Seats')?.name, 'Seats (per-seat licenses)');
    } finally {
      writeFileSync(path, original);
    }
  });
});
