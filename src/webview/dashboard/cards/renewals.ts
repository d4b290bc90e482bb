/** Renewal pipeline: live, non-perpetual licenses expiring in the next 90 days, by when. */
import type { InstallBaseMetrics } from '../../../core/dashboard/installBaseMetrics';
import { fmt, table } from '../../shared/dom';
import { barChart, palette } from '../charts';
import type { DashboardPage } from '../page';
import { chartCard } from './chartCard';

export function renewalsCard(page: DashboardPage, m: InstallBaseMetrics): HTMLElement {
  const p = palette();
  return chartCard(
    'Renewal pipeline',
    'renewals',
    (canvas) =>
      barChart(canvas, {
        labels: m.renewals.map((b) => b.label),
        datasets: [{ label: 'Licenses', data: m.renewals.map((b) => b.licenses), color: p.series[2] }],
        ariaLabel: `Licenses renewing: ${m.renewals.map((b) => `${b.label} ${b.licenses} licenses, ${b.seats} seats`).join('; ')}`,
        onClick: (i) => page.showInTree({ kind: 'renewals', from: m.renewals[i].from, to: m.renewals[i].to }),
      }),
    table(
      'Live, non-perpetual licenses expiring in the next 90 days',
      ['Due in', 'From', 'To', 'Licenses', 'Seats'],
      m.renewals.map((b) => [b.label, b.from, b.to, b.licenses, b.seats]),
      [false, false, false, true, true],
      { label: 'Show in sidebar', run: (i) => page.showInTree({ kind: 'renewals', from: m.renewals[i].from, to: m.renewals[i].to }) },
    ),
    `Seats: ${m.renewals.map((b) => `${b.label} ${fmt(b.seats)}`).join(' · ')}. Click a bar to list those licenses.`,
  );
}
