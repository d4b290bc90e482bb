/**
 * What the demo's Metadata API deploy refuses, as Salesforce does: each refusal ends Failed with the
 * component's problem, and nothing of the deploy is written (all or nothing by default).
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';
import { MAX_FILES, MAX_ZIP_BYTES, readPackage } from '../../src/demo/metadata/deployPackage';
import { startDemo } from '../support/demoOrg';
import { type ZipInput, generated, metadataFiles, packageXml, zipOf } from '../support/metadataZip';
import { type DeployResultBody, MetadataClient, problems } from './metadataDeployClient';

describe('demo LMO: Metadata API deploy refusals', function () {
  this.timeout(30_000);
  let demo: DemoLmo;
  let api: MetadataClient;
  before(async () => {
    demo = await startDemo({ licenses: 500 });
    api = new MetadataClient(demo);
  });
  after(() => demo.close());

  /** Deploys the generated files of `tag` after `change`; asserts the deploy failed and wrote nothing. */
  const refused = async (
    tag: string,
    change: (f: ZipInput & { files: Record<string, string> }) => ZipInput,
    options: Record<string, unknown> = {},
  ): Promise<DeployResultBody> => {
    const before = { reports: demo.metadata.reports().length, folders: demo.metadata.folders().length, pages: demo.metadata.flexiPages().length };
    const result = await api.deploy(await zipOf(change(metadataFiles(generated(tag)) as ZipInput & { files: Record<string, string> })), options);
    assert.equal(result.status, 'Failed');
    assert.equal(result.success, false);
    assert.ok(result.numberComponentErrors >= 1);
    assert.deepEqual(
      { reports: demo.metadata.reports().length, folders: demo.metadata.folders().length, pages: demo.metadata.flexiPages().length },
      before,
      'nothing written',
    );
    const rows = await api.query(`SELECT Id FROM Folder WHERE DeveloperName = 'R_${tag}'`);
    assert.equal(rows.body.totalSize, 0);
    return result;
  };
  const edit = (path: string, from: string | RegExp, to: string) => (f: ZipInput & { files: Record<string, string> }) => {
    assert.ok(f.files[path], path);
    const changed = f.files[path].replace(from, to);
    assert.notEqual(changed, f.files[path], `${path} changed`);
    return { ...f, files: { ...f.files, [path]: changed } };
  };

  it('an unknown report type', async () => {
    const result = await refused('Type', edit('reports/R_Type/LMA_Seats.report', 'CustomEntity$sfLma__License__c', 'CustomEntity$Nope__c'));
    assert.deepEqual(problems(result), ['Report R_Type/LMA_Seats: Invalid report type: CustomEntity$Nope__c']);
    // The other components would have deployed: listed as successes, rolled back.
    assert.ok((result.details?.componentSuccesses.length ?? 0) > 5);
  });

  it('an unknown column, grouping or filter column', async () => {
    for (const [tag, from, to] of [
      ['Col', '<field>CUST_NAME</field>', '<field>CUST_NOPE</field>'],
      ['Grp', '<field>sfLma__License__c.sfLma__Package__c</field>\n        <sortOrder>', '<field>sfLma__License__c.Nope__c</field>\n        <sortOrder>'],
      ['Flt', '<column>sfLma__License__c.sfLma__Status__c</column>', '<column>sfLma__License__c.Status</column>'],
    ]) {
      const result = await refused(tag, edit(`reports/R_${tag}/LMA_Seats.report`, from, to));
      assert.equal(result.details?.componentFailures.length, 1, problems(result).join('\n'));
      assert.match(String(result.details?.componentFailures[0].problem), /^Invalid column: /);
      assert.equal(result.details?.componentFailures[0].fullName, `R_${tag}/LMA_Seats`);
    }
  });

  it('a dashboard component naming a report that is neither in the deploy nor in the org', async () => {
    const result = await refused(
      'Dash',
      edit('dashboards/D_Dash/Dash_Dash.dashboard', '<report>R_Dash/LMA_Seats</report>', '<report>R_Dash/LMA_Gone</report>'),
    );
    assert.deepEqual(problems(result), ['Dashboard D_Dash/Dash_Dash: Invalid report: R_Dash/LMA_Gone does not exist']);
  });

  it('an in-folder member whose folder does not exist', async () => {
    const result = await refused('NoFolder', (f) => {
      const files = { ...f.files };
      delete files['reports/R_NoFolder-meta.xml'];
      return { files, packageXml: f.packageXml?.replace('<members>R_NoFolder/</members>', '') };
    });
    assert.ok(problems(result).includes('Report R_NoFolder/LMA_Seats: Cannot find folder:R_NoFolder'), problems(result).join('\n'));
  });

  it('a FlexiPage component, property or dashboard it does not know', async () => {
    const page = 'flexipages/Home_Page1.flexipage';
    const comp = await refused('Page1', edit(page, 'desktopDashboards:embeddedDashboard', 'flexipage:richText'));
    assert.deepEqual(problems(comp), ['FlexiPage Home_Page1: Invalid component: flexipage:richText does not exist or is not available for this page type']);
    const prop = await refused('Page2', edit('flexipages/Home_Page2.flexipage', '<name>dashboardName</name>', '<name>reportName</name>'));
    assert.deepEqual(problems(prop), ['FlexiPage Home_Page2: Invalid property: reportName is not a property of component desktopDashboards:embeddedDashboard']);
    const dash = await refused('Page3', edit('flexipages/Home_Page3.flexipage', '<value>Dash_Page3</value>', '<value>Nope</value>'));
    assert.deepEqual(problems(dash), ['FlexiPage Home_Page3: Invalid dashboardName: no dashboard named Nope']);
  });

  it('malformed XML, with its line and column', async () => {
    const result = await refused('Xml', edit('reports/R_Xml/LMA_Churn.report', '</format>', '</formats>'));
    const failure = result.details?.componentFailures[0];
    assert.equal(failure?.fullName, 'R_Xml/LMA_Churn');
    assert.match(String(failure?.problem), /^Error parsing file: The element type "format" must be terminated by the matching end-tag "<\/format>"\./);
    assert.ok(Number(failure?.lineNumber) > 3);
  });

  it('a zip without package.xml, a member missing from the zip, an unknown type', async () => {
    const none = await refused('NoPkg', (f) => ({ files: f.files }));
    assert.deepEqual(problems(none), [' package.xml: No package.xml found']);
    const missing = await refused('Miss', (f) => ({
      ...f,
      packageXml: f.packageXml?.replace('<members>R_Miss/LMA_Seats</members>', '<members>R_Miss/LMA_Seats</members><members>R_Miss/LMA_Ghost</members>'),
    }));
    assert.deepEqual(problems(missing), [
      " package.xml: An object 'R_Miss/LMA_Ghost' of type Report was named in package.xml, but was not found in zipped directory",
    ]);
    const unknown = await refused('Unk', (f) => ({
      ...f,
      packageXml: f.packageXml?.replace('<name>FlexiPage</name>', '<name>FlexiPage</name></types><types><members>X</members><name>Widget</name>'),
    }));
    assert.deepEqual(problems(unknown), [" package.xml: Unknown type name 'Widget' specified in package.xml"]);
  });

  it('allowMissingFiles lets a member missing from the zip pass', async () => {
    const f = metadataFiles(generated('Allow'));
    const result = await api.deploy(
      await zipOf({
        ...f,
        packageXml: f.packageXml?.replace('<members>R_Allow/LMA_Seats</members>', '<members>R_Allow/LMA_Seats</members><members>R_Allow/LMA_Ghost</members>'),
      }),
      {
        allowMissingFiles: true,
        checkOnly: true,
      },
    );
    assert.equal(result.status, 'Succeeded');
  });

  it('rollbackOnError false applies what passes: SucceededPartial', async () => {
    const f = edit(
      'reports/R_Part/LMA_Seats.report',
      'CustomEntity$sfLma__License__c',
      'Nope',
    )(metadataFiles(generated('Part')) as ZipInput & { files: Record<string, string> });
    // Without the dashboard and page, which name the failing report.
    const files = Object.fromEntries(Object.entries(f.files).filter(([p]) => p.startsWith('reports/')));
    const members = generated('Part').components.filter((c) => c.type === 'Report' || c.type === 'ReportFolder');
    const result = await api.deploy(await zipOf({ files, packageXml: packageXml(members) }), { rollbackOnError: false });
    assert.equal(result.status, 'SucceededPartial');
    assert.equal(result.success, true);
    assert.ok(demo.metadata.report('R_Part/LMA_Churn'));
    assert.equal(demo.metadata.report('R_Part/LMA_Seats'), undefined);
  });

  it('rollbackOnError false: what names a failing component fails too (reports in a broken folder, the dashboard, the page)', async () => {
    const f = edit('reports/R_Cascade-meta.xml', '</name>', '</nam>')(metadataFiles(generated('Cascade')) as ZipInput & { files: Record<string, string> });
    const result = await api.deploy(await zipOf(f), { rollbackOnError: false });
    assert.equal(result.status, 'SucceededPartial');
    const failed = new Set(result.details?.componentFailures.map((x) => `${x.componentType} ${x.fullName}`));
    assert.ok(failed.has('ReportFolder R_Cascade'));
    assert.ok(failed.has('Report R_Cascade/LMA_Seats'));
    assert.ok(failed.has('Dashboard D_Cascade/Dash_Cascade'));
    assert.ok(failed.has('FlexiPage Home_Cascade'));
    assert.ok(problems(result).includes('Report R_Cascade/LMA_Seats: Cannot find folder:R_Cascade'));
    assert.deepEqual(
      result.details?.componentSuccesses.filter((x) => x.componentType !== '').map((x) => `${x.componentType} ${x.fullName}`),
      ['DashboardFolder D_Cascade'],
    );
    assert.ok(demo.metadata.folder('Dashboard', 'D_Cascade'));
    assert.equal(demo.metadata.report('R_Cascade/LMA_Seats'), undefined);
  });

  it('a character reference XML does not allow is malformed XML', async () => {
    const result = await refused('CharRef', edit('reports/R_CharRef/LMA_Seats.report', '<name>Seats', '<name>&#xD800;Seats'));
    assert.match(String(result.details?.componentFailures[0].problem), /^Error parsing file: Character reference "&#xD800;" is an invalid XML character\./);
  });

  it("a body that is not a zip fails the deploy, and the limits are the Metadata API's", async () => {
    const started = await api.start(Buffer.from('not a zip'));
    assert.equal(started.status, 201);
    const { result } = await api.untilDone(started.body.id);
    assert.equal(result.status, 'Failed');
    assert.equal(result.errorStatusCode, 'INVALID_ZIP');
    const big = await readPackage(Buffer.alloc(MAX_ZIP_BYTES + 1));
    assert.equal(big.error?.statusCode, 'LIMIT_EXCEEDED');
    const files: Record<string, string> = {};
    for (let i = 0; i < MAX_FILES; i++) files[`flexipages/P${i}.flexipage`] = '<x/>';
    const atLimit = await readPackage(await zipOf({ files: { ...files }, packageXml: packageXml([]) }));
    assert.equal(atLimit.error?.statusCode, 'LIMIT_EXCEEDED', 'package.xml and 10,000 files: 10,001');
    delete files['flexipages/P0.flexipage'];
    const under = await readPackage(await zipOf({ files, packageXml: packageXml([]) }));
    assert.equal(under.error, undefined);
  });

  it('without the LMA, the License report types do not exist', async () => {
    demo.setLmaInstalled(false);
    try {
      const result = await refused('NoLma', (f) => f);
      assert.ok(problems(result).some((p) => p.endsWith('Invalid report type: CustomEntity$sfLma__License__c')));
    } finally {
      demo.setLmaInstalled(true);
    }
  });

  it('a POST that is not multipart, or has no file part, is 400', async () => {
    const res = await fetch(`${demo.url}/services/data/v66.0/metadata/deployRequest`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(res.status, 400);
    const form = new FormData();
    form.append('json', JSON.stringify({ deployOptions: {} }));
    const noFile = await fetch(`${demo.url}/services/data/v66.0/metadata/deployRequest`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${demo.accessToken}` },
      body: form,
    });
    assert.equal(noFile.status, 400);
    assert.equal(((await noFile.json()) as { errorCode: string }[])[0].errorCode, 'INVALID_MULTIPART_REQUEST');
  });
});
