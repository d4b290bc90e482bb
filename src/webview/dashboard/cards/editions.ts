/** Subscribers by edition: distinct subscriber orgs with a live license, by org edition. */
import type { InstallBaseMetrics } from '../../../core/dashboard/installBaseMetrics';
import { table } from '../../shared/dom';
import { barChart, palette } from '../charts';
import { chartCard } from './chartCard';

export function editionsCard(m: InstallBaseMetrics): HTMLElement {
  const p = palette();
  const subtitle = 'Subscriber orgs with a live license, by org edition';
  return chartCard({
    title: 'Subscribers by edition',
    id: 'editions',
    subtitle,
    draw: (canvas) =>
      barChart(canvas, {
        labels: m.subscribersByEdition.map((e) => e.edition),
        datasets: [{ label: 'Subscriber orgs', data: m.subscribersByEdition.map((e) => e.subscribers), color: p.series[5] }],
        horizontal: true,
        unit: 'subscriber orgs',
        ariaLabel: `${subtitle}: ${m.subscribersByEdition.map((e) => `${e.edition} ${e.subscribers}`).join(', ')}`,
      }),
    table: table(
      'Distinct subscriber orgs with a live license, by org edition',
      ['Edition', 'Subscriber orgs'],
      m.subscribersByEdition.map((e) => [e.edition, e.subscribers]),
      [false, true],
    ),
  });
}
