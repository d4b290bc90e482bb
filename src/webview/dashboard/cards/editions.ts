/** Subscribers by edition: distinct subscriber orgs with a live license, by org edition. */
import type { InstallBaseMetrics } from '../../../core/dashboard/installBaseMetrics';
import { table } from '../../shared/dom';
import { barChart, palette } from '../charts';
import { chartCard } from './chartCard';

export function editionsCard(m: InstallBaseMetrics): HTMLElement {
  const p = palette();
  return chartCard(
    'Subscribers by edition',
    'editions',
    (canvas) =>
      barChart(canvas, {
        labels: m.subscribersByEdition.map((e) => e.edition),
        datasets: [{ label: 'Subscribers', data: m.subscribersByEdition.map((e) => e.subscribers), color: p.series[5] }],
        horizontal: true,
        ariaLabel: `Subscriber orgs with a live license, by edition: ${m.subscribersByEdition.map((e) => `${e.edition} ${e.subscribers}`).join(', ')}`,
      }),
    table(
      'Distinct subscriber orgs with a live license, by org edition',
      ['Edition', 'Subscribers'],
      m.subscribersByEdition.map((e) => [e.edition, e.subscribers]),
      [false, true],
    ),
  );
}
