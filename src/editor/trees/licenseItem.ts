import * as vscode from 'vscode';
import { type CalendarDate } from '../../core/calendarDate';
import { singleLine } from '../../core/displayText';
import { type License, type LicenseState, daysUntilExpiry, describeExpiration, describeSeats, licenseState, subscriberName } from '../../core/license';
import { type SubscriberOrg } from '../../core/subscriberOrg';

const STATE_ICONS: Record<LicenseState, [string, string]> = {
  active: ['pass-filled', 'testing.iconPassed'],
  trial: ['clock', 'charts.blue'],
  suspended: ['debug-pause', 'charts.orange'],
  expired: ['error', 'errorForeground'],
  uninstalled: ['circle-slash', 'disabledForeground'],
  unknown: ['question', 'descriptionForeground'],
};

const STATE_LABELS: Record<LicenseState, string> = {
  active: 'Active',
  trial: 'Trial',
  suspended: 'Suspended',
  expired: 'Expired',
  uninstalled: 'Uninstalled',
  unknown: 'Unknown status',
};

export function stateIcon(state: LicenseState): vscode.ThemeIcon {
  const [icon, color] = STATE_ICONS[state];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

export function stateLabel(state: LicenseState): string {
  return STATE_LABELS[state];
}

function seatsShort(license: License): string {
  if (license.seats.kind === 'site') return 'site';
  if (license.seats.kind === 'unset') return 'seats not set';
  return `${license.usedSeats ?? 0}/${license.seats.count} seats`;
}

function expiryShort(license: License, today: CalendarDate): string {
  if (license.expiration.kind === 'perpetual') return 'perpetual';
  const days = daysUntilExpiry(license, today) ?? 0;
  if (days < 0) return `expired ${license.expiration.date}`;
  if (days === 0) return 'expires today';
  return `expires ${license.expiration.date}`;
}

/** "Active · 12/25 seats · expires 2026-04-01 · sandbox" */
export function licenseDescription(license: License, today: CalendarDate): string {
  const parts = [stateLabel(licenseState(license, today)), seatsShort(license), expiryShort(license, today)];
  if (license.isSandbox) parts.push('sandbox');
  return parts.join(' · ');
}

/** The whole record, readable. Every record value goes through appendText, which escapes it. */
export function licenseTooltip(license: License, today: CalendarDate): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  md.appendText(singleLine(subscriberName(license), 200));
  md.appendMarkdown('**\n\n');
  const rows: [string, string | undefined][] = [
    ['License', license.name],
    [
      'Status',
      `${stateLabel(licenseState(license, today))}${license.statusLabel && license.statusLabel !== stateLabel(licenseState(license, today)) ? ` (${license.statusLabel})` : ''}`,
    ],
    ['Package', license.packageName],
    ['Version', license.versionNumber],
    [
      'Seats',
      license.seats.kind === 'perSeat'
        ? `${describeSeats(license.seats)}, ${license.usedSeats ?? 0} used`
        : `${describeSeats(license.seats)}${license.usedSeats !== undefined ? `, ${license.usedSeats} users` : ''}`,
    ],
    ['Expiration', describeExpiration(license.expiration)],
    ['Installed', license.installDate],
    ['Subscriber org', license.subscriberOrgId],
    ['Org type', license.isSandbox ? 'Sandbox' : 'Production'],
    ['Edition', license.orgEdition],
    ['Instance', license.orgInstance],
    ['Org status', license.orgStatus],
    ['Account', license.accountName],
    ['Lead company', license.accountName ? undefined : license.leadCompany],
    ['Last modified', license.lastModified?.slice(0, 10)],
  ];
  for (const [label, value] of rows) {
    if (value === undefined || value === '') continue;
    md.appendMarkdown(`${label}: `);
    md.appendText(singleLine(value, 300));
    md.appendMarkdown('  \n');
  }
  return md;
}

export function orgDescription(org: SubscriberOrg): string {
  const parts = [
    org.edition,
    org.instance,
    org.isSandbox ? 'sandbox' : 'production',
    `${org.licenses.length} ${org.licenses.length === 1 ? 'license' : 'licenses'}`,
  ];
  return parts.filter(Boolean).join(' · ');
}

export function orgTooltip(org: SubscriberOrg, state: LicenseState): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  md.appendText(singleLine(org.name, 200));
  md.appendMarkdown('**\n\n');
  const rows: [string, string | undefined][] = [
    ['Org ID', org.orgKey],
    ['Overall', stateLabel(state)],
    ['Edition', org.edition],
    ['Instance', org.instance],
    ['Org type', org.isSandbox ? 'Sandbox' : 'Production'],
    ['Licenses', org.licenses.map((l) => `${l.packageName ?? '?'} ${l.versionNumber ?? ''}`.trim()).join(', ')],
  ];
  for (const [label, value] of rows) {
    if (!value) continue;
    md.appendMarkdown(`${label}: `);
    md.appendText(singleLine(value, 400));
    md.appendMarkdown('  \n');
  }
  return md;
}
