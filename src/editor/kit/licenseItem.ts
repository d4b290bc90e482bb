import * as vscode from 'vscode';
import { type CalendarDate } from '../../core/calendarDate';
import { singleLine } from '../../core/displayText';
import { type License, type LicenseState, daysUntilExpiry, describeExpiration, describeSeats, licenseState, subscriberName } from '../../core/license';
import { type SubscriberOrg } from '../../core/subscriberOrg';
import { type LicenseNote } from './licenseNotes';

const STATE_ICONS: Record<LicenseState, [string, string]> = {
  active: ['pass-filled', 'charts.green'],
  trial: ['clock', 'charts.blue'],
  suspended: ['debug-pause', 'list.warningForeground'],
  expired: ['error', 'errorForeground'],
  uninstalled: ['circle-slash', 'disabledForeground'],
  unknown: ['question', 'descriptionForeground'],
};

export function stateIcon(state: LicenseState): vscode.ThemeIcon {
  const [icon, color] = STATE_ICONS[state];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

export function stateLabel(state: LicenseState): string {
  switch (state) {
    case 'active':
      return vscode.l10n.t('Active');
    case 'trial':
      return vscode.l10n.t('Trial');
    case 'suspended':
      return vscode.l10n.t('Suspended');
    case 'expired':
      return vscode.l10n.t('Expired');
    case 'uninstalled':
      return vscode.l10n.t('Uninstalled');
    case 'unknown':
      return vscode.l10n.t('Unknown status');
  }
}

function seatsShort(license: License): string {
  if (license.seats.kind === 'site') return vscode.l10n.t('site');
  if (license.seats.kind === 'unset') return vscode.l10n.t('seats not set');
  return vscode.l10n.t('{0}/{1} seats', license.usedSeats ?? 0, license.seats.count);
}

function expiryShort(license: License, today: CalendarDate): string {
  if (license.expiration.kind === 'perpetual') return vscode.l10n.t('perpetual');
  const days = daysUntilExpiry(license, today) ?? 0;
  if (days < 0) return vscode.l10n.t('expired {0}', license.expiration.date);
  if (days === 0) return vscode.l10n.t('expires today');
  return vscode.l10n.t('expires {0}', license.expiration.date);
}

/**
 * The words after a license row's label, most useful first, for a side bar that cuts the rest:
 * "12/25 seats · expires 2026-04-01" for an active license (its icon says active), the state first
 * otherwise ("Suspended · 12/25 seats · …"); "sandbox" last. The tooltip has the whole record.
 */
export function licenseDescription(license: License, today: CalendarDate): string {
  const state = licenseState(license, today);
  const parts = [...(state === 'active' ? [] : [stateLabel(state)]), seatsShort(license), expiryShort(license, today)];
  if (license.isSandbox) parts.push(vscode.l10n.t('sandbox'));
  return parts.join(' · ');
}

/** What a screen reader says for a license row: its label, then its state in words (the icon's colour says it on screen), then the rest. */
export function licenseAccessibility(label: string, license: License, today: CalendarDate): vscode.AccessibilityInformation {
  const state = licenseState(license, today);
  const rest = licenseDescription(license, today);
  return { label: [label, ...(state === 'active' ? [stateLabel(state)] : []), rest].join(', ') };
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
    [vscode.l10n.t('License'), license.name],
    [
      vscode.l10n.t('Status'),
      `${stateLabel(licenseState(license, today))}${license.statusLabel && license.statusLabel !== stateLabel(licenseState(license, today)) ? ` (${license.statusLabel})` : ''}`,
    ],
    [vscode.l10n.t('Package'), license.packageName],
    [vscode.l10n.t('Version'), license.versionNumber],
    [
      vscode.l10n.t('Seats'),
      license.seats.kind === 'perSeat'
        ? vscode.l10n.t('{0}, {1} used', describeSeats(license.seats), license.usedSeats ?? 0)
        : license.usedSeats !== undefined
          ? vscode.l10n.t('{0}, {1} users', describeSeats(license.seats), license.usedSeats)
          : describeSeats(license.seats),
    ],
    [vscode.l10n.t('Expiration'), describeExpiration(license.expiration)],
    [vscode.l10n.t('Installed'), license.installDate],
    [vscode.l10n.t('Subscriber org'), license.subscriberOrgId],
    [vscode.l10n.t('Org type'), license.isSandbox ? vscode.l10n.t('Sandbox') : vscode.l10n.t('Production')],
    [vscode.l10n.t('Edition'), license.orgEdition],
    [vscode.l10n.t('Instance'), license.orgInstance],
    [vscode.l10n.t('Org status'), license.orgStatus],
    [vscode.l10n.t('Account'), license.accountName],
    [vscode.l10n.t('Lead company'), license.accountName ? undefined : license.leadCompany],
    [vscode.l10n.t('Last modified'), license.lastModified?.slice(0, 10)],
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
    org.isSandbox ? vscode.l10n.t('sandbox') : vscode.l10n.t('production'),
    org.licenses.length === 1 ? vscode.l10n.t('{0} license', org.licenses.length) : vscode.l10n.t('{0} licenses', org.licenses.length),
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
    [vscode.l10n.t('Org ID'), org.orgKey],
    [vscode.l10n.t('Overall'), stateLabel(state)],
    [vscode.l10n.t('Edition'), org.edition],
    [vscode.l10n.t('Instance'), org.instance],
    [vscode.l10n.t('Org type'), org.isSandbox ? vscode.l10n.t('Sandbox') : vscode.l10n.t('Production')],
    [vscode.l10n.t('Licenses'), org.licenses.map((l) => `${l.packageName ?? '?'} ${l.versionNumber ?? ''}`.trim()).join(', ')],
  ];
  for (const [label, value] of rows) {
    if (!value) continue;
    md.appendMarkdown(`${label}: `);
    md.appendText(singleLine(value, 400));
    md.appendMarkdown('  \n');
  }
  return md;
}

/** A license's row in a tree: the label the tree chose, then the same words, icon, tooltip and context everywhere. */
export function licenseTreeItem(label: string, license: License, today: CalendarDate, id: string, expands = false, note?: LicenseNote): vscode.TreeItem {
  const item = new vscode.TreeItem(singleLine(label), expands ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = note ? `${licenseDescription(license, today)} · ${singleLine(note.badge, 60)}` : licenseDescription(license, today);
  const spoken = licenseAccessibility(String(item.label), license, today);
  item.accessibilityInformation = note ? { ...spoken, label: `${spoken.label}, ${singleLine(note.text, 200)}` } : spoken;
  item.iconPath = stateIcon(licenseState(license, today));
  const tooltip = licenseTooltip(license, today);
  if (note) {
    tooltip.appendMarkdown(`${note.label}: `);
    tooltip.appendText(singleLine(note.text, 300));
    tooltip.appendMarkdown('  \n');
  }
  item.tooltip = tooltip;
  item.contextValue = license.isSandbox ? 'license.sandbox' : 'license';
  return item;
}
