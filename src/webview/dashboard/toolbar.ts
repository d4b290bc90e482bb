/** The dashboard's header: the scope controls (package, churn period, sandboxes), the actions, and what the numbers are. */
import { append, h } from '../shared/dom';
import { button, run } from '../shared/ui';
import type { DashboardPage, Ready } from './page';

export function toolbar(page: DashboardPage, view: Ready | undefined): HTMLElement {
  const options = page.options();
  const request = page.rpc.request;
  const pkgSelect = h('vscode-single-select', { id: 'package', 'aria-label': 'Package' }) as HTMLElement & { value: string };
  append(pkgSelect, h('vscode-option', { value: '', text: 'All packages', selected: options.packageId === '' }));
  for (const p of view?.packages ?? []) append(pkgSelect, h('vscode-option', { value: p.id, text: p.name, selected: options.packageId === p.id }));
  pkgSelect.addEventListener('change', () => page.setOptions({ packageId: pkgSelect.value }));

  const churn = h('vscode-single-select', { id: 'churn', 'aria-label': 'Churn period' }) as HTMLElement & { value: string };
  for (const d of [30, 60, 90, 180, 365]) append(churn, h('vscode-option', { value: String(d), text: `${d} days`, selected: options.churnDays === d }));
  churn.addEventListener('change', () => page.setOptions({ churnDays: Number(churn.value) }));

  const sandboxes = h('vscode-checkbox', { id: 'sandboxes', label: 'Include sandboxes', checked: options.includeSandboxes }) as HTMLElement & {
    checked: boolean;
  };
  sandboxes.addEventListener('change', () => page.setOptions({ includeSandboxes: sandboxes.checked }));

  const meta = view
    ? h(
        'p',
        { class: 'meta' },
        `${view.orgLabel}${view.isDemo ? ' (demo data)' : ''} · as of ${view.metrics.options.today} · loaded ${new Date(view.loadedAt).toLocaleTimeString()} · ${view.apiCalls} API calls`,
      )
    : null;
  return h(
    'header',
    { class: 'toolbar' },
    h('h1', { text: 'Install base' }),
    h(
      'div',
      { class: 'controls' },
      h('label', { class: 'field' }, h('span', { text: 'Package' }), pkgSelect),
      h('label', { class: 'field' }, h('span', { text: 'Churn period' }), churn),
      sandboxes,
    ),
    h(
      'div',
      { class: 'actions' },
      button('Refresh', () => page.load(), { icon: 'refresh', id: 'refresh' }),
      button('Copy Summary as Markdown', () => void run('Copy', () => request('copySummary', page.options())), {
        secondary: true,
        icon: 'copy',
        id: 'copy-summary',
      }),
      button('Export Metrics', () => void run('Export', () => request('exportMetrics', page.options())), {
        secondary: true,
        icon: 'desktop-download',
        id: 'export-metrics',
      }),
      button('Export Licenses', () => void run('Export', () => request('exportLicenses', page.options())), {
        secondary: true,
        icon: 'desktop-download',
        id: 'export-licenses',
      }),
    ),
    meta,
  );
}
