/**
 * Renewal pipeline: live, non-perpetual licenses expiring in the next 90 days, by 30-day window —
 * counted in licenses or in seats (a toggle: one unit on the chart at a time, named on the axis
 * and in the line under the title).
 */
import type { Chart } from 'chart.js';
import type { InstallBaseMetrics } from '../../../core/dashboard/installBaseMetrics';
import { h, table } from '../../shared/dom';
import { barChart, palette, showBars } from '../charts';
import type { DashboardPage } from '../page';
import { keepWhole } from '../tables';
import { chartCard } from './chartCard';

type RenewalUnit = 'licenses' | 'seats';

/** The unit last chosen: kept when the page draws again (a theme change, a refresh). */
let chosen: RenewalUnit = 'licenses';

const SUBTITLE: Record<RenewalUnit, string> = {
  licenses: 'Licenses renewing, by 30-day window',
  // Seats count per-seat licenses only: a site license has no seat count (docs/salesforce/lma-objects.md, sfLma__Seats__c).
  seats: 'Seats renewing, by 30-day window (per-seat licenses; site licenses have no seat count)',
};

function numbers(m: InstallBaseMetrics, unit: RenewalUnit) {
  const data = m.renewals.map((b) => b[unit]);
  return {
    unit,
    label: unit === 'licenses' ? 'Licenses' : 'Seats',
    data,
    ariaLabel: `${SUBTITLE[unit]}: ${m.renewals.map((b, i) => `${b.label} ${data[i]} ${unit}`).join('; ')}`,
  };
}

export function renewalsCard(page: DashboardPage, m: InstallBaseMetrics): HTMLElement {
  const p = palette();
  const show = (i: number) => page.showInTree({ kind: 'renewals', from: m.renewals[i].from, to: m.renewals[i].to });
  let chart: Chart | undefined;
  const toggles = (['licenses', 'seats'] as const).map((unit) =>
    h('button', {
      class: 'segment',
      type: 'button',
      'data-unit': unit,
      'aria-pressed': String(unit === chosen),
      text: unit === 'licenses' ? 'Licenses' : 'Seats',
    }),
  );
  const unitSwitch = h('span', { class: 'segmented', role: 'group', 'aria-label': 'Count renewals in' }, ...toggles);
  const card = chartCard({
    title: 'Renewal pipeline',
    id: 'renewals',
    subtitle: SUBTITLE[chosen],
    hint: 'Live, non-perpetual licenses expiring in the next 90 days. Click a bar, or a period in the table, to list those licenses in the sidebar.',
    controls: unitSwitch,
    draw: (canvas) => {
      const n = numbers(m, chosen);
      chart = barChart(canvas, {
        labels: m.renewals.map((b) => b.label),
        datasets: [{ label: n.label, data: n.data, color: p.series[2] }],
        unit: n.unit,
        ariaLabel: n.ariaLabel,
        onClick: show,
      });
    },
    table: keepWhole(
      table(
        'Live, non-perpetual licenses expiring in the next 90 days',
        ['Due in', 'Expiring', 'Licenses', 'Seats'],
        m.renewals.map((b) => [b.label, `${b.from} to ${b.to}`, b.licenses, b.seats]),
        [false, false, true, true],
        { label: 'Show in sidebar', run: show },
      ),
      [0],
    ),
  });
  for (const toggle of toggles)
    toggle.addEventListener('click', () => {
      chosen = toggle.dataset.unit as RenewalUnit;
      for (const t of toggles) t.setAttribute('aria-pressed', String(t === toggle));
      const subtitle = card.querySelector('.subtitle');
      if (subtitle) subtitle.textContent = SUBTITLE[chosen];
      if (chart) showBars(chart, numbers(m, chosen));
    });
  return card;
}
