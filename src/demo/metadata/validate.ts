/**
 * What a deploy's components must satisfy before anything is written: the checks the Metadata API
 * makes for the types the product generates (docs/salesforce/lmo-dashboard.md#deploy). Report types
 * and columns are checked against the demo's License schema; a folder, a report a dashboard shows
 * and a dashboard a Home page embeds must exist, in this deploy or already in the org.
 */
import { OPERATORS as FILTER_OPERATORS } from '../analytics/filters';
import { REPORT_TYPES } from '../analytics/reportTypes';
import { type DeployProblem, type PackageComponent } from './deployPackage';
import { type MetadataRegistry } from './registry';
import { REPORT_FORMATS } from './schema';
import { type XmlElement, child, childText, childrenNamed } from './xml';

export interface ValidationContext {
  readonly registry: MetadataRegistry;
  /** Whether the LMA is installed: its License's report types exist only then. */
  readonly lmaInstalled: boolean;
}

const OPERATORS: ReadonlySet<string> = new Set(FILTER_OPERATORS);
const AGGREGATES = new Set(['Sum', 'Average', 'Maximum', 'Minimum', 'Unique', 'Median', 'RowCount']);
const DASHBOARD_TYPES = new Set(['SpecifiedUser', 'LoggedInUser', 'MyTeamUser']);
const COMPONENT_TYPES = new Set([
  'Bar',
  'BarGrouped',
  'BarStacked',
  'BarStacked100',
  'Column',
  'ColumnGrouped',
  'ColumnStacked',
  'ColumnStacked100',
  'Donut',
  'FlexTable',
  'Funnel',
  'Gauge',
  'Line',
  'LineCumulative',
  'LineGrouped',
  'Metric',
  'Pie',
  'Scatter',
  'Table',
]);
const FLEXIPAGE_TYPES = new Set(['AppPage', 'HomePage', 'RecordPage', 'CommAppPage', 'UtilityBar']);
/** The Home page template the product writes and its regions [3P]. */
const TEMPLATE_REGIONS: Record<string, readonly string[]> = { 'home:desktopTemplate': ['top', 'bottomLeft', 'bottomRight', 'sidebar'] };
/** The standard components the demo knows, with the properties each takes [3P]. */
const FLEXIPAGE_COMPONENTS: Record<string, readonly string[]> = { 'desktopDashboards:embeddedDashboard': ['dashboardName'] };

/**
 * The columns a report type offers, or undefined for a report type the org does not have: the same
 * report types the demo runs (analytics/reportTypes.ts), so what deploys also runs.
 */
export function reportTypeColumns(reportType: string, lmaInstalled: boolean): Set<string> | undefined {
  const type = lmaInstalled ? REPORT_TYPES.get(reportType) : undefined;
  return type && new Set(type.columns.keys());
}

/** The problems of each component, given the whole deploy. */
export function validate(components: readonly PackageComponent[], ctx: ValidationContext): DeployProblem[] {
  const scope: Scope = {
    ctx,
    components,
    exists: (type, fullName) => components.some((c) => c.type === type && c.fullName === fullName) || ctx.registry.idOf(type, fullName) !== undefined,
  };
  const problems: DeployProblem[] = [];
  for (const c of components) {
    const say = (problem: string) => problems.push({ componentType: c.type, fullName: c.fullName, fileName: c.fileName, problem });
    const root = c.root as XmlElement;
    const [folder] = c.fullName.split('/');
    for (const p of checkComponent(c, root, folder, scope)) say(p);
  }
  return problems;
}

/** The deploy being checked and the org it goes to. */
interface Scope {
  readonly ctx: ValidationContext;
  readonly components: readonly PackageComponent[];
  exists(type: PackageComponent['type'], fullName: string): boolean;
}

function checkComponent(c: PackageComponent, root: XmlElement, folder: string, scope: Scope): string[] {
  const { exists, ctx } = scope;
  const out: string[] = [];
  const required = (field: string) => {
    if (!childText(root, field)) out.push(`Required field is missing: ${field}`);
  };
  const name = c.fullName.split('/').pop() as string;
  if (!/^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/.test(name) || name.endsWith('_'))
    out.push(`The name ${name} is not a valid developer name: letters, digits and single underscores, starting with a letter, not ending with an underscore.`);
  switch (c.type) {
    case 'ReportFolder':
    case 'DashboardFolder':
      required('name');
      break;
    case 'Report':
      if (!exists('ReportFolder', folder)) out.push(`Cannot find folder:${folder}`);
      required('name');
      out.push(...checkReport(root, ctx));
      break;
    case 'Dashboard':
      if (!exists('DashboardFolder', folder)) out.push(`Cannot find folder:${folder}`);
      required('title');
      out.push(...checkDashboard(root, scope));
      break;
    case 'FlexiPage':
      required('masterLabel');
      out.push(...checkFlexiPage(root, scope));
      break;
  }
  return out;
}

