/**
 * Seat usage: App Analytics' active users against the seats licenses grant, with the shelfware,
 * at-cap and dormant lists. Loaded after the numbers (a measure may wait for App Analytics), with
 * its own month, Cancel and Refresh; what App Analytics cannot give shows as its state and action.
 */
import type { DashboardOptions, SeatUsageView, UsageListView, UsageRowView } from '../../protocol/dashboard';
import { append, fmt, h } from '../../shared/dom';
import { RequestError } from '../../shared/rpc';
import { button, message } from '../../shared/ui';
import type { DashboardPage } from '../page';
import { keepWhole, scrolling } from '../tables';
import { isPending, pendingBody } from './cardStates';

type UsageCardState = SeatUsageView | 'loading' | 'cancelled' | { readonly error: string };

function listTable(page: DashboardPage, list: UsageListView): HTMLTableElement {
  const cell = (v: number | null) => (v === null ? '—' : fmt(v));
  return h(
    'table',
    { class: 'data-table', 'data-flag': list.flag },
    h('caption', { text: list.total > list.rows.length ? `${list.title}: the first ${list.rows.length} of ${fmt(list.total)}` : list.title }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Subscriber', 'Package', 'Seats', 'Assigned', 'Active', 'Active share'].map((t, i) =>
          h('th', { scope: 'col', class: i >= 2 ? 'num' : undefined, text: t }),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...list.rows.map((r: UsageRowView) => {
        const link = h('button', { class: 'link subscriber', type: 'button', title: `Show ${r.orgId} in the Subscribers view`, text: r.subscriber });
        link.addEventListener('click', () => page.showInTree({ kind: 'subscriber', orgId: r.orgId }));
        return h(
          'tr',
          { 'data-license': r.licenseId },
          h('th', { scope: 'row' }, link),
          h('td', { text: r.packageName }),
          h('td', { class: 'num', text: r.seats }),
          h('td', { class: 'num', text: cell(r.usedLicenses) }),
          h('td', { class: 'num', text: cell(r.activeUsers) }),
          h('td', { class: 'num', text: r.share }),
        );
      }),
    ),
  );
}

function listSection(page: DashboardPage, list: UsageListView): HTMLElement {
  const body: (HTMLElement | null)[] = [h('p', { class: 'hint', text: list.hint })];
  if (list.unavailable) body.push(h('p', { class: 'hint', text: list.unavailable }));
  else if (!list.total) body.push(h('p', { class: 'hint', text: 'None.' }));
  else {
    body.push(...scrolling(keepWhole(listTable(page, list), [2, 3, 4, 5]), list.title));
    body.push(
      button(`Show ${list.total === 1 ? 'it' : `all ${fmt(list.total)}`} in the Sidebar`, () => page.showInTree({ kind: 'usage', flag: list.flag }), {
        secondary: true,
        id: `usage-show-${list.flag}`,
      }),
    );
  }
  return h('div', { class: 'usage-list', id: `usage-${list.flag}` }, h('h3', { text: `${list.title} (${fmt(list.total)})` }), ...body);
}

/** The Seat usage card and its measure. */
export class SeatUsage {
  private state: UsageCardState | undefined;
  private ticket = 0;
  private scope: DashboardOptions | undefined;
  /** The month chosen in the card ('' for the last complete one). */
  private month = '';

  constructor(
    private readonly page: DashboardPage,
    private readonly app: HTMLElement,
  ) {}

  /** Measures (or reads back) the month for the dashboard's package scope. */
  async load(scope: DashboardOptions, force = false): Promise<void> {
    this.scope = scope;
    const ticket = ++this.ticket;
    this.state = 'loading';
    this.show();
    try {
      const view = await this.page.rpc.request('loadUsage', { packageId: scope.packageId, month: this.month, force });
      if (ticket !== this.ticket) return;
      this.state = view;
    } catch (err) {
      if (ticket !== this.ticket) return;
      this.state = err instanceof RequestError && err.kind === 'cancelled' ? 'cancelled' : { error: (err as Error).message };
    }
    this.show();
  }

  /** A new load of the numbers makes this answer moot. */
  abandon(): void {
    if (this.state !== 'loading') return;
    this.ticket++;
    this.state = 'cancelled';
  }

  private reload(force: boolean): void {
    if (this.scope) void this.load(this.scope, force);
  }

  private monthSelect(months: readonly string[], current: string): HTMLElement {
    const select = h('vscode-single-select', { id: 'usage-month', 'aria-label': 'Usage month' }) as HTMLElement & { value: string };
    for (const m of months) append(select, h('vscode-option', { value: m, text: m, selected: m === current }));
    select.addEventListener('change', () => {
      this.month = select.value;
      this.reload(false);
    });
    return h(
      'div',
      { class: 'controls' },
      h('label', { class: 'field' }, h('span', { text: 'Month' }), select),
      button('Measure Again', () => this.reload(true), { secondary: true, icon: 'refresh', id: 'usage-refresh' }),
    );
  }

  card(): HTMLElement | null {
    const s = this.state;
    if (s === undefined) return null;
    const body: (HTMLElement | null)[] = [];
    if (isPending(s))
      body.push(
        ...pendingBody(s, {
          loading: 'Asking App Analytics for the month’s usage…',
          cancel: { id: 'cancel-usage', run: () => void this.page.rpc.request('cancelUsage', {}) },
          cancelled: 'Seat usage was not measured.',
          load: { label: 'Measure', id: 'load-usage', run: () => this.reload(false) },
          errorTitle: 'Could not measure seat usage',
          retry: () => this.reload(true),
        }),
      );
    else if (s.state === 'notConnected') return null;
    else if (s.state === 'explained') body.push(this.monthSelect(s.months, s.month), message('warning', s.title, `${s.message} What to do: ${s.action}`));
    else {
      body.push(
        this.monthSelect(s.months, s.month),
        h('p', {
          class: 'usage-figures',
          text: `${fmt(s.activeUsers)} active users on ${fmt(s.seats)} per-seat seats, across ${fmt(s.measured)} measured licenses in ${s.month}.`,
        }),
        h('p', {
          class: 'hint',
          text: `From App Analytics' package usage summary, which covers production orgs only: ${fmt(s.sandboxes)} sandbox licenses are left apart and ${fmt(s.notMeasured)} live licenses (trials, packages without a 033 id) are not measured. ${s.fromCache ? 'Read from the month cache.' : `${fmt(s.apiCalls)} API calls, ${fmt(s.downloads)} downloads.`}`,
        }),
        ...s.lists.map((list) => listSection(this.page, list)),
      );
    }
    return h('section', { class: 'card wide', id: 'seat-usage', 'aria-label': 'Seat usage' }, h('h2', { text: 'Seat usage' }), ...body);
  }

  private show(): void {
    const card = this.card();
    const old = document.getElementById('seat-usage');
    if (old && card) old.replaceWith(card);
    else if (old) old.remove();
    else if (card) this.app.querySelector('section.grid')?.append(card);
  }
}
