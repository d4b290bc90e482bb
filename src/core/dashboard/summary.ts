/** The dashboard's numbers as Markdown (copy summary) and as rows (metrics CSV, CLI report). */
import { singleLine } from '../displayText';
import { type InstallBaseMetrics } from './installBaseMetrics';

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
/** Markdown table cells: no pipes, no newlines, and no markup from customer text. */
const cell = (text: string) => singleLine(text, 200).replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);

export interface SummaryContext {
  readonly orgLabel: string;
  readonly scopeLabel: string;
}

/** Rows of [section, metric, value] for CSV; values are plain numbers where they are numbers. */
export function metricsRows(m: InstallBaseMetrics, context: SummaryContext): (string | number)[][] {
  const rows: (string | number)[][] = [
    ['Context', 'LMO', context.orgLabel],
    ['Context', 'Scope', context.scopeLabel],
    ['Context', 'As of', m.options.today],
    ['Context', 'Sandboxes', m.options.includeSandboxes ? 'included' : 'excluded'],
    ['Subscribers', 'Active subscribers', m.activeSubscribers],
    ['Subscribers', 'Trial subscribers', m.trialSubscribers],
    ['Licenses', 'Live licenses', m.liveLicenses],
    ['Seats', 'Seats', m.seats],
    ['Seats', 'Used seats', m.usedSeats],
    ['Seats', 'Utilisation', m.utilisation === undefined ? '' : Number(m.utilisation.toFixed(4))],
    ['Seats', 'Site licenses', m.siteLicenses],
  ];
  for (const b of m.renewals) {
    rows.push(['Renewal pipeline', `${b.label} licenses (${b.from} to ${b.to})`, b.licenses], ['Renewal pipeline', `${b.label} seats`, b.seats]);
  }
  rows.push(
    [churnSection(m), `Churned in ${m.churn.periodDays} days (since ${m.churn.since})`, m.churn.churned],
    [churnSection(m), 'Churn rate', m.churn.rate === undefined ? '' : Number(m.churn.rate.toFixed(4))],
  );
  for (const p of m.versionAdoption) {
    rows.push([
      'Version adoption',
      `${p.packageName}: share on latest ${p.latestVersion ?? '—'}`,
      p.shareOnLatest === undefined ? '' : Number(p.shareOnLatest.toFixed(4)),
    ]);
    for (const v of p.versions) rows.push(['Version adoption', `${p.packageName} ${v.versionNumber}${v.isBeta ? ' (beta)' : ''} live licenses`, v.live]);
  }
  for (const i of m.installsByMonth) rows.push(['Installs by month', i.month, i.installs]);
  for (const e of m.subscribersByEdition) rows.push(['Subscribers by edition', e.edition, e.subscribers]);
  for (const s of m.statusMix) rows.push(['Status mix', s.status, s.licenses]);
  return rows;
}

const churnSection = (m: InstallBaseMetrics) => (m.churn.source === 'history' ? 'Churn (License history)' : 'Churn (approximated)');

/** What the churn figure rests on, in one sentence. */
export function churnNote(m: InstallBaseMetrics): string {
  return m.churn.source === 'history'
    ? '_Churn counts licenses whose License history shows a status change to Uninstalled or Suspended in the period._'
    : '_Churn is approximated: License history could not be read, so it counts Uninstalled or Suspended licenses last modified in the period (the LMA rewrites records on every sync)._';
}

export function metricsMarkdown(m: InstallBaseMetrics, context: SummaryContext): string {
  const lines = [
    `## Install base — ${cell(context.orgLabel)} (${cell(context.scopeLabel)}), ${m.options.today}`,
    '',
    `Sandboxes ${m.options.includeSandboxes ? 'included' : 'excluded'}.`,
    '',
    '| Metric | Value |',
    '|---|---:|',
    `| Active subscribers | ${n(m.activeSubscribers)} |`,
    `| Trial subscribers | ${n(m.trialSubscribers)} |`,
    `| Live licenses | ${n(m.liveLicenses)} |`,
    `| Seats (used / total) | ${n(m.usedSeats)} / ${n(m.seats)} (${pct(m.utilisation)}) |`,
    `| Site licenses | ${n(m.siteLicenses)} |`,
    `| Churn, last ${m.churn.periodDays} days${m.churn.source === 'history' ? '' : ' (approx.)'} | ${n(m.churn.churned)} (${pct(m.churn.rate)}) |`,
    '',
    '| Renewals due | Licenses | Seats |',
    '|---|---:|---:|',
    ...m.renewals.map((b) => `| ${b.label} (${b.from} – ${b.to}) | ${n(b.licenses)} | ${n(b.seats)} |`),
    '',
    '| Package | Latest | Live licenses | On latest |',
    '|---|---|---:|---:|',
    ...m.versionAdoption.map((p) => `| ${cell(p.packageName)} | ${cell(p.latestVersion ?? '—')} | ${n(p.live)} | ${pct(p.shareOnLatest)} |`),
    '',
    churnNote(m),
  ];
  return `${lines.join('\n')}\n`;
}
