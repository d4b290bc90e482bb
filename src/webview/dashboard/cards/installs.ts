/** Installs by month: licenses by install month, the last 12 months. */
import type { InstallBaseMetrics } from '../../../core/dashboard/installBaseMetrics';
import { table } from '../../shared/dom';
import { barChart, palette } from '../charts';
import { chartCard } from './chartCard';

export function installsCard(m: InstallBaseMetrics): HTMLElement {
  const p = palette();
  return chartCard(
    'Installs by month',
    'installs',
    (canvas) =>
      barChart(canvas, {
        labels: m.installsByMonth.map((x) => x.month),
        datasets: [{ label: 'Installs', data: m.installsByMonth.map((x) => x.installs), color: p.series[0] }],
        ariaLabel: `Installs per month, last 12 months: ${m.installsByMonth.map((x) => `${x.month} ${x.installs}`).join(', ')}`,
      }),
    table(
      'Licenses by install month, last 12 months',
      ['Month', 'Installs'],
      m.installsByMonth.map((x) => [x.month, x.installs]),
      [false, true],
    ),
  );
}
