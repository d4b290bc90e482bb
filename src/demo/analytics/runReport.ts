/**
 * A synchronous report run over the demo's License records, answered as the Analytics REST API's
 * `GET /services/data/vXX.X/analytics/reports/{id}` does (docs/salesforce/lmo-dashboard.md,
 * "Verify: the Analytics REST API"): attributes, reportMetadata, reportExtendedMetadata,
 * groupingsDown/groupingsAcross, the fact map ("T!T" the grand total, "0!T", "0_1!T"… a grouping's
 * summaries, detail rows only with includeDetails, the first 2,000 of them), hasDetailRows, allData.
 */
import { type CalendarDate } from '../../core/calendarDate';
import { type DemoRecord, LICENSE_HISTORY, type RecordLookup } from '../schema';
import { type DemoStore, LICENSE_OBJECT } from '../store';
import { textOf } from './filters';
import { type ReportAggregate, type ReportDefinition, type ReportGrouping } from './reportDefinition';
import { type ReportColumn, type ReportRow } from './reportTypes';

/** The API returns up to the first 2,000 report rows (Requirements and Limitations). */
export const MAX_DETAIL_ROWS = 2000;

/** The records a report reads. */
export interface ReportData {
  licenses(): Iterable<DemoRecord>;
  /** License field history rows (ParentId, Field, OldValue, NewValue, CreatedDate, IsDeleted). */
  history(): Iterable<DemoRecord>;
  readonly lookup: RecordLookup;
}

export function reportDataOf(store: DemoStore): ReportData {
  return { licenses: () => store.rows(LICENSE_OBJECT), history: () => store.scan(LICENSE_HISTORY), lookup: store.lookup };
}

/** Who the report is, as the deployed metadata names it. */
export interface ReportIdentity {
  readonly id: string;
  readonly developerName: string;
  readonly name: string;
  readonly folderName?: string;
}

export interface RunOptions {
  readonly today: CalendarDate;
  readonly includeDetails: boolean;
  readonly version: string;
}

