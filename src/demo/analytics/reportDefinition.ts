/**
 * A Report's metadata XML (the `.report` file as deployed; docs/salesforce/lmo-dashboard.md) read
 * into what a run needs: its report type, detail columns, summaries, filters and filter logic,
 * row groupings and scope. What the demo cannot stand behind — an unknown report type or column,
 * an operator or value the column does not take, filter logic that leaves a filter out, a format
 * other than Summary or Tabular — is refused with the reason (ReportDefinitionError).
 */
import { type Operator, type RowTest, ReportDefinitionError, compileBooleanFilter, compileCriterion } from './filters';
import { type ReportColumn, type ReportTypeDef, REPORT_TYPES } from './reportTypes';
import { type XmlElement, XmlError, childText, childrenNamed, parseXml } from '../metadata/xml';

export { ReportDefinitionError } from './filters';

export type ReportFormat = 'SUMMARY' | 'TABULAR';
export type DateGranularity = 'None' | 'Day' | 'Month' | 'Year';

export interface ReportCriterion {
  readonly column: ReportColumn;
  readonly operator: Operator;
  readonly value: string;
  readonly test: RowTest;
}

/** A summary: `s!col` (sum), `a!` (average), `m!` (smallest), `x!` (largest), or RowCount. */
export interface ReportAggregate {
  readonly key: string;
  readonly kind: 'sum' | 'average' | 'min' | 'max' | 'rowCount';
  readonly column?: ReportColumn;
}

export interface ReportGrouping {
  readonly column: ReportColumn;
  readonly dateGranularity: DateGranularity;
  readonly sortOrder: 'Asc' | 'Desc';
}

export interface ReportDefinition {
  readonly name: string;
  readonly description: string | null;
  readonly format: ReportFormat;
  readonly reportType: ReportTypeDef;
  readonly detailColumns: readonly ReportColumn[];
  readonly aggregates: readonly ReportAggregate[];
  readonly criteria: readonly ReportCriterion[];
  readonly booleanFilter: string | null;
  readonly matches: (results: readonly boolean[]) => boolean;
  readonly groupingsDown: readonly ReportGrouping[];
  readonly scope: string;
  readonly showDetails: boolean;
  readonly showGrandTotal: boolean;
  readonly showSubTotals: boolean;
}

const FORMATS: Record<string, ReportFormat> = { Summary: 'SUMMARY', Tabular: 'TABULAR' };
const AGGREGATE_TYPES: Record<string, { prefix: string; kind: ReportAggregate['kind'] }> = {
  Sum: { prefix: 's', kind: 'sum' },
  Average: { prefix: 'a', kind: 'average' },
  Minimum: { prefix: 'm', kind: 'min' },
  Maximum: { prefix: 'x', kind: 'max' },
};
const GRANULARITIES: readonly string[] = [
  'None',
  'Day',
  'Week',
  'Month',
  'Quarter',
  'Year',
  'FiscalQuarter',
  'FiscalYear',
  'MonthInYear',
  'DayInMonth',
  'FiscalPeriod',
  'FiscalWeek',
];
/** Salesforce's limits: 100 columns through the API, three row groupings in a summary report. */
const MAX_COLUMNS = 100;
const MAX_GROUPINGS = 3;

const fail = (message: string): never => {
  throw new ReportDefinitionError(message);
};

function booleanText(e: XmlElement, name: string, fallback: boolean): boolean {
  const t = childText(e, name);
  if (t === undefined) return fallback;
  if (t === 'true' || t === 'false') return t === 'true';
  return fail(`<${name}> must be true or false, not ${JSON.stringify(t)}.`);
}

function columnOf(type: ReportTypeDef, name: string, where: string): ReportColumn {
  return type.columns.get(name) ?? fail(`The column ${JSON.stringify(name)} (${where}) does not exist in the report type ${type.type}.`);
}

export function parseReport(xml: string): ReportDefinition {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (err) {
    if (err instanceof XmlError) throw new ReportDefinitionError(`The report metadata is not well-formed XML: ${err.message}`);
    throw err;
  }
  try {
    return readReport(root);
  } catch (err) {
    if (err instanceof XmlError) throw new ReportDefinitionError(err.message);
    throw err;
  }
}

