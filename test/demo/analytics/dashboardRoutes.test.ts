/**
 * The demo's Dashboards REST API (`/analytics/dashboards/{id}`) against the dashboard
 * `lmo-dashboard generate` writes, deployed through the Metadata API: before a refresh no component
 * has data; after one, each component's grand total is what `GET /analytics/reports/{id}` gives for
 * its report; the data stays the last refresh's until the next; what Salesforce refuses, the demo
 * refuses.
 */
import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/demo/apiError';
import { type DashboardRoutesParts, DashboardRoutes } from '../../../src/demo/analytics/dashboardRoutes';
import { reportDataOf } from '../../../src/demo/analytics/runReport';
import { type DemoLmo } from '../../../src/demo/http/server';
import { child, childText, childrenNamed, parseXml } from '../../../src/demo/metadata/xml';
import { startDemo } from '../../support/demoOrg';
import { generated, metadataFiles, zipOf } from '../../support/metadataZip';
import { MetadataClient, V } from '../metadataDeployClient';

interface Aggregate {
  label: string;
  value: number | null;
}
interface ReportRun {
  factMap: Record<string, { aggregates: Aggregate[] }>;
  reportMetadata: { aggregates: string[]; id: string };
}
interface Status {
  dataStatus: string;
  errorCode: string | null;
  errorMessage: string | null;
  errorSeverity: string | null;
  refreshDate: string | null;
  refreshStatus: string;
}
interface Results {
  componentData: { componentId: string; reportResult: ReportRun | null; status: Status }[];
  dashboardMetadata: {
    id: string;
    name: string;
    developerName: string;
    attributes: { statusUrl: string };
    runningUser: { id: string; displayName: string };
    components: { id: string; header: string; reportId: string | null; properties: { aggregates: { name: string }[] } }[];
    layout: { gridLayout: boolean; components: { row: number; column: number; colspan: number; rowspan: number }[] };
  };
}

const TITLE = `Executives' <b>Board</b> & "more"`;