interface Cell {
  readonly label: string;
  readonly value: unknown;
}
interface Fact {
  aggregates: Cell[];
  rows?: { dataCells: Cell[] }[];
}
interface Grouping {
  dateGranularity: string;
  groupings: Grouping[];
  key: string;
  label: string;
  value: unknown;
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const BLANK = '-';
const usDate = (day: string) => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}/${day.slice(0, 4)}`;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A cell as the API shows it: the raw value, and its label (dates as en_US, numbers with separators: **unconfirmed** per locale). */
function cell(column: ReportColumn, row: ReportRow, lookup: RecordLookup): Cell {
  const value = column.value(row, lookup);
  if (value === null || value === undefined || value === '') return { label: BLANK, value: null };
  switch (column.type) {
    case 'double':
      return { label: NUMBER.format(Number(value)), value: Number(value) };
    case 'date':
      return { label: usDate(String(value)), value };
    case 'datetime':
      return { label: `${usDate(String(value))} ${String(value).slice(11, 16)}`, value };
    case 'boolean':
      return { label: String(value === true), value: value === true };
    default:
      return { label: textOf(column, row, lookup) ?? BLANK, value };
  }
}

/** A row's grouping key: its value at the grouping's granularity, and the label shown. */
function groupValue(g: ReportGrouping, row: ReportRow, lookup: RecordLookup): Cell {
  const c = cell(g.column, row, lookup);
  if (c.value === null || (g.column.type !== 'date' && g.column.type !== 'datetime')) return c;
  const day = String(c.value).slice(0, 10);
  if (g.dateGranularity === 'Month') return { value: `${day.slice(0, 7)}-01`, label: `${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}` };
  if (g.dateGranularity === 'Year') return { value: `${day.slice(0, 4)}-01-01`, label: day.slice(0, 4) };
  return { value: day, label: usDate(day) };
}

function compareGroups(g: ReportGrouping, a: Cell, b: Cell): number {
  // Blanks first in ascending order (unconfirmed).
  if (a.value === null || b.value === null) return a.value === b.value ? 0 : a.value === null ? -1 : 1;
  let d: number;
  if (typeof a.value === 'number' && typeof b.value === 'number') d = a.value - b.value;
  else if (g.column.type === 'date' || g.column.type === 'datetime') d = String(a.value) < String(b.value) ? -1 : String(a.value) > String(b.value) ? 1 : 0;
  else d = a.label.localeCompare(b.label, 'en-US', { sensitivity: 'base' }) || String(a.value).localeCompare(String(b.value));
  return g.sortOrder === 'Desc' ? -d : d;
}

function summarise(aggregates: readonly ReportAggregate[], rows: readonly ReportRow[], lookup: RecordLookup): Cell[] {
  return aggregates.map((a) => {
    if (a.kind === 'rowCount') return { label: NUMBER.format(rows.length), value: rows.length };
    const nums: number[] = [];
    for (const r of rows) {
      const v = a.column?.value(r, lookup);
      if (v !== null && v !== undefined && v !== '') nums.push(Number(v));
    }
    let value: number | null;
    if (a.kind === 'sum') value = nums.reduce((s, n) => s + n, 0);
    else if (!nums.length) value = null;
    else if (a.kind === 'average') value = nums.reduce((s, n) => s + n, 0) / nums.length;
    else value = a.kind === 'min' ? Math.min(...nums) : Math.max(...nums);
    return { label: value === null ? BLANK : NUMBER.format(value), value };
  });
}

/** The rows a report reads (the Recycle Bin's records are not in reports), filtered by its criteria and logic. */
function matchingRows(def: ReportDefinition, data: ReportData, today: CalendarDate): ReportRow[] {
  const out: ReportRow[] = [];
  const keep = (row: ReportRow) => def.matches(def.criteria.map((c) => c.test(row, data.lookup, today)));
  if (def.reportType.history) {
    for (const h of data.history()) {
      if (h.IsDeleted === true) continue;
      const license = data.lookup(String(h.ParentId));
      if (!license || license.IsDeleted === true) continue;
      const row = { license, history: h };
      if (keep(row)) out.push(row);
    }
  } else {
    for (const license of data.licenses()) {
      if (license.IsDeleted === true) continue;
      const row = { license };
      if (keep(row)) out.push(row);
    }
  }
  return out;
}

export function runReport(def: ReportDefinition, who: ReportIdentity, data: ReportData, options: RunOptions): object {
  const rows = matchingRows(def, data, options.today);
  const { lookup } = data;
  const factMap: Record<string, Fact> = {};
  let budget = MAX_DETAIL_ROWS;
  const detail = (rs: readonly ReportRow[]) => {
    const take = rs.slice(0, Math.max(0, budget));
    budget -= take.length;
    return take.map((r) => ({ dataCells: def.detailColumns.map((c) => cell(c, r, lookup)) }));
  };
  const fact = (rs: readonly ReportRow[], leaf: boolean): Fact => ({
    aggregates: summarise(def.aggregates, rs, lookup),
    ...(options.includeDetails ? { rows: leaf ? detail(rs) : [] } : {}),
  });
  const group = (rs: readonly ReportRow[], level: number, prefix: string): Grouping[] => {
    const g = def.groupingsDown[level];
    const buckets = new Map<string, { cell: Cell; rows: ReportRow[] }>();
    const foldable = !g.column.text && (g.column.type === 'string' || g.column.type === 'picklist');
    for (const r of rs) {
      const c = groupValue(g, r, lookup);
      // Text groups merge without regard to case, as Salesforce compares text (unconfirmed for groupings).
      // Ids (lookups, the Name column) are case-sensitive and never folded.
      const k = c.value === null ? '\u0000' : foldable && typeof c.value === 'string' ? c.value.toLocaleLowerCase('en-US') : JSON.stringify(c.value);
      const b = buckets.get(k) ?? buckets.set(k, { cell: c, rows: [] }).get(k)!;
      b.rows.push(r);
    }
    const sorted = [...buckets.values()].sort((a, b) => compareGroups(g, a.cell, b.cell));
    return sorted.map((b, i) => {
      const key = prefix ? `${prefix}_${i}` : String(i);
      const last = level === def.groupingsDown.length - 1;
      factMap[`${key}!T`] = fact(b.rows, last);
      return {
        dateGranularity: g.dateGranularity,
        groupings: last ? [] : group(b.rows, level + 1, key),
        key,
        label: b.cell.label,
        value: b.cell.value,
      };
    });
  };
  const groupings = def.groupingsDown.length ? group(rows, 0, '') : [];
  factMap['T!T'] = fact(rows, def.groupingsDown.length === 0);
  const base = `/services/data/v${options.version}/analytics/reports/${who.id}`;
  return {
    attributes: { describeUrl: `${base}/describe`, instancesUrl: `${base}/instances`, reportId: who.id, reportName: who.name, type: 'Report' },
    allData: rows.length <= MAX_DETAIL_ROWS,
    factMap,
    groupingsAcross: { groupings: [] },
    groupingsDown: { groupings },
    hasDetailRows: options.includeDetails,
    reportExtendedMetadata: extendedMetadata(def),
    reportMetadata: reportMetadata(def, who, options.includeDetails),
  };
}

const AGGREGATE_LABELS: Record<ReportAggregate['kind'], string> = { sum: 'Sum of', average: 'Average', min: 'Smallest', max: 'Largest', rowCount: '' };

export function extendedMetadata(def: ReportDefinition): object {
  const aggregateColumnInfo: Record<string, object> = {};
  for (const a of def.aggregates)
    aggregateColumnInfo[a.key] = {
      acrossGroupingContext: null,
      dataType: a.kind === 'rowCount' ? 'int' : 'double',
      downGroupingContext: null,
      label: a.kind === 'rowCount' ? 'Record Count' : `${AGGREGATE_LABELS[a.kind]} ${a.column?.label ?? ''}`,
    };
  const detailColumnInfo: Record<string, object> = {};
  for (const c of def.detailColumns) detailColumnInfo[c.name] = { dataType: c.type, label: c.label };
  const groupingColumnInfo: Record<string, object> = {};
  def.groupingsDown.forEach((g, level) => {
    groupingColumnInfo[g.column.name] = { dataType: g.column.type, groupingLevel: level, label: g.column.label };
  });
  return { aggregateColumnInfo, detailColumnInfo, groupingColumnInfo };
}

export function reportMetadata(def: ReportDefinition, who: ReportIdentity, hasDetailRows: boolean): object {
  return {
    aggregates: def.aggregates.map((a) => a.key),
    chart: null,
    crossFilters: [],
    currency: null,
    description: def.description,
    detailColumns: def.detailColumns.map((c) => c.name),
    developerName: who.developerName,
    groupingsAcross: [],
    groupingsDown: def.groupingsDown.map((g) => ({ dateGranularity: g.dateGranularity, name: g.column.name, sortAggregate: null, sortOrder: g.sortOrder })),
    hasDetailRows,
    hasRecordCount: true,
    id: who.id,
    name: who.name,
    reportBooleanFilter: def.booleanFilter,
    reportFilters: def.criteria.map((c) => ({
      column: c.column.name,
      filterType: 'fieldValue',
      isRunPageEditable: true,
      operator: c.operator,
      value: c.value,
    })),
    reportFormat: def.format,
    reportType: { label: def.reportType.label, type: def.reportType.type },
    scope: def.scope,
    showGrandTotal: def.showGrandTotal,
    showSubtotals: def.showSubTotals,
    sortBy: [],
    standardFilters: [],
  };
}
