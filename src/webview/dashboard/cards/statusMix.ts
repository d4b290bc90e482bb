/** Status mix: licenses in scope by status, a slice per status. */
import type { InstallBaseMetrics, StatusMixKey } from '../../../core/dashboard/installBaseMetrics';
import { table } from '../../shared/dom';
import { doughnutChart, palette } from '../charts';
import type { DashboardPage } from '../page';
import { chartCard } from './chartCard';

const STATUS_COLORS: Record<StatusMixKey, number> = { Active: 1, Trial: 0, Expired: 4, Suspended: 3, Uninstalled: 6, Other: 5 };

export function statusMixCard(page: DashboardPage, m: InstallBaseMetrics): HTMLElement {
  const p = palette();
  const show = (i: number) => {
    const status = m.statusMix[i].status;
    if (status !== 'Other') page.showInTree({ kind: 'status', status });
  };
  const subtitle = 'Licenses in scope, by status';
  return chartCard({
    title: 'Status mix',
    id: 'status-mix',
    subtitle,
    hint: 'Click a slice, or a status in the table, to list those licenses in the sidebar.',
    draw: (canvas) =>
      doughnutChart(
        canvas,
        m.statusMix.map((s) => s.status),
        m.statusMix.map((s) => s.licenses),
        m.statusMix.map((s) => p.series[STATUS_COLORS[s.status]]),
        `${subtitle}: ${m.statusMix.map((s) => `${s.status} ${s.licenses}`).join(', ')}`,
        'licenses',
        show,
      ),
    table: table(
      'Licenses in scope by status (Expired: Active or Trial past their expiration)',
      ['Status', 'Licenses'],
      m.statusMix.map((s) => [s.status, s.licenses]),
      [false, true],
      { label: 'Show in sidebar', run: show },
    ),
  });
}