function checkReport(root: XmlElement, ctx: ValidationContext): string[] {
  const out: string[] = [];
  const format = childText(root, 'format');
  if (!format) out.push('Required field is missing: format');
  else if (!(REPORT_FORMATS as readonly string[]).includes(format)) out.push(`'${format}' is not a valid value for the enum 'ReportFormat'`);
  const reportType = childText(root, 'reportType') ?? '';
  const columns = reportTypeColumns(reportType, ctx.lmaInstalled);
  if (!columns) return [...out, reportType ? `Invalid report type: ${reportType}` : 'Required field is missing: reportType'];
  const named: string[] = [];
  for (const col of childrenNamed(root, 'columns')) {
    named.push(childText(col, 'field') ?? '');
    for (const agg of childrenNamed(col, 'aggregateTypes'))
      if (!AGGREGATES.has(agg.text)) out.push(`'${agg.text}' is not a valid value for the enum 'ReportSummaryType'`);
  }
  for (const g of [...childrenNamed(root, 'groupingsDown'), ...childrenNamed(root, 'groupingsAcross')]) named.push(childText(g, 'field') ?? '');
  const filter = child(root, 'filter');
  const criteria = childrenNamed(filter, 'criteriaItems');
  for (const item of criteria) {
    named.push(childText(item, 'column') ?? '');
    const operator = childText(item, 'operator') ?? '';
    if (!OPERATORS.has(operator)) out.push(`'${operator}' is not a valid value for the enum 'FilterOperation'`);
  }
  for (const column of named) if (!columns.has(column)) out.push(`Invalid column: ${column || '(empty)'} is not a column of report type ${reportType}`);
  const logic = childText(filter, 'booleanFilter');
  if (logic) {
    const numbers = logic.match(/\d+/g) ?? [];
    if (!/^[\d\s()ANDORNOT]+$/i.test(logic) || numbers.some((n) => Number(n) < 1 || Number(n) > criteria.length))
      out.push(`Invalid filter logic: ${logic} (the report has ${criteria.length} filters)`);
  }
  if ((format === 'Summary' || format === 'Matrix') && childrenNamed(root, 'groupingsDown').length === 0)
    out.push(`A ${format} report needs at least one grouping (groupingsDown).`);
  return out;
}

function checkDashboard(root: XmlElement, scope: Scope): string[] {
  const { exists, ctx } = scope;
  const out: string[] = [];
  const type = childText(root, 'dashboardType') ?? 'SpecifiedUser';
  if (!DASHBOARD_TYPES.has(type)) out.push(`'${type}' is not a valid value for the enum 'DashboardType'`);
  const runningUser = childText(root, 'runningUser');
  if (type === 'SpecifiedUser' && runningUser && !ctx.registry.userIdOf(runningUser)) out.push(`Invalid running user: ${runningUser}`);
  const layout = child(root, 'dashboardGridLayout');
  const components = layout
    ? childrenNamed(layout, 'dashboardGridComponents').map((g) => child(g, 'dashboardComponent'))
    : childrenNamed(root, 'leftSection')
        .concat(childrenNamed(root, 'middleSection'), childrenNamed(root, 'rightSection'))
        .flatMap((s) => childrenNamed(s, 'components'));
  for (const component of components) {
    const componentType = childText(component, 'componentType') ?? '';
    if (!COMPONENT_TYPES.has(componentType)) out.push(`'${componentType}' is not a valid value for the enum 'DashboardComponentType'`);
    const report = childText(component, 'report') ?? '';
    if (!report.includes('/') || !exists('Report', report)) {
      out.push(`Invalid report: ${report || '(none)'} does not exist`);
      continue;
    }
    const reportType = reportTypeOf(report, scope);
    const columns = reportType === undefined ? undefined : reportTypeColumns(reportType, ctx.lmaInstalled);
    for (const summary of childrenNamed(component, 'chartSummary')) {
      const column = childText(summary, 'column') ?? '';
      if (column !== 'RowCount' && columns && !columns.has(column)) out.push(`Invalid column: ${column} is not a column of report ${report}`);
    }
  }
  return out;
}

/** A report's type: from its file when this deploy has it, from the org otherwise. */
function reportTypeOf(fullName: string, scope: Scope): string | undefined {
  const c = scope.components.find((x) => x.type === 'Report' && x.fullName === fullName);
  return c ? childText(c.root, 'reportType') : scope.ctx.registry.report(fullName)?.reportType;
}

function checkFlexiPage(root: XmlElement, scope: Scope): string[] {
  const out: string[] = [];
  const type = childText(root, 'type') ?? '';
  if (!FLEXIPAGE_TYPES.has(type)) out.push(type ? `'${type}' is not a valid value for the enum 'FlexiPageType'` : 'Required field is missing: type');
  const template = childText(child(root, 'template'), 'name') ?? '';
  const regions = TEMPLATE_REGIONS[template];
  if (!regions) out.push(`Invalid template: ${template || '(none)'}`);
  for (const region of childrenNamed(root, 'flexiPageRegions')) {
    const regionName = childText(region, 'name') ?? '';
    if (regions && !regions.includes(regionName)) out.push(`Invalid region: ${regionName} is not a region of template ${template}`);
    for (const item of childrenNamed(region, 'itemInstances')) {
      const instance = child(item, 'componentInstance');
      const componentName = childText(instance, 'componentName') ?? '';
      const properties = FLEXIPAGE_COMPONENTS[componentName];
      if (!properties) {
        out.push(`Invalid component: ${componentName || '(none)'} does not exist or is not available for this page type`);
        continue;
      }
      for (const prop of childrenNamed(instance, 'componentInstanceProperties')) {
        const propName = childText(prop, 'name') ?? '';
        const value = childText(prop, 'value') ?? '';
        if (!properties.includes(propName)) out.push(`Invalid property: ${propName} is not a property of component ${componentName}`);
        else if (propName === 'dashboardName' && !dashboardExists(value, scope)) out.push(`Invalid dashboardName: no dashboard named ${value || '(empty)'}`);
      }
    }
  }
  return out;
}

/** An embedded dashboard is named by its developer name alone [3P]: in the org or in this deploy. */
function dashboardExists(developerName: string, scope: Scope): boolean {
  if (scope.ctx.registry.dashboards().some((d) => d.developerName === developerName)) return true;
  return scope.components.some((c) => c.type === 'Dashboard' && c.fullName.split('/')[1] === developerName);
}