describe('demo Dashboards REST API: the generated dashboard', () => {
  let demo: DemoLmo;
  let dashboardId: string;
  const g = generated('DashApi', { dashboardTitle: TITLE });
  const grid = () => {
    const file = g.files.find((f) => f.path.endsWith('.dashboard-meta.xml'))!;
    return childrenNamed(child(parseXml(file.content), 'dashboardGridLayout'), 'dashboardGridComponents');
  };

  before(async () => {
    demo = await startDemo({ licenses: 1500 });
    const result = await new MetadataClient(demo).deploy(await zipOf(metadataFiles(g)));
    assert.ok(result.success, JSON.stringify(result.details?.componentFailures));
    const dash = await new MetadataClient(demo).query("SELECT Id FROM Dashboard WHERE DeveloperName = 'Dash_DashApi'");
    dashboardId = String(dash.body.records[0]?.Id);
    assert.match(dashboardId, /^01Z/);
  });
  after(() => demo.close());

  const call = async (method: string, path: string) => {
    const res = await fetch(`${demo.url}/services/data/${V}${path}`, { method, headers: { Authorization: `Bearer ${demo.accessToken}` } });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const results = async () => {
    const r = await call('GET', `/analytics/dashboards/${dashboardId}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as Results;
  };

  it('has no data before its first refresh, and says what it is', async () => {
    const r = await results();
    const cells = grid();
    assert.equal(r.dashboardMetadata.name, TITLE);
    assert.equal(r.dashboardMetadata.id, dashboardId);
    assert.equal(r.dashboardMetadata.attributes.statusUrl, `/services/data/${V}/analytics/dashboards/${dashboardId}/status`);
    assert.deepEqual(
      r.dashboardMetadata.components.map((c) => c.header),
      cells.map((c) => childText(child(c, 'dashboardComponent'), 'header')),
    );
    assert.deepEqual(
      r.dashboardMetadata.layout.components.map((c) => [c.row, c.column, c.colspan]),
      cells.map((c) => [Number(childText(c, 'rowIndex')), Number(childText(c, 'columnIndex')), Number(childText(c, 'colSpan'))]),
    );
    assert.equal(r.componentData.length, cells.length);
    assert.deepEqual(
      r.componentData.map((c) => c.componentId),
      r.dashboardMetadata.components.map((c) => c.id),
    );
    for (const c of r.componentData) {
      assert.equal(c.status.dataStatus, 'NODATA');
      assert.equal(c.status.refreshDate, null);
      assert.equal(c.reportResult, null);
    }
  });

  it('refreshes on PUT (RUNNING, a second PUT refused), then each component’s grand total is its report’s', async () => {
    const put = await call('PUT', `/analytics/dashboards/${dashboardId}`);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const statusUrl = (put.body as { statusUrl: string }).statusUrl;
    assert.equal(statusUrl, `/services/data/${V}/analytics/dashboards/${dashboardId}/status`);
    const again = await call('PUT', `/analytics/dashboards/${dashboardId}`);
    assert.equal(again.status, 400);
    assert.match(JSON.stringify(again.body), /A refresh is already in progress/);
    const statusPath = statusUrl.replace(`/services/data/${V}`, '');
    let status = (await call('GET', statusPath)).body as { componentStatus: { refreshStatus: string; refreshDate: string | null }[] };
    assert.ok(status.componentStatus.every((s) => s.refreshStatus === 'RUNNING'));
    const during = await results();
    assert.ok(during.componentData.every((c) => c.status.refreshStatus === 'RUNNING' && c.status.dataStatus === 'NODATA'));
    for (let i = 0; i < 100 && status.componentStatus.some((s) => s.refreshStatus !== 'IDLE'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await call('GET', statusPath)).body as typeof status;
    }
    assert.ok(
      status.componentStatus.every((s) => s.refreshStatus === 'IDLE' && /^\d{4}-\d\d-\d\dT/.test(s.refreshDate ?? '')),
      JSON.stringify(status),
    );

    const r = await results();
    const totals: number[] = [];
    for (const [i, c] of r.componentData.entries()) {
      const meta = r.dashboardMetadata.components[i];
      assert.equal(c.status.dataStatus, 'DATA', meta.header);
      assert.equal(c.status.refreshStatus, 'IDLE');
      assert.ok(meta.reportId, meta.header);
      const report = (await call('GET', `/analytics/reports/${meta.reportId}`)).body as ReportRun;
      const key = meta.properties.aggregates[0].name;
      const at = report.reportMetadata.aggregates.indexOf(key);
      assert.ok(at >= 0, `${meta.header}: ${key}`);
      assert.deepEqual(c.reportResult?.factMap['T!T'].aggregates, [report.factMap['T!T'].aggregates[at]], meta.header);
      assert.equal(c.reportResult?.reportMetadata.id, meta.reportId);
      totals.push(report.factMap['T!T'].aggregates[at].value ?? 0);
    }
    assert.ok(
      totals.some((n) => n > 0),
      'the demo’s data gives some non-zero figure',
    );
  });

  it('answers 404 for an unknown dashboard, 405 for methods it does not serve', async () => {
    const unknown = await call('GET', '/analytics/dashboards/01Z5g0000000000AAA');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    assert.equal((await call('PUT', '/analytics/dashboards/01Z5g0000000000AAA')).status, 404);
    for (const method of ['POST', 'PATCH', 'DELETE']) {
      const r = await call(method, `/analytics/dashboards/${dashboardId}`);
      assert.equal(r.status, 405, method);
      assert.equal((r.body as { errorCode: string }[])[0].errorCode, 'METHOD_NOT_ALLOWED');
    }
    assert.equal((await call('PUT', `/analytics/dashboards/${dashboardId}/status`)).status, 405);
    assert.equal((await call('GET', `/analytics/dashboards/${dashboardId}/describe`)).status, 404);
  });

  describe('the routes on a clock of their own', () => {
    let clock = 0;
    let hidden = false;
    let dropReport = '';
    const refusal = (f: () => unknown): ApiError => {
      try {
        f();
      } catch (err) {
        if (err instanceof ApiError) return err;
        throw err;
      }
      return assert.fail('expected a refusal');
    };
    const routes = (more: Partial<DashboardRoutesParts> = {}) => {
      const data = reportDataOf(demo.store);
      return new DashboardRoutes({
        source: {
          dashboards: () => demo.metadata.dashboards(),
          report: (name) => (name === dropReport ? undefined : demo.metadata.report(name)),
          folder: (type, name) => demo.metadata.folder(type, name),
        },
        // Hiding the licenses whose Name ends in an even digit: the org's data changing.
        data: { ...data, licenses: () => [...data.licenses()].filter((l) => !hidden || !/[02468]$/.test(String(l.Name))) },
        today: () => demo.today,
        now: () => clock,
        refreshMs: 1000,
        ...more,
      });
    };
    const req = (method: string, sub?: string) => ({
      method,
      segments: ['analytics', 'dashboards', dashboardId, ...(sub ? [sub] : [])],
      version: '66.0',
      params: new URLSearchParams(),
      headers: {},
      body: undefined,
    });
    const grandTotals = (r: DashboardRoutes) =>
      (r.handle(req('GET')).body as Results).componentData.map((c) => c.reportResult?.factMap['T!T'].aggregates[0].value ?? null);

    beforeEach(() => {
      clock = demo.now();
      hidden = false;
      dropReport = '';
    });

    it('keeps the last refresh’s data while the org changes, until the next refresh is over', () => {
      const r = routes();
      r.handle(req('PUT'));
      clock += 1000;
      const before = grandTotals(r);
      assert.ok(before.every((v) => typeof v === 'number'));
      hidden = true;
      assert.deepEqual(grandTotals(r), before);
      r.handle(req('PUT'));
      clock += 999;
      assert.deepEqual(grandTotals(r), before, 'still running: the previous data');
      clock += 1;
      const after = grandTotals(r);
      assert.ok(
        after.some((v, i) => v !== before[i]),
        `${JSON.stringify(before)} → ${JSON.stringify(after)}`,
      );
    });

    it('shows a component whose report is gone as an ERROR, the others with data', () => {
      const r = routes();
      dropReport = childText(child(grid()[0], 'dashboardComponent'), 'report')!;
      r.handle(req('PUT'));
      clock += 1000;
      const data = (r.handle(req('GET')).body as Results).componentData;
      assert.equal(data[0].status.dataStatus, 'ERROR');
      assert.equal(data[0].status.errorSeverity, 'Error');
      assert.match(data[0].status.errorMessage ?? '', /source report isn't available/);
      assert.equal(data[0].reportResult, null);
      assert.ok(data.slice(1).every((c) => c.status.dataStatus === 'DATA'));
    });

    it('allows 200 refreshes an hour, then refuses', () => {
      // An org without licenses, so that 200 refreshes run quickly.
      const empty = reportDataOf(demo.store);
      const r = routes({ refreshMs: 0, data: { ...empty, licenses: () => [], history: () => [] } });
      for (let i = 0; i < 200; i++) {
        r.handle(req('PUT'));
        clock += 1;
      }
      const refused = refusal(() => r.handle(req('PUT')));
      assert.equal(refused.status, 403);
      assert.equal(refused.errorCode, 'REQUEST_LIMIT_EXCEEDED');
      clock += 3_600_000;
      assert.equal(r.handle(req('PUT')).status, 200);
    });
  });
});
