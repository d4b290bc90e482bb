/**
 * A deployed Dashboard's view page, `/lightning/r/Dashboard/<01Z id>/view`: what "Open the
 * Dashboard in the LMO" opens. Drawn from the dashboard's metadata as deployed
 * (docs/salesforce/lmo-dashboard.md#the-dashboard): its title, whose data it shows (the running
 * user; a dynamic dashboard shows each viewer's own:
 * https://help.salesforce.com/apex/HTViewHelpDoc?id=analytics.dashboards_view_as.htm), and its
 * components placed on the `dashboardGridLayout` grid (`rowIndex`, `columnIndex`, `rowSpan`,
 * `colSpan` over `numberOfColumns`, rows `rowHeight` pixels high). A Metric component shows the
 * grand total its `chartSummary` names — the report's record count (`RowCount`) or the sum of a
 * column — as the report runs now, through the same runner as the Analytics REST API (a dashboard
 * refresh is not an API call, so it does not count against the API's hourly runs). Other component
 * types are named, not drawn. Every text is escaped; the page has no script.
 */
import { type CalendarDate } from '../../core/calendarDate';
import { type ReportData, runReport } from '../analytics/runReport';
import { ReportDefinitionError, parseReport } from '../analytics/reportDefinition';
import { type MetadataRegistry } from '../metadata/registry';
import { type XmlElement, XmlError, child, childText, childrenNamed, parseXml } from '../metadata/xml';
import { type RecordLookup } from '../schema';
import { escapeHtml } from './pages';

export interface DashboardPageParts {
  readonly metadata: MetadataRegistry;
  readonly data: ReportData;
  readonly lookup: RecordLookup;
  readonly today: CalendarDate;
  /** The viewer's user id (a dynamic dashboard runs as them). */
  readonly viewerId: string;
  /** When the page is drawn (the demo's clock). */
  readonly now: number;
}

