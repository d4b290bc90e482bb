/**
 * The demo's Metadata API deploy over HTTP (plain fetch): the generator's dashboard deploys through
 * the REST deployRequest resource, moves Pending → InProgress → Succeeded, leaves Report, Dashboard,
 * Folder and FlexiPage rows to query; a dry run writes nothing; a re-deploy updates in place.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';
import { generated, metadataFiles, packageXml, zipOf } from '../support/metadataZip';
import { MetadataClient, problems } from './metadataDeployClient';

describe('demo LMO: Metadata API deploy (REST deployRequest)', function () {
  this.timeout(30_000);
  let demo: DemoLmo;
  let api: MetadataClient;
  before(async () => {
    demo = await startDemo({ licenses: 500 });
    api = new MetadataClient(demo);
  });
  after(() => demo.close());

  it('deploys the generated dashboard: 201 Pending, then InProgress, then Succeeded with every component created', async () => {
    const g = generated('Main', { churn: 'history' });
    const started = await api.start(await zipOf(metadataFiles(g)));
    assert.equal(started.status, 201);
    assert.match(started.body.id, /^0Af\w{15}$/);
    assert.equal(started.body.deployResult.status, 'Pending');
    assert.equal(started.body.deployResult.done, false);
    assert.equal(started.body.deployResult.checkOnly, false);
    assert.equal(started.body.deployResult.rollbackOnError, true);
    const { seen, result } = await api.untilDone(started.body.id);
    assert.equal(seen[0], 'InProgress');
    assert.equal(seen[seen.length - 1], 'Succeeded');
    assert.equal(result.success, true);
    assert.equal(result.numberComponentsTotal, g.components.length);
    assert.equal(result.numberComponentsDeployed, g.components.length);
    assert.equal(result.numberComponentErrors, 0);
    const successes = result.details?.componentSuccesses ?? [];
    for (const c of g.components) {
      const s = successes.find((m) => m.componentType === c.type && m.fullName === c.fullName);
      assert.ok(s, `${c.type} ${c.fullName} succeeded`);
      assert.equal(s.created, true);
      assert.equal(s.changed, false);
      assert.match(String(s.id), /^(00l|00O|01Z|0M0)\w{15}$/);
    }
    assert.ok(successes.some((m) => m.fileName === 'package.xml'));
    assert.equal(successes.find((m) => m.componentType === 'Report')?.fileName.startsWith('reports/R_Main/'), true);
  });

  it('the deployed reports, dashboard and folders are queryable, and the Home page through Tooling', async () => {
    const reports = await api.query(
      "SELECT Id, DeveloperName, Name, FolderName, Format, Description, NamespacePrefix, LastModifiedDate FROM Report WHERE FolderName = 'Reports Main' ORDER BY DeveloperName",
    );
    assert.equal(reports.status, 200);
    assert.deepEqual(
      reports.body.records.map((r) => r.DeveloperName),
      ['LMA_Active_Subscribers', 'LMA_Churn', 'LMA_Renewals_0_30_Days', 'LMA_Renewals_31_60_Days', 'LMA_Renewals_61_90_Days', 'LMA_Seats', 'LMA_Site_Licenses'],
    );
    const seats = reports.body.records.find((r) => r.DeveloperName === 'LMA_Seats') as Record<string, unknown>;
    assert.equal(seats.Name, 'Seats (per-seat licenses)');
    assert.equal(seats.Format, 'Summary');
    assert.equal(seats.NamespacePrefix, null);
    assert.match(String(seats.Id), /^00O/);
    assert.match(String(seats.Description), /^Seats of live per-seat licenses/);
    const dashboards = await api.query("SELECT Id, DeveloperName, Title, FolderName, Type, RunningUserId FROM Dashboard WHERE DeveloperName = 'Dash_Main'");
    assert.equal(dashboards.body.totalSize, 1);
    assert.equal(dashboards.body.records[0].Title, 'Install base');
    assert.equal(dashboards.body.records[0].FolderName, 'Dashboards Main');
    assert.equal(dashboards.body.records[0].Type, 'LoggedInUser');
    assert.equal(dashboards.body.records[0].RunningUserId, demo.userId());
    const folders = await api.query("SELECT DeveloperName, Name, Type FROM Folder WHERE DeveloperName IN ('R_Main', 'D_Main') ORDER BY Type");
    assert.deepEqual(
      folders.body.records.map((f) => [f.DeveloperName, f.Name, f.Type]),
      [
        ['D_Main', 'Dashboards Main', 'Dashboard'],
        ['R_Main', 'Reports Main', 'Report'],
      ],
    );
    const pages = await api.query("SELECT Id, DeveloperName, Type, MasterLabel FROM FlexiPage WHERE DeveloperName = 'Home_Main'", true);
    assert.equal(pages.body.totalSize, 1);
    assert.equal(pages.body.records[0].Type, 'HomePage');
    // The registry other demo code reads: the same ids, the XML kept.
    const report = demo.metadata.reports().find((r) => r.developerName === 'LMA_Seats' && r.folderName === 'R_Main');
    assert.equal(report?.id, seats.Id);
    assert.match(String(report?.xml), /<reportType>CustomEntity\$sfLma__License__c<\/reportType>/);
    assert.equal(demo.metadata.reportById(String(seats.Id).slice(0, 15))?.name, 'Seats (per-seat licenses)');
    assert.match(String(demo.metadata.flexiPages().find((p) => p.developerName === 'Home_Main')?.xml), /desktopDashboards:embeddedDashboard/);
    assert.equal(demo.metadata.dashboards().find((d) => d.developerName === 'Dash_Main')?.folderName, 'D_Main');
  });

  it('re-deploying updates in place: same ids, changed (not created), the new label queryable', async () => {
    const before = await api.query("SELECT Id, Name, LastModifiedDate FROM Report WHERE DeveloperName = 'LMA_Seats' AND FolderName = 'Reports Main'");
    const files = metadataFiles(generated('Main', { churn: 'history' }));
    const seatsPath = 'reports/R_Main/LMA_Seats.report';
    files.files[seatsPath] = files.files[seatsPath].replace('<name>Seats (per-seat licenses)</name>', '<name>Seats, renamed</name>');
    const result = await api.deploy(await zipOf(files));
    assert.equal(result.status, 'Succeeded', problems(result).join('\n'));
    const seats = result.details?.componentSuccesses.find((m) => m.fullName === 'R_Main/LMA_Seats');
    assert.equal(seats?.created, false);
    assert.equal(seats?.changed, true);
    assert.equal(seats?.id, before.body.records[0].Id);
    const after = await api.query("SELECT Id, Name, LastModifiedDate FROM Report WHERE DeveloperName = 'LMA_Seats' AND FolderName = 'Reports Main'");
    assert.equal(after.body.totalSize, 1);
    assert.equal(after.body.records[0].Id, before.body.records[0].Id);
    assert.equal(after.body.records[0].Name, 'Seats, renamed');
    assert.ok(String(after.body.records[0].LastModifiedDate) > String(before.body.records[0].LastModifiedDate));
  });

  it('a dry run (checkOnly) validates, answers Succeeded and writes nothing', async () => {
    const result = await api.deploy(await zipOf(metadataFiles(generated('Dry'))), { checkOnly: true });
    assert.equal(result.status, 'Succeeded');
    assert.equal(result.checkOnly, true);
    assert.equal(result.details?.componentSuccesses.find((m) => m.fullName === 'R_Dry/LMA_Seats')?.created, true);
    const reports = await api.query("SELECT Id FROM Report WHERE FolderName = 'Reports Dry'");
    assert.equal(reports.body.totalSize, 0);
    assert.equal(demo.metadata.folder('Report', 'R_Dry'), undefined);
  });

  it('a dry run still refuses what a deploy refuses', async () => {
    const files = metadataFiles(generated('DryBad'));
    files.files['reports/R_DryBad/LMA_Seats.report'] = files.files['reports/R_DryBad/LMA_Seats.report'].replace(
      'sfLma__Seats__c</field>',
      'sfLma__Nope__c</field>',
    );
    const result = await api.deploy(await zipOf(files), { checkOnly: true });
    assert.equal(result.status, 'Failed');
    assert.deepEqual(problems(result), [
      'Report R_DryBad/LMA_Seats: Invalid column: sfLma__License__c.sfLma__Nope__c is not a column of report type CustomEntity$sfLma__License__c',
    ]);
  });

  it('a later deploy may name a folder and a report already in the org', async () => {
    const files = metadataFiles(generated('Main'));
    const only = { 'reports/R_Main/LMA_Seats.report': files.files['reports/R_Main/LMA_Seats.report'] };
    const result = await api.deploy(
      await zipOf({
        files: only,
        packageXml: files.packageXml
          ?.replace(/<types>(?:(?!<\/types>).)*<name>(Dashboard|FlexiPage)<\/name><\/types>/g, '')
          .replace(/<members>R_Main\/(?!LMA_Seats)[^<]*<\/members>/g, ''),
      }),
    );
    assert.equal(result.status, 'Succeeded', problems(result).join('\n'));
    assert.equal(result.numberComponentsTotal, 1);
  });

  it('the deployed rows are read-only through the REST API: PATCH and DELETE are refused, the report stays', async () => {
    const id = String(demo.metadata.report('R_Main/LMA_Seats')?.id);
    const name = demo.metadata.reportById(id)?.name;
    assert.ok(name);
    for (const method of ['PATCH', 'DELETE']) {
      const res = await fetch(`${demo.url}/services/data/v66.0/sobjects/Report/${id}`, {
        method,
        headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
        body: method === 'PATCH' ? JSON.stringify({ Name: 'x' }) : undefined,
      });
      assert.equal(res.status, 400, method);
      assert.equal(((await res.json()) as { errorCode: string }[])[0].errorCode, 'INSUFFICIENT_ACCESS_OR_READONLY');
    }
    assert.equal(demo.metadata.reportById(id)?.name, name);
  });

  it('a report may go to the built-in unfiled$public folder, which no deploy carries', async () => {
    const seats = metadataFiles(generated('Main')).files['reports/R_Main/LMA_Seats.report'];
    const result = await api.deploy(
      await zipOf({
        files: { 'reports/unfiled$public/LMA_Loose.report': seats },
        packageXml: packageXml([{ type: 'Report', fullName: 'unfiled$public/LMA_Loose' }]),
      }),
    );
    assert.equal(result.status, 'Succeeded', problems(result).join('\n'));
    const report = demo.metadata.report('unfiled$public/LMA_Loose');
    assert.equal(report?.folderName, 'unfiled$public');
    const rows = await api.query("SELECT OwnerId, FolderName FROM Report WHERE DeveloperName = 'LMA_Loose'");
    assert.equal(String(rows.body.records[0].OwnerId).slice(0, 15), demo.orgId.slice(0, 15));
  });

  it('GET of an unknown deploy id is 404 NOT_FOUND; GET without includeDetails has no details', async () => {
    const unknown = await api.check('0Af5g0000000000AAA');
    assert.equal(unknown.status, 404);
    const started = await api.start(await zipOf(metadataFiles(generated('Plain'))), { checkOnly: true });
    const plain = await api.check(started.body.id, false);
    assert.equal(plain.body.deployResult.details, null);
  });

  it("takes the options part under jsforce's name, entity_content", async () => {
    const started = await api.start(await zipOf(metadataFiles(generated('Jsforce'))), { checkOnly: true }, 'entity_content');
    assert.equal(started.status, 201);
    assert.equal(started.body.deployResult.checkOnly, true);
  });
});
