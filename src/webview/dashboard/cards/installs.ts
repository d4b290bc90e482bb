/** Installs by month: licenses by install month, the last 12 months. */
import type { InstallBaseMetrics } from '../../../core/dashboard/installBaseMetrics';
import { table } from '../../shared/dom';
import { barChart, palette } from '../charts';
import { keepWhole } from '../tables';
import { chartCard } from './chartCard';

export function installsCard(m: InstallBaseMetrics): HTMLElement {
  const p = palette();
  const subtitle = 'Licenses installed, by month (last 12 months)';
  return chartCard({
    title: 'Installs by month',
    id: 'installs',
    subtitle,
    draw: (canvas) =>
      barChart(canvas, {
        labels: m.installsByMonth.map((x) => x.month),
        datasets: [{ label: 'Licenses installed', data: m.installsByMonth.map((x) => x.installs), color: p.series[0] }],
        unit: 'licenses',
        ariaLabel: `${subtitle}: ${m.installsByMonth.map((x) => `${x.month} ${x.installs}`).join(', ')}`,
      }),
    table: keepWhole(
      table(
        'Licenses by install month, last 12 months',
        ['Month', 'Licenses installed'],
        m.installsByMonth.map((x) => [x.month, x.installs]),
        [false, true],
      ),
      [0],
    ),
  });
}