interface Tile {
  readonly row: number;
  readonly column: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly header: string;
  readonly footer: string;
  readonly label: string;
  /** The figure, or why there is none. */
  readonly figure: { readonly value: string } | { readonly problem: string };
}

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A whole number from the XML within bounds, else the fallback. */
function int(e: XmlElement | undefined, name: string, fallback: number, min: number, max: number): number {
  const n = Number(childText(e, name));
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

/** The grand total a Metric component shows, run over the demo's data now. */
function metricFigure(parts: DashboardPageParts, component: XmlElement): Tile['figure'] {
  const fullName = childText(component, 'report') ?? '';
  const report = parts.metadata.report(fullName);
  // Wording of the missing-report state unconfirmed.
  if (!report) return { problem: `The source report ${fullName} isn't available.` };
  const summary = child(component, 'chartSummary');
  const column = childText(summary, 'column') ?? 'RowCount';
  const aggregate = childText(summary, 'aggregate');
  const key = column === 'RowCount' ? 'RowCount' : `${{ Sum: 's', Average: 'a', Minimum: 'm', Maximum: 'x' }[aggregate ?? 'Sum'] ?? '?'}!${column}`;
  try {
    const def = parseReport(report.xml);
    const at = def.aggregates.findIndex((a) => a.key === key);
    if (at < 0) return { problem: `The report ${report.name} does not summarize ${column}.` };
    const who = { id: report.id, developerName: report.developerName, name: report.name, folderName: report.folderName };
    const run = runReport(def, who, parts.data, { today: parts.today, includeDetails: false, version: '66.0' }) as {
      factMap: Record<string, { aggregates: { value: unknown }[] }>;
    };
    const value = run.factMap['T!T']?.aggregates[at]?.value;
    if (typeof value !== 'number') return { value: '-' };
    const units = childText(component, 'displayUnits');
    return { value: (units === 'Integer' ? INTEGER : DECIMAL).format(value) };
  } catch (err) {
    if (err instanceof ReportDefinitionError) return { problem: `The report ${report.name} cannot run: ${err.message}` };
    throw err;
  }
}

function tilesOf(parts: DashboardPageParts, root: XmlElement, columns: number): Tile[] {
  const layout = child(root, 'dashboardGridLayout');
  return childrenNamed(layout, 'dashboardGridComponents').map((g) => {
    const component = child(g, 'dashboardComponent');
    const column = int(g, 'columnIndex', 0, 0, columns - 1);
    const type = childText(component, 'componentType') ?? '';
    return {
      row: int(g, 'rowIndex', 0, 0, 1000),
      column,
      rowSpan: int(g, 'rowSpan', 4, 1, 1000),
      colSpan: Math.min(int(g, 'colSpan', 3, 1, columns), columns - column),
      header: childText(component, 'header') ?? '',
      footer: childText(component, 'footer') ?? '',
      label: childText(component, 'metricLabel') ?? '',
      figure:
        type === 'Metric'
          ? metricFigure(parts, component as XmlElement)
          : { problem: `The demo draws Metric components only (this one is ${type || 'untyped'}).` },
    };
  });
}

const STYLE = `body{font:13px "Salesforce Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#181818;background:#f3f3f3}
.bar{background:#fff;border-bottom:1px solid #dddbda;padding:12px 24px}
.bar p{margin:0;color:#706e6b;font-size:12px}.bar h1{margin:2px 0 4px;font-size:20px;font-weight:700}
.demo{background:#fef1e8;color:#8c4b02;padding:4px 24px;font-size:12px;margin:0}
main{padding:16px 24px}.grid{display:grid;gap:12px}
.tile{background:#fff;border:1px solid #dddbda;border-radius:4px;padding:12px 16px;display:flex;flex-direction:column;overflow:hidden;min-width:0}
.tile h2{margin:0;font-size:14px;font-weight:700;overflow-wrap:anywhere}
.figure{flex:1;display:flex;flex-direction:column;align-items:center;justify-content:center}
.value{font-size:40px;font-weight:300;color:#0176d3;line-height:1.1}.label{color:#3e3e3c;font-size:12px;margin-top:2px;overflow-wrap:anywhere}
.problem{color:#ba0517;overflow-wrap:anywhere}.footer{color:#706e6b;font-size:11px;border-top:1px solid #f3f3f3;padding-top:6px;overflow-wrap:anywhere}`;

function tileHtml(t: Tile, rowHeight: number): string {
  const place = `grid-row:${t.row + 1} / span ${t.rowSpan};grid-column:${t.column + 1} / span ${t.colSpan};min-height:${t.rowSpan * rowHeight}px`;
  const figure =
    'value' in t.figure
      ? `<div class="value">${escapeHtml(t.figure.value)}</div>${t.label ? `<div class="label">${escapeHtml(t.label)}</div>` : ''}`
      : `<div class="problem" role="alert">${escapeHtml(t.figure.problem)}</div>`;
  return `<section class="tile" style="${place}"><h2>${escapeHtml(t.header)}</h2><div class="figure">${figure}</div>${
    t.footer ? `<div class="footer">${escapeHtml(t.footer)}</div>` : ''
  }</section>`;
}

/** The page of a deployed dashboard by its 15- or 18-character id; undefined when there is none. */
export function dashboardPage(parts: DashboardPageParts, id: string): string | undefined {
  const entry = parts.metadata.dashboards().find((d) => d.id.slice(0, 15) === id.slice(0, 15));
  if (!entry) return undefined;
  let root: XmlElement;
  try {
    root = parseXml(entry.xml);
  } catch (err) {
    // A deploy refuses a file it cannot read; one that got in anyway has nothing to draw.
    if (err instanceof XmlError) return page(entry.title, `<main><p class="problem">This dashboard cannot be shown: ${escapeHtml(err.message)}</p></main>`);
    throw err;
  }
  const layout = child(root, 'dashboardGridLayout');
  const columns = int(layout, 'numberOfColumns', 12, 1, 36);
  const rowHeight = int(layout, 'rowHeight', 36, 8, 400);
  const tiles = tilesOf(parts, root, columns);
  const dynamic = entry.type === 'LoggedInUser' || entry.type === 'MyTeamUser';
  const runner = parts.lookup(dynamic ? parts.viewerId : entry.runningUserId);
  const runnerName = String(runner?.Name ?? runner?.Username ?? 'an unknown user');
  const asOf = new Date(parts.now).toISOString().slice(0, 16).replace('T', ' ');
  const note = dynamic ? `Viewing as ${runnerName}: each viewer sees the data they may see` : `Viewing as ${runnerName}: everyone sees this user's data`;
  const body = `<header class="bar"><p>Dashboard · ${escapeHtml(entry.folderLabel)}</p><h1>${escapeHtml(entry.title)}</h1><p>As of ${escapeHtml(asOf)} UTC · <span id="running-user">${escapeHtml(note)}</span></p></header>
<main><div class="grid" style="grid-template-columns:repeat(${columns},minmax(0,1fr))">${tiles.map((t) => tileHtml(t, rowHeight)).join('')}</div></main>`;
  return page(entry.title, body);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><p class="demo">Demo LMO — generated data, not a Salesforce org.</p>${body}</body></html>`;
}
