/**
 * A deployed dashboard as the Dashboards REST API describes it, and one refresh of its components
 * (https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/analytics_api_dashboard_get_results.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.194.0.api_analytics.meta/api_analytics/analytics_api_dashboard_results_resource.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/analytics_api_dashboard_describe_resource.htm).
 * `dashboardMetadata` gives the dashboard's id, name, running user, grid layout and components (id,
 * header, footer, reportId, type, properties); each component's data is its report run by the same
 * runner as `GET /analytics/reports/{id}`, its fact map narrowed to the aggregates the component
 * shows (the documented example has one aggregate per cell; **unconfirmed** that Salesforce narrows
 * every component so). Field names beyond the documented tables follow jsforce's typings **[3P]**.
 */
import { type CalendarDate } from '../../core/calendarDate';
import { toId18 } from '../../core/orgId';
import { type XmlElement, XmlError, child, childText, childrenNamed, parseXml } from '../metadata/xml';
import { type DeployedReport } from './analyticsRoutes';
import { type ReportDefinition, ReportDefinitionError, parseReport } from './reportDefinition';
import { type ReportData, runReport } from './runReport';

/** A dashboard as deployed: what the Metadata deploy's registry gives (src/demo/metadata/registry.ts). */
export interface DeployedDashboard {
  readonly id: string;
  readonly developerName: string;
  readonly folderName: string;
  readonly title: string;
  /** SpecifiedUser, LoggedInUser or MyTeamUser. */
  readonly type: string;
  readonly runningUserId: string;
  /** The `.dashboard` metadata XML as deployed. */
  readonly xml: string;
}

/** One component of a dashboard, read from its XML. */
export interface DashboardComponent {
  readonly id: string;
  /** The report's `Folder/Name`, as the component names it. */
  readonly reportName: string;
  readonly report: DeployedReport | undefined;
  /** The aggregate key the component shows (`RowCount`, `s!Field`…), as the report's metadata names it. */
  readonly aggregate: string;
  readonly metadata: object;
}

/** A component's data after a refresh: the narrowed report run, or why there is none. */
export type ComponentRun =
  | { readonly reportXml: string; readonly result: object }
  | { readonly reportXml: string | null; readonly error: { readonly code: string | null; readonly message: string } };

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const AGGREGATE_PREFIX: Record<string, string> = { Sum: 's', Average: 'a', Minimum: 'm', Maximum: 'x' };
/** The Metadata API's displayUnits as the Analytics API names them (**unconfirmed** mapping; jsforce's typings list the API's values). */
const DISPLAY_UNITS: Record<string, string> = {
  Auto: 'auto',
  Integer: 'whole',
  Hundreds: 'hundreds',
  Thousands: 'thousands',
  Millions: 'millions',
  Billions: 'billions',
  Trillions: 'trillions',
};

/** Component errors (Dashboard and Component Error Codes: https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/analytics_api_dashboard_errors.htm). */
export const SOURCE_REPORT_UNAVAILABLE = {
  code: '202',
  message: "The source report isn't available; it's been deleted or isn't in a folder accessible to the dashboard's running user.",
};

/**
 * A component's id (key prefix 01a, DashboardComponent), stable for the dashboard and the
 * component's place in the grid. Salesforce's ids on a re-deploy are **unconfirmed**.
 */
export function componentId(dashboardId: string, index: number): string {
  let n = 0;
  for (const c of dashboardId.slice(9, 15)) n = n * 62 + Math.max(0, BASE62.indexOf(c));
  let body = '';
  for (let v = n * 100 + index, i = 0; i < 9; i++, v = Math.floor(v / 62)) body = BASE62[v % 62] + body;
  return toId18(`01a5g0${body}`);
}

