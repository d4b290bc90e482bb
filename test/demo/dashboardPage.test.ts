/**
 * The demo's Dashboard view page, `/lightning/r/Dashboard/<id>/view` (what "Open the Dashboard in
 * the LMO" opens): after a deploy of the generated dashboard, each tile shows its header and the
 * grand total its chartSummary names, equal to what the Analytics REST API gives for the same
 * report; the title is shown as text whatever it holds; the page needs a session.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';
import { childText, childrenNamed, child, parseXml } from '../../src/demo/metadata/xml';
import { startDemo } from '../support/demoOrg';
import { generated, metadataFiles, zipOf } from '../support/metadataZip';
import { MetadataClient, V } from './metadataDeployClient';

const HOSTILE_TITLE = `<img src=x onerror=alert(1)> & "Board" </title><script>`;

interface Run {
  factMap: Record<string, { aggregates: { value: number | null }[] }>;
  reportMetadata: { aggregates: string[] };
}

/** The tiles as a person reads them: header → the figure shown. */
function tilesOf(html: string): Map<string, string> {
  const tiles = new Map<string, string>();
  for (const m of html.matchAll(
    /<section class="tile"[^>]*><h2>([^<]*)<\/h2><div class="figure">(?:<div class="value">([^<]*)<\/div>|<div class="problem"[^>]*>([^<]*))/g,
  ))
    tiles.set(m[1].replace(/&amp;/g, '&'), m[2] ?? `problem: ${m[3]}`);
  return tiles;
}

describe('demo LMO: the Dashboard view page', () => {
  let demo: DemoLmo;
  let cookie: string;
  let dashboardId: string;
  const g = generated('Page', { dashboardTitle: HOSTILE_TITLE, churn: 'history' });

  before(async () => {
    demo = await startDemo({ licenses: 1500 });
    cookie = `sid=${encodeURIComponent(demo.issueAccessToken())}`;
    const result = await new MetadataClient(demo).deploy(await zipOf(metadataFiles(g)));
    assert.ok(result.success, JSON.stringify(result.details?.componentFailures));
    const dash = await new MetadataClient(demo).query("SELECT Id FROM Dashboard WHERE DeveloperName = 'Dash_Page'");
    dashboardId = String(dash.body.records[0]?.Id);
  });
  after(() => demo.close());

  const get = (path: string, headers: Record<string, string> = { cookie }) => fetch(`${demo.url}${path}`, { headers, redirect: 'manual' });
  const api = async (path: string) =>
    (await (await fetch(`${demo.url}/services/data/${V}${path}`, { headers: { Authorization: `Bearer ${demo.accessToken}` } })).json()) as Run;

  it('shows each component’s header with the grand total the Analytics REST API gives for its report', async () => {
    const res = await get(`/lightning/r/Dashboard/${dashboardId}/view`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const tiles = tilesOf(await res.text());
    const file = g.files.find((f) => f.path.endsWith('.dashboard-meta.xml'));
    const components = childrenNamed(child(parseXml(file!.content), 'dashboardGridLayout'), 'dashboardGridComponents').map((c) =>
      child(c, 'dashboardComponent'),
    );
    assert.equal(components.length, 7);
    assert.equal(tiles.size, components.length, [...tiles.keys()].join(' | '));
    const reports = await new MetadataClient(demo).query("SELECT Id, DeveloperName FROM Report WHERE FolderName = 'Reports Page'");
    const idOf = new Map(reports.body.records.map((r) => [String(r.DeveloperName), String(r.Id)]));
    const shown: number[] = [];
    for (const c of components) {
      const header = childText(c, 'header')!;
      const id = idOf.get(childText(c, 'report')!.split('/')[1]);
      assert.ok(id, `report of ${header}`);
      const run = await api(`/analytics/reports/${id}`);
      const summary = child(c, 'chartSummary');
      const key = childText(summary, 'column') === 'RowCount' ? 'RowCount' : `s!${childText(summary, 'column')}`;
      const at = run.reportMetadata.aggregates.indexOf(key);
      assert.ok(at >= 0, `${header}: ${key} in ${run.reportMetadata.aggregates.join(', ')}`);
      const total = run.factMap['T!T'].aggregates[at].value as number;
      assert.equal(tiles.get(header), total.toLocaleString('en-US'), header);
      shown.push(total);
    }
    assert.ok(
      shown.some((n) => n > 0),
      'the demo’s data gives some non-zero figure',
    );
  });

  it('places the tiles on the grid the XML gives', async () => {
    const html = await (await get(`/lightning/r/Dashboard/${dashboardId}/view`)).text();
    assert.match(html, /grid-template-columns:repeat\(12,/);
    assert.match(html, /<section class="tile" style="grid-row:1 \/ span 4;grid-column:1 \/ span 3;[^"]*"><h2>Active subscribers<\/h2>/);
    assert.match(html, /<section class="tile" style="grid-row:5 \/ span 4;grid-column:9 \/ span 4;[^"]*"><h2>Renewals 61–90 days<\/h2>/);
  });

  it('shows a hostile title as text, and whose data it shows', async () => {
    const html = await (await get(`/lightning/r/Dashboard/${dashboardId}/view`)).text();
    assert.ok(!html.includes('<img src=x'), 'no markup from the title');
    assert.ok(!html.includes('<script>'), 'no script from the title');
    assert.match(html, /<h1>&lt;img src=x onerror=alert\(1\)&gt; &amp; &quot;Board&quot; &lt;\/title&gt;&lt;script&gt;<\/h1>/);
    assert.match(html, /<span id="running-user">Viewing as [^<]+: each viewer sees the data they may see<\/span>/);
  });

  it('answers 404 for an unknown dashboard, 401 without a session', async () => {
    const unknown = `${dashboardId.slice(0, 3)}000000000000ZZZ`;
    assert.equal((await get(`/lightning/r/Dashboard/${unknown}/view`)).status, 404);
    const none = await get(`/lightning/r/Dashboard/${dashboardId}/view`, {});
    assert.equal(none.status, 401);
    assert.ok(!(await none.text()).includes('Active subscribers'));
  });
});
