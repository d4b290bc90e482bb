/**
 * The preview of a plan: one row per license and changed field — license, subscriber, field,
 * old → new, and what the rules say about it. Nothing is written from a preview. Rendered as a
 * fixed-width table for the terminal, every cell one line of safe text (customer names are
 * hostile: control characters, direction overrides and line breaks are neutralised).
 */
import { singleLine } from '../displayText';
import { type ChangePlan, changedFields } from './plan';
import { type ChangeIssue, type IssueSeverity, type PlanValidation } from './validation';
import { type ChangeField, FIELD_LABELS, describeValue } from './values';

export interface PreviewRow {
  readonly licenseId: string;
  readonly licenseName: string;
  readonly subscriber: string;
  readonly orgId: string;
  readonly packageName: string;
  /** Undefined on the row of a license-wide issue that changes nothing shown (e.g. Uninstalled). */
  readonly field: ChangeField | undefined;
  readonly old: string;
  readonly new: string;
  readonly issues: readonly ChangeIssue[];
  /** The worst issue on the row. */
  readonly severity: IssueSeverity | undefined;
}

export function previewRows(plan: ChangePlan, validation: PlanValidation): PreviewRow[] {
  const rows: PreviewRow[] = [];
  for (const change of plan.changes) {
    const { license } = change;
    const issues = validation.issues.get(license.id) ?? [];
    const fields = changedFields(change);
    const base = {
      licenseId: license.id,
      licenseName: license.name,
      subscriber: license.subscriber,
      orgId: license.orgId,
      packageName: license.packageName ?? '',
    };
    // License-wide issues go on the license's first row.
    const general = issues.filter((i) => !i.field || !fields.includes(i.field));
    fields.forEach((field, index) => {
      const mine = [...(index === 0 ? general : []), ...issues.filter((i) => i.field === field)];
      rows.push({
        ...base,
        field,
        old: describeValue(field, license.values[field]),
        new: describeValue(field, change.after[field]),
        issues: mine,
        severity: worst(mine),
      });
    });
  }
  return rows;
}

function worst(issues: readonly ChangeIssue[]): IssueSeverity | undefined {
  return issues.some((i) => i.severity === 'error') ? 'error' : issues.length ? 'warning' : undefined;
}

const cell = (text: string, width: number) => {
  const one = singleLine(text, width);
  return one.length < width ? one.padEnd(width) : one;
};

/** A column of a preview table: its title, width and cell text. */
export type PreviewColumn<R> = readonly [title: string, width: number, cell: (row: R) => string];

/** A preview as a plain-text table (monospace), each cell one safe line, with each issue on a line of its own below its row. */
export function renderIssueTable<R extends { readonly issues: readonly { readonly severity: IssueSeverity; readonly message: string }[] }>(
  columns: readonly PreviewColumn<R>[],
  rows: readonly R[],
): string {
  const line = (values: string[]) =>
    values
      .map((v, i) => cell(v, columns[i][1]))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c[0])), columns.map((c) => '-'.repeat(c[1])).join('  ')];
  for (const row of rows) {
    out.push(line(columns.map((c) => c[2](row))));
    for (const issue of row.issues) out.push(`    ${issue.severity === 'error' ? 'ERROR' : 'warning'}: ${singleLine(issue.message, 240)}`);
  }
  return out.join('\n');
}

/** The license preview as a plain-text table. */
export function renderPreviewTable(rows: readonly PreviewRow[]): string {
  return renderIssueTable<PreviewRow>(
    [
      ['License', 10, (r) => r.licenseName],
      ['Subscriber', 28, (r) => r.subscriber],
      ['Org id', 18, (r) => r.orgId],
      ['Package', 20, (r) => r.packageName],
      ['Field', 10, (r) => (r.field ? FIELD_LABELS[r.field] : '')],
      ['Old', 16, (r) => r.old],
      ['New', 16, (r) => r.new],
    ],
    rows,
  );
}