function int(e: XmlElement | undefined, name: string, fallback: number): number {
  const n = Number(childText(e, name));
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** The dashboard's XML, or undefined when it cannot be read (a deploy refuses such a file). */
export function dashboardRoot(d: DeployedDashboard): XmlElement | undefined {
  try {
    return parseXml(d.xml);
  } catch (err) {
    if (err instanceof XmlError) return undefined;
    throw err;
  }
}

/** The components in the grid's order, each with its report (looked up by `Folder/Name`). */
export function componentsOf(
  d: DeployedDashboard,
  root: XmlElement | undefined,
  report: (fullName: string) => DeployedReport | undefined,
): DashboardComponent[] {
  const layout = child(root, 'dashboardGridLayout');
  return childrenNamed(layout, 'dashboardGridComponents').map((g, i) => {
    const c = child(g, 'dashboardComponent');
    const reportName = childText(c, 'report') ?? '';
    const found = report(reportName);
    const summary = child(c, 'chartSummary');
    const column = childText(summary, 'column') ?? 'RowCount';
    const aggregate = column === 'RowCount' ? 'RowCount' : `${AGGREGATE_PREFIX[childText(summary, 'aggregate') ?? 'Sum'] ?? 's'}!${column}`;
    const id = componentId(d.id, i);
    const type = childText(c, 'componentType') ?? '';
    const units = childText(c, 'displayUnits');
    const metadata = {
      componentData: i,
      footer: childText(c, 'footer'),
      header: childText(c, 'header'),
      id,
      properties: {
        aggregates: [{ name: aggregate }],
        autoSelectColumns: false,
        filterColumns: [],
        groupings: [],
        maxRows: null,
        sort: null,
        useReportChart: false,
        visualizationProperties: {
          breakPoints: [],
          displayUnits: units ? (DISPLAY_UNITS[units] ?? null) : null,
          drillURL: null,
          ...(type === 'Metric' ? { metricLabel: childText(c, 'metricLabel') } : {}),
        },
        visualizationType: type,
      },
      reportId: found?.id ?? null,
      title: null,
      type: 'Report',
    };
    return { id, reportName, report: found, aggregate, metadata };
  });
}

/** The grid as the API describes it (`layout`: gridLayout, components' row/column/spans, numColumns, rowHeight; names per jsforce **[3P]**). */
function layoutOf(root: XmlElement | undefined): object {
  const layout = child(root, 'dashboardGridLayout');
  return {
    components: childrenNamed(layout, 'dashboardGridComponents').map((g) => ({
      colspan: int(g, 'colSpan', 1),
      column: int(g, 'columnIndex', 0),
      row: int(g, 'rowIndex', 0),
      rowspan: int(g, 'rowSpan', 1),
    })),
    gridLayout: true,
    numColumns: int(layout, 'numberOfColumns', 12),
    rowHeight: int(layout, 'rowHeight', 36),
  };
}

export interface MetadataContext {
  readonly folderId: string | null;
  readonly runningUserName: string;
  readonly version: string;
}

export function dashboardMetadata(d: DeployedDashboard, root: XmlElement | undefined, components: readonly DashboardComponent[], ctx: MetadataContext): object {
  const base = `/services/data/v${ctx.version}/analytics/dashboards/${d.id}`;
  return {
    attributes: { dashboardId: d.id, dashboardName: d.title, statusUrl: `${base}/status`, type: 'Dashboard' },
    // A team dashboard always may change its running user (Dashboard Describe); the demo offers no other.
    canChangeRunningUser: d.type === 'MyTeamUser',
    canUseStickyFilter: false,
    chartTheme: childText(root, 'chartTheme') === 'dark' ? 'dark' : 'light',
    components: components.map((c) => c.metadata),
    dashboardType: d.type,
    description: childText(root, 'description'),
    developerName: d.developerName,
    filters: [],
    folderId: ctx.folderId,
    id: d.id,
    layout: layoutOf(root),
    name: d.title,
    runningUser: { displayName: ctx.runningUserName, id: d.runningUserId },
  };
}

const parsed = new Map<string, ReportDefinition>();

function definition(xml: string): ReportDefinition {
  const cached = parsed.get(xml);
  if (cached) return cached;
  const def = parseReport(xml);
  if (parsed.size > 200) parsed.clear();
  parsed.set(xml, def);
  return def;
}

/** Runs a component's report now and narrows it to the component's aggregate. */
export function runComponent(c: DashboardComponent, data: ReportData, today: CalendarDate, version: string): ComponentRun {
  const report = c.report;
  if (!report) return { reportXml: null, error: SOURCE_REPORT_UNAVAILABLE };
  let def: ReportDefinition;
  try {
    def = definition(report.xml);
  } catch (err) {
    // Code and wording for a report that cannot run are **unconfirmed** (the errors page lists none for it).
    if (err instanceof ReportDefinitionError)
      return { reportXml: report.xml, error: { code: null, message: `The report ${report.name} cannot run: ${err.message}` } };
    throw err;
  }
  const at = def.aggregates.findIndex((a) => a.key === c.aggregate);
  // Wording **unconfirmed**: the component summarizes a column its report does not.
  if (at < 0) return { reportXml: report.xml, error: { code: null, message: `The report ${report.name} does not summarize ${c.aggregate}.` } };
  const who = { id: report.id, developerName: report.developerName, name: report.name, folderName: report.folderName };
  const run = runReport(def, who, data, { today, includeDetails: false, version }) as Record<string, unknown> & {
    factMap: Record<string, { aggregates: unknown[] }>;
    reportMetadata: Record<string, unknown>;
  };
  const factMap: Record<string, { aggregates: unknown[] }> = {};
  for (const [key, fact] of Object.entries(run.factMap)) factMap[key] = { ...fact, aggregates: [fact.aggregates[at]] };
  // The documented example: `attributes` null and `groupingsAcross` null in a component's report result.
  const result = { ...run, attributes: null, factMap, groupingsAcross: null, reportMetadata: { ...run.reportMetadata, aggregates: [c.aggregate] } };
  return { reportXml: report.xml, result };
}
