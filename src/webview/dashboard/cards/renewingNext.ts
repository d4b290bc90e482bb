/** Renewing next: the licenses that renew soonest, by name (customer text, rendered as text only). */
import { h } from '../../shared/dom';
import type { DashboardPage, Ready } from '../page';
import { keepWhole, scrolling } from '../tables';

export function renewingNextCard(page: DashboardPage, view: Ready): HTMLElement {
  const rows = view.renewingNext;
  const body = rows.length
    ? scrolling(keepWhole(tableOf(page, rows), [2, 3, 5]), 'Renewing next')
    : [h('p', { class: 'hint', text: 'No live license expires in the next 90 days.' })];
  return h('section', { class: 'card wide', id: 'renewing-next' }, h('h2', { text: 'Renewing next' }), ...body);
}

function tableOf(page: DashboardPage, rows: Ready['renewingNext']): HTMLTableElement {
  return h(
    'table',
    { class: 'data-table', id: 'renewing-next-table' },
    h('caption', { text: 'The ten live licenses that expire soonest in the next 90 days' }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Subscriber', 'Package', 'Version', 'Seats', 'Status', 'Expires'].map((t, i) =>
          h('th', { scope: 'col', class: i === 3 ? 'num' : undefined, text: t }),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) => {
        const link = h('button', { class: 'link subscriber', type: 'button', title: `Show ${r.orgId} in the Subscribers view`, text: r.subscriber });
        link.addEventListener('click', () => page.showInTree({ kind: 'subscriber', orgId: r.orgId }));
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, link),
          h('td', { text: r.packageName }),
          h('td', { text: r.versionNumber }),
          h('td', { class: 'num', text: r.seats }),
          h('td', { text: r.status }),
          h('td', { text: r.expiration }),
        );
      }),
    ),
  );
}
