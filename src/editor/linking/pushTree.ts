/**
 * The push-upgrade rows of the Packages view (pushModel.ts reads them): under a package, its push
 * requests; under a request, its jobs by status, its errors grouped by type and title, and the
 * orgs that failed or never started but are already on the target version; under a group, its orgs
 * by their LMA names. Read-only (docs/salesforce/push-status.md).
 */
import * as vscode from 'vscode';
import { singleLine } from '../../core/displayText';
import { type PackageLink } from '../../core/linking/linkState';
import { PUSH_STATUSES, type PushRequest, type PushStatus, isEndedPushStatus } from '../../core/linking/pushStatus';
import { isLmoError } from '../../data/org/errors';
import { type MessageNode, textLines } from '../kit/treeSupport';
import { type PushDetail, type PushModel } from './pushModel';

/** An org row (shared with the subscriber drift rows): copy its id; open its license when the LMO has one. */
export type OrgRowNode = {
  readonly kind: 'driftOrg';
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly detail: string;
  readonly licenseId?: string;
};

export type PushNode =
  | { readonly kind: 'pushes'; readonly id: string; readonly link: PackageLink }
  | { readonly kind: 'pushRequest'; readonly id: string; readonly link: PackageLink; readonly request: PushRequest }
  | {
      readonly kind: 'pushErrorGroup';
      readonly id: string;
      readonly orgs: readonly OrgRowNode[];
      readonly label: string;
      readonly title: string;
      readonly message: string;
    };

const STATUS_ICON: Record<PushStatus, [string, string | undefined]> = {
  Created: ['watch', undefined],
  Pending: ['watch', undefined],
  'In Progress': ['sync', 'charts.blue'],
  Succeeded: ['pass', 'testing.iconPassed'],
  Failed: ['error', 'errorForeground'],
  Canceled: ['circle-slash', undefined],
};

const orgCount = (n: number) => (n === 1 ? vscode.l10n.t('of 1 org') : vscode.l10n.t('of {0} orgs', n));

/** "37 failed · 120 succeeded of 160". */
export function requestCounts(r: PushRequest): string {
  const parts = [
    r.jobs.Failed ? vscode.l10n.t('{0} failed', r.jobs.Failed) : '',
    r.jobs.Succeeded ? vscode.l10n.t('{0} succeeded', r.jobs.Succeeded) : '',
    r.jobs['In Progress'] ? vscode.l10n.t('{0} upgrading', r.jobs['In Progress']) : '',
  ].filter(Boolean);
  return `${parts.join(' · ') || vscode.l10n.t('none started')} ${orgCount(r.orgsScheduled)}`;
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');
const message = (id: string, text: string, icon: string, tooltip?: string): MessageNode => ({ kind: 'message', id, text, icon, tooltip });

export async function pushChildren(node: PushNode, model: PushModel): Promise<(PushNode | OrgRowNode | MessageNode)[]> {
  try {
    switch (node.kind) {
      case 'pushes': {
        const requests = await model.requestsOf(node.link);
        if (!requests.length) return [message(`${node.id}:none`, vscode.l10n.t('No push upgrade scheduled for this package.'), 'info')];
        return requests.map((request) => ({ kind: 'pushRequest', id: `${node.id}:${request.id}`, link: node.link, request }));
      }
      case 'pushRequest':
        return requestRows(node, await model.detailOf(node.link, node.request));
      case 'pushErrorGroup':
        return [...node.orgs];
    }
  } catch (err) {
    const text = isLmoError(err) ? err.message : (err as Error).message;
    return [message(`${node.id}:error`, vscode.l10n.t("Couldn't read the push upgrades: {0}", text), 'warning', text)];
  }
}

function requestRows(node: Extract<PushNode, { kind: 'pushRequest' }>, detail: PushDetail): (PushNode | OrgRowNode | MessageNode)[] {
  const { report, licenseOf, nameOf } = detail;
  const r = report.request;
  const byStatus = PUSH_STATUSES.filter((s) => r.jobs[s]).map((s) => `${r.jobs[s]} ${s}`);
  const rows: (PushNode | OrgRowNode | MessageNode)[] = [
    message(`${node.id}:jobs`, vscode.l10n.t('Jobs: {0}', byStatus.join(' · ') || vscode.l10n.t('none')), 'list-unordered'),
  ];
  const orgRow = (parent: string, key: string, detailText: string): OrgRowNode => ({
    kind: 'driftOrg',
    id: `${parent}:${key}`,
    orgId: key,
    name: nameOf.get(key) ?? vscode.l10n.t('(no license in this LMO)'),
    detail: detailText,
    licenseId: licenseOf.get(key),
  });
  for (const g of report.errorGroups) {
    const id = `${node.id}:err:${g.type}:${g.title}`;
    rows.push({
      kind: 'pushErrorGroup',
      id,
      label: `${g.orgKeys.length === 1 ? vscode.l10n.t('1 org') : vscode.l10n.t('{0} orgs', g.orgKeys.length)} · ${g.type}`,
      title: g.title,
      message: g.message,
      orgs: g.orgKeys.map((k) => orgRow(id, k, `${g.type} · ${g.severity}`)),
    });
  }
  if (report.alreadyUpgraded.length)
    rows.push(
      message(
        `${node.id}:upgraded`,
        report.alreadyUpgraded.length === 1
          ? vscode.l10n.t('1 org that failed or never started is on v{0} or later now: left out of a retry', r.versionNumber ?? '?')
          : vscode.l10n.t(
              '{0} orgs that failed or never started are on v{1} or later now: left out of a retry',
              report.alreadyUpgraded.length,
              r.versionNumber ?? '?',
            ),
        'pass',
      ),
    );
  if (report.ended && !report.retryOrgKeys.length && !r.jobs.Failed) rows.push(message(`${node.id}:clean`, vscode.l10n.t('Nothing to push again.'), 'pass'));
  return rows;
}

export function pushItem(node: PushNode): vscode.TreeItem {
  switch (node.kind) {
    case 'pushes': {
      const item = new vscode.TreeItem(vscode.l10n.t('Push Upgrades'), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('cloud-upload');
      item.tooltip = vscode.l10n.t('The push upgrades scheduled for this package, as the org that owns it keeps them. Read-only.');
      return item;
    }
    case 'pushRequest': {
      const r = node.request;
      const item = new vscode.TreeItem(`v${r.versionNumber ?? '?'} · ${r.status}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      const [icon, colour] = STATUS_ICON[r.status];
      item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
      item.description = [requestCounts(r), day(r.startTime ?? r.scheduledStartTime)].filter(Boolean).join(' · ');
      item.tooltip = textLines(
        [
          vscode.l10n.t('Push request {0}: {1}', r.id, r.status),
          vscode.l10n.t('Version {0} ({1})', r.versionNumber ?? '?', r.packageVersionId),
          r.scheduledStartTime ? vscode.l10n.t('Scheduled {0}', r.scheduledStartTime) : '',
          r.startTime ? vscode.l10n.t('Started {0}', r.startTime) : '',
          r.endTime ? vscode.l10n.t('Ended {0}', r.endTime) : '',
        ],
        300,
      );
      const retryable = r.jobs.Failed > 0 || (isEndedPushStatus(r.status) && (r.jobs.Created > 0 || r.jobs.Pending > 0));
      item.contextValue = retryable ? 'pushRequest.retryable' : 'pushRequest';
      return item;
    }
    case 'pushErrorGroup': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = singleLine(node.title, 120);
      item.tooltip = `${singleLine(node.title, 300)}\n${singleLine(node.message, 600)}`;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      return item;
    }
  }
}
