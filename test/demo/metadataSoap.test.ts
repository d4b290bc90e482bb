/**
 * The demo's SOAP Metadata API (/services/Soap/m/XX.X), the envelopes jsforce sends: deploy →
 * AsyncResult, checkDeployStatus → DeployResult (the same engine as REST), listMetadata,
 * describeMetadata, and SOAP faults for a bad session, an unknown deploy and an unknown operation.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';
import { type XmlElement, child, childText, childrenNamed, parseXml } from '../../src/demo/metadata/xml';
import { startDemo } from '../support/demoOrg';
import { generated, metadataFiles, zipOf } from '../support/metadataZip';
import { MetadataClient } from './metadataDeployClient';

/** The `result` of a SOAP response. */
function soapResult(text: string): XmlElement {
  const envelope = parseXml(text);
  const response = child(envelope, 'Body')?.children[0];
  return child(response, 'result') as XmlElement;
}

function fault(text: string): { code: string; message: string } {
  const f = child(child(parseXml(text), 'Body'), 'Fault');
  return { code: String(childText(f, 'faultcode')), message: String(childText(f, 'faultstring')) };
}

describe('demo LMO: SOAP Metadata API', function () {
  this.timeout(30_000);
  let demo: DemoLmo;
  let api: MetadataClient;
  before(async () => {
    demo = await startDemo({ licenses: 500 });
    api = new MetadataClient(demo);
  });
  after(() => demo.close());

  const checkUntilDone = async (id: string): Promise<{ seen: string[]; result: XmlElement }> => {
    const seen: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await api.soap('checkDeployStatus', `<asyncProcessId>${id}</asyncProcessId><includeDetails>true</includeDetails>`);
      assert.equal(res.status, 200, res.text);
      const result = soapResult(res.text);
      seen.push(String(childText(result, 'status')));
      if (childText(result, 'done') === 'true') return { seen, result };
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`never done: ${seen.join(', ')}`);
  };

  it('deploy answers an AsyncResult (Queued); checkDeployStatus moves it to Succeeded with the components', async () => {
    const g = generated('Soap');
    const zip = (await zipOf(metadataFiles(g))).toString('base64');
    const res = await api.soap(
      'deploy',
      `<ZipFile>${zip}</ZipFile><DeployOptions><rollbackOnError>true</rollbackOnError><singlePackage>true</singlePackage></DeployOptions>`,
    );
    assert.equal(res.status, 200, res.text);
    const started = soapResult(res.text);
    assert.equal(childText(started, 'done'), 'false');
    assert.equal(childText(started, 'state'), 'Queued');
    const id = String(childText(started, 'id'));
    assert.match(id, /^0Af/);
    const { seen, result } = await checkUntilDone(id);
    assert.equal(seen[0], 'InProgress');
    assert.equal(childText(result, 'status'), 'Succeeded');
    assert.equal(childText(result, 'numberComponentsDeployed'), String(g.components.length));
    const successes = childrenNamed(child(result, 'details'), 'componentSuccesses');
    assert.deepEqual(
      successes
        .map((s) => `${childText(s, 'componentType')} ${childText(s, 'fullName')} ${childText(s, 'created')}`)
        .filter((s) => !s.includes('package.xml'))
        .sort(),
      g.components.map((c) => `${c.type} ${c.fullName} true`).sort(),
    );
    assert.ok(demo.metadata.dashboard('D_Soap/Dash_Soap'));
  });

  it('a refused deploy has componentFailures with the problem; checkOnly writes nothing', async () => {
    const files = metadataFiles(generated('SoapBad'));
    files.files['dashboards/D_SoapBad/Dash_SoapBad.dashboard'] = files.files['dashboards/D_SoapBad/Dash_SoapBad.dashboard'].replace(
      '<report>R_SoapBad/LMA_Churn</report>',
      '<report>R_Elsewhere/LMA_Churn</report>',
    );
    const zip = (await zipOf(files)).toString('base64');
    const res = await api.soap('deploy', `<ZipFile>${zip}</ZipFile><DeployOptions><checkOnly>true</checkOnly></DeployOptions>`);
    const { result } = await checkUntilDone(String(childText(soapResult(res.text), 'id')));
    assert.equal(childText(result, 'status'), 'Failed');
    assert.equal(childText(result, 'checkOnly'), 'true');
    const failures = childrenNamed(child(result, 'details'), 'componentFailures');
    assert.deepEqual(
      failures.map((f) => [childText(f, 'componentType'), childText(f, 'fullName'), childText(f, 'problem'), childText(f, 'problemType')]),
      [['Dashboard', 'D_SoapBad/Dash_SoapBad', 'Invalid report: R_Elsewhere/LMA_Churn does not exist', 'Error']],
    );
    assert.equal(demo.metadata.folder('Report', 'R_SoapBad'), undefined);
  });

  it("listMetadata lists the folders and a folder's reports; describeMetadata names the types", async () => {
    const folders = await api.soap('listMetadata', '<queries><type>ReportFolder</type></queries><asOfVersion>66.0</asOfVersion>');
    const names = childrenNamed(child(child(parseXml(folders.text), 'Body'), 'listMetadataResponse'), 'result').map((r) => childText(r, 'fullName'));
    assert.ok(names.includes('R_Soap'), names.join());
    const reports = await api.soap('listMetadata', '<queries><type>Report</type><folder>R_Soap</folder></queries>');
    const reportResults = childrenNamed(child(child(parseXml(reports.text), 'Body'), 'listMetadataResponse'), 'result');
    assert.equal(reportResults.length, 7);
    assert.ok(reportResults.every((r) => childText(r, 'fileName')?.startsWith('reports/R_Soap/')));
    const describe = soapResult((await api.soap('describeMetadata', '<asOfVersion>66.0</asOfVersion>')).text);
    assert.deepEqual(
      childrenNamed(describe, 'metadataObjects').map((o) => [childText(o, 'xmlName'), childText(o, 'inFolder')]),
      [
        ['Dashboard', 'true'],
        ['FlexiPage', 'false'],
        ['Report', 'true'],
      ],
    );
  });

  it('SOAP calls count against the daily API limit and appear in the request log; over the limit, a REQUEST_LIMIT_EXCEEDED fault', async () => {
    const mark = demo.requests.mark();
    const calls = demo.apiCalls;
    await api.soap('describeMetadata', '<asOfVersion>66.0</asOfVersion>');
    assert.equal(demo.apiCalls, calls + 1);
    assert.deepEqual(demo.requests.lines(mark), ['POST /services/Soap/m/66.0 describeMetadata']);
    demo.faults.settings = { ...demo.faults.settings, apiLimitReached: true };
    try {
      const refused = await api.soap('describeMetadata', '<asOfVersion>66.0</asOfVersion>');
      assert.equal(refused.status, 500);
      assert.equal(fault(refused.text).code, 'sf:REQUEST_LIMIT_EXCEEDED');
    } finally {
      demo.faults.reset();
    }
  });

  it('faults: a bad session (500 sf:INVALID_SESSION_ID, as jsforce detects it), an unknown deploy, an unknown operation, not XML', async () => {
    const bad = await api.soap('checkDeployStatus', '<asyncProcessId>x</asyncProcessId>', 'bogus');
    assert.equal(bad.status, 500);
    assert.match(bad.text, /<faultcode>[a-zA-Z]+:INVALID_SESSION_ID<\/faultcode>/);
    const unknown = await api.soap('checkDeployStatus', '<asyncProcessId>0Af5g0000000000AAA</asyncProcessId>');
    assert.equal(unknown.status, 500);
    assert.equal(fault(unknown.text).code, 'sf:INVALID_CROSS_REFERENCE_KEY');
    const op = await api.soap('retrieveEverything', '');
    assert.equal(op.status, 500);
    assert.match(fault(op.text).message, /No operation available/);
    const res = await fetch(`${demo.url}/services/Soap/m/66.0`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<not xml' });
    assert.equal(res.status, 500);
    const wrongVersion = await fetch(`${demo.url}/services/Soap/m/99.0`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<x/>' });
    assert.equal(wrongVersion.status, 404);
  });
});
