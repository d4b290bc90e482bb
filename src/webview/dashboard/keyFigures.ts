/** The key figures above the cards: subscribers, live licenses, seats, site licenses, churn. */
import type { InstallBaseMetrics } from '../../core/dashboard/installBaseMetrics';
import { fmt, h, pct } from '../shared/dom';

function kpi(label: string, value: string, detail?: string, note?: string): HTMLElement {
  return h(
    'div',
    { class: 'kpi', role: 'group', 'aria-label': label },
    h('div', { class: 'kpi-label', text: label }),
    h('div', { class: 'kpi-value', text: value }),
    detail ? h('div', { class: 'kpi-detail', text: detail }) : null,
    note ? h('div', { class: 'kpi-note', text: note }) : null,
  );
}

export function keyFigures(m: InstallBaseMetrics): HTMLElement {
  return h(
    'section',
    { class: 'kpis', 'aria-label': 'Key figures' },
    kpi('Active subscribers', fmt(m.activeSubscribers), 'orgs with a live Active license'),
    kpi('Trial subscribers', fmt(m.trialSubscribers), 'live Trial, no live Active'),
    kpi('Live licenses', fmt(m.liveLicenses), 'Active or Trial, not expired'),
    kpi('Seats', `${fmt(m.usedSeats)} / ${fmt(m.seats)}`, `${pct(m.utilisation)} used (per-seat licenses)`),
    kpi('Site licenses', fmt(m.siteLicenses), 'live, counted apart from seats'),
    kpi(
      // The label says it too, as the Markdown summary's does: the note under the figure may be skipped.
      `Churn, ${m.churn.periodDays} days${m.churn.source === 'history' ? '' : ' (approx.)'}`,
      fmt(m.churn.churned),
      `rate ${pct(m.churn.rate)}`,
      m.churn.source === 'history'
        ? 'From License history: licenses whose status changed to Uninstalled or Suspended in the period.'
        : 'Approximated: License history could not be read, so this counts Uninstalled or Suspended licenses last modified in the period (the LMA rewrites records on every sync, so it over-counts).',
    ),
  );
}
