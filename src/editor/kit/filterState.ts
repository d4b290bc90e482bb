import * as vscode from 'vscode';
import { parseCalendarDate } from '../../core/calendarDate';
import { type DescribableFilter, describeFilter as describeViewFilter } from '../../core/filterDescription';
import { LICENSE_STATUSES, type LicenseStatus } from '../../core/license';
import { USAGE_FLAG_LABELS, type UsageFlag, isUsageFlag } from '../../core/usage/usageFlags';
import { parseUsageMonth } from '../../core/usage/usageMonth';
import { type LicenseFilter, MAX_FILTER_IDS } from '../../data/lmo/licenseFilter';

/**
 * The filter both trees apply, remembered per workspace: the core's filter with the LMA's
 * statuses. From the dashboard come `expiringFrom`/`expiringTo` (licenses expiring in that
 * window, inclusive) and `expiredOnly` (only licenses past their expiration date).
 */
export interface TreeFilter extends DescribableFilter {
  readonly statuses: readonly LicenseStatus[];
  /** Seat usage's licenses of one flag (shelfware, at cap, dormant) in a month. */
  readonly usage?: UsageFilter;
}

/**
 * A seat-usage list as a filter: the license ids themselves, since the LMO cannot select them. At
 * most MAX_FILTER_IDS (the WHERE clause's limit): `total` says how many the list had.
 */
export interface UsageFilter {
  readonly flag: UsageFlag;
  readonly month: string;
  readonly ids: readonly string[];
  readonly total: number;
}

export const NO_FILTER: TreeFilter = { statuses: [], includeSandboxes: true, includeExpired: true, search: '' };
const KEY = 'lma.filter';

export function isFiltered(f: TreeFilter): boolean {
  return f.statuses.length > 0 || !f.includeSandboxes || !f.includeExpired || f.search.trim() !== '' || !!f.expiringFrom || !!f.expiredOnly || !!f.usage;
}

/** "Active, Trial · no sandboxes · “acme”" — shown as the views' description. */
export function describeFilter(f: TreeFilter): string {
  // Composed in core (describeFilter there); the words are translated here.
  const usage = f.usage
    ? f.usage.total > f.usage.ids.length
      ? vscode.l10n.t(
          '{0} in {1} (the first {2} of {3})',
          USAGE_FLAG_LABELS[f.usage.flag],
          f.usage.month,
          f.usage.ids.length,
          f.usage.total.toLocaleString('en-US'),
        )
      : vscode.l10n.t('{0} in {1}', USAGE_FLAG_LABELS[f.usage.flag], f.usage.month)
    : '';
  const rest = describeViewFilter(f, {
    noSandboxes: vscode.l10n.t('no sandboxes'),
    noExpired: vscode.l10n.t('no expired'),
    expiredOnly: vscode.l10n.t('expired only'),
    expiring: (from, to) => vscode.l10n.t('expiring {0} – {1}', from, to),
    search: (text) => vscode.l10n.t('“{0}”', text),
  });
  return [usage, rest].filter(Boolean).join(' · ');
}

export function toLicenseFilter(f: TreeFilter): LicenseFilter {
  return {
    statuses: f.statuses.length ? f.statuses : undefined,
    includeSandboxes: f.includeSandboxes,
    includeExpired: f.includeExpired,
    search: f.search.trim() || undefined,
    expiredOnly: f.expiredOnly || undefined,
    expiringFrom: parseCalendarDate(f.expiringFrom),
    expiringTo: parseCalendarDate(f.expiringTo),
    ...(f.usage ? { ids: f.usage.ids } : {}),
  };
}

function sanitizeUsage(value: unknown): UsageFilter | undefined {
  const u = value as Partial<UsageFilter> | undefined;
  if (!u || typeof u !== 'object' || !isUsageFlag(u.flag) || typeof u.month !== 'string' || !parseUsageMonth(u.month)) return undefined;
  if (!Array.isArray(u.ids) || u.ids.length > MAX_FILTER_IDS || u.ids.some((id) => typeof id !== 'string' || !/^[a-zA-Z0-9]{18}$/.test(id))) return undefined;
  const total = typeof u.total === 'number' && Number.isInteger(u.total) && u.total >= u.ids.length ? u.total : u.ids.length;
  return { flag: u.flag, month: u.month, ids: [...u.ids], total };
}

function sanitize(value: unknown): TreeFilter {
  const v = (value ?? {}) as Partial<TreeFilter>;
  return {
    statuses: Array.isArray(v.statuses) ? v.statuses.filter((s): s is LicenseStatus => (LICENSE_STATUSES as readonly string[]).includes(s)) : [],
    includeSandboxes: v.includeSandboxes !== false,
    includeExpired: v.includeExpired !== false,
    search: typeof v.search === 'string' ? v.search : '',
    expiringFrom: parseCalendarDate(v.expiringFrom),
    expiringTo: parseCalendarDate(v.expiringTo),
    expiredOnly: v.expiredOnly === true ? true : undefined,
    usage: sanitizeUsage(v.usage),
  };
}

export class FilterState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeFilter>();
  readonly onDidChange = this.changed.event;
  private value: TreeFilter;

  constructor(private readonly memento: vscode.Memento) {
    this.value = sanitize(memento.get(KEY));
    void vscode.commands.executeCommand('setContext', 'lma.filtered', isFiltered(this.value));
  }

  get current(): TreeFilter {
    return this.value;
  }

  /** Merges into the current filter; `replace` starts from no filter instead. */
  async set(next: Partial<TreeFilter>, options: { replace?: boolean } = {}): Promise<void> {
    this.value = sanitize({ ...(options.replace ? NO_FILTER : this.value), ...next });
    await this.memento.update(KEY, this.value);
    await vscode.commands.executeCommand('setContext', 'lma.filtered', isFiltered(this.value));
    this.changed.fire(this.value);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