function readReport(root: XmlElement): ReportDefinition {
  if (root.name !== 'Report') fail(`The root element is <${root.name}>, not <Report>.`);
  const name = childText(root, 'name') ?? fail('The report has no <name>.');
  if (!name.trim()) fail('The report name is empty.');
  const formatText = childText(root, 'format') ?? fail('The report has no <format>.');
  const format = FORMATS[formatText] ?? fail(`The demo runs Summary and Tabular reports, not ${JSON.stringify(formatText)}.`);
  const typeName = childText(root, 'reportType') ?? fail('The report has no <reportType>.');
  const reportType = REPORT_TYPES.get(typeName) ?? fail(`The report type ${JSON.stringify(typeName)} does not exist in this org.`);

  const detailColumns: ReportColumn[] = [];
  const aggregates: ReportAggregate[] = [];
  for (const c of childrenNamed(root, 'columns')) {
    const field = childText(c, 'field') ?? fail('A <columns> element has no <field>.');
    const column = columnOf(reportType, field, 'a report column');
    if (detailColumns.includes(column)) fail(`The column ${field} is in the report twice.`);
    detailColumns.push(column);
    for (const a of childrenNamed(c, 'aggregateTypes')) {
      const agg = AGGREGATE_TYPES[a.text] ?? fail(`${JSON.stringify(a.text)} is not a summary the demo knows (Sum, Average, Minimum, Maximum).`);
      if (column.type !== 'double') fail(`${a.text} needs a number column; ${field} is ${column.type}.`);
      aggregates.push({ key: `${agg.prefix}!${field}`, kind: agg.kind, column });
    }
  }
  if (detailColumns.length > MAX_COLUMNS) fail(`The report has ${detailColumns.length} columns: the API takes at most ${MAX_COLUMNS}.`);
  aggregates.push({ key: 'RowCount', kind: 'rowCount' });

  const filters = childrenNamed(root, 'filter');
  if (filters.length > 1) fail('The report has more than one <filter>.');
  const criteria: ReportCriterion[] = [];
  let booleanFilter: string | null = null;
  if (filters.length) {
    for (const item of childrenNamed(filters[0], 'criteriaItems')) {
      const field = childText(item, 'column') ?? fail('A filter has no <column>.');
      const column = columnOf(reportType, field, 'a filter');
      if (booleanText(item, 'columnToColumn', false)) fail(`The filter on ${field} compares two columns, which the demo does not run.`);
      const operator = childText(item, 'operator') ?? fail(`The filter on ${field} has no <operator>.`);
      const value = childText(item, 'value') ?? '';
      criteria.push({ column, operator: operator as Operator, value, test: compileCriterion(column, operator, value) });
    }
    booleanFilter = childText(filters[0], 'booleanFilter') ?? null;
  }
  const matches = booleanFilter !== null ? compileBooleanFilter(booleanFilter, criteria.length) : (r: readonly boolean[]) => r.every(Boolean);

  const groupingsDown = childrenNamed(root, 'groupingsDown').map((g): ReportGrouping => {
    const field = childText(g, 'field') ?? fail('A grouping has no <field>.');
    const column = columnOf(reportType, field, 'a grouping');
    const granularity = childText(g, 'dateGranularity') ?? 'None';
    if (!GRANULARITIES.includes(granularity)) fail(`${JSON.stringify(granularity)} is not a date granularity.`);
    const isDate = column.type === 'date' || column.type === 'datetime';
    // On a column that is not a date the granularity has no effect (unconfirmed: the generator writes Day on every grouping).
    const dateGranularity = (isDate ? granularity : 'None') as DateGranularity;
    if (!['None', 'Day', 'Month', 'Year'].includes(dateGranularity)) fail(`The demo groups dates by Day, Month or Year, not ${granularity}.`);
    const sortOrder = childText(g, 'sortOrder') ?? 'Asc';
    if (sortOrder !== 'Asc' && sortOrder !== 'Desc') fail(`The sort order ${JSON.stringify(sortOrder)} is not Asc or Desc.`);
    if (detailColumns.includes(column)) fail(`The column ${field} is both a grouping and a detail column.`);
    return { column, dateGranularity, sortOrder: sortOrder as 'Asc' | 'Desc' };
  });
  if (format === 'SUMMARY' && !groupingsDown.length) fail('A Summary report needs at least one row grouping.');
  if (format === 'TABULAR' && groupingsDown.length) fail('A Tabular report has no groupings.');
  if (groupingsDown.length > MAX_GROUPINGS) fail(`A Summary report takes at most ${MAX_GROUPINGS} row groupings.`);
  if (new Set(groupingsDown.map((g) => g.column)).size !== groupingsDown.length) fail('A column is grouped twice.');

  const scope = childText(root, 'scope') ?? 'organization';
  if (scope !== 'organization') fail(`The demo runs reports over all licenses (scope organization), not scope ${JSON.stringify(scope)}.`);
  return {
    name,
    description: childText(root, 'description') ?? null,
    format,
    reportType,
    detailColumns,
    aggregates,
    criteria,
    booleanFilter,
    matches,
    groupingsDown,
    scope,
    showDetails: booleanText(root, 'showDetails', true),
    showGrandTotal: booleanText(root, 'showGrandTotal', true),
    showSubTotals: booleanText(root, 'showSubTotals', true),
  };
}
