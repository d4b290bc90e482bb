/**
 * LMA: Link Package: the Partner Console steps with the values to enter and the permanence warning
 * (a modal), then — if the user says they registered it — the wait for the link (linkWaits.ts).
 * A package is named by its Packages-view node, or by id or name (the command palette, tests).
 */
import * as vscode from 'vscode';
import { linkingGuide } from '../../core/linking/guide';
import { type LinkReport } from '../../core/linking/linkState';
import type { OrgClient } from '../../data/org/orgClient';
import { type Prompts } from '../kit/prompts';
import { type LinkWaitRequest } from './linkWaits';
import { type PackagesNode } from './packagesTree';

export type LinkPackageTarget = PackagesNode | { subscriberPackageId?: string; name?: string } | undefined;

export interface LinkPackageDeps {
  readonly client: OrgClient;
  readonly report: LinkReport | undefined;
  readonly ownerLabel: string | undefined;
  readonly prompts: Prompts;
  /** Copies the package id and opens the Partner Console (the demo's, or Salesforce's). */
  readonly openConsole: (subscriberPackageId: string, consoleUrl: string) => Promise<void>;
  readonly waitFor: (wait: LinkWaitRequest) => Promise<string>;
}

/** What the flow ended with: the user backed out, the id is unknown, or the wait started (its promise). */
export type LinkPackageOutcome = { kind: 'unknownPackage' } | { kind: 'backedOut' } | { kind: 'waiting'; wait: Promise<string> };

export async function linkPackageFlow(target: LinkPackageTarget, deps: LinkPackageDeps): Promise<LinkPackageOutcome> {
  const { client, report, prompts } = deps;
  const named = target && !('kind' in target) ? target : undefined;
  const fromNode = target && 'kind' in target && target.kind === 'package' ? target.link : undefined;
  const link =
    fromNode ??
    report?.packages.find(
      (p) =>
        !!named &&
        ((named.subscriberPackageId && p.subscriberPackageId?.slice(0, 15) === named.subscriberPackageId.slice(0, 15)) ||
          (!!named.name && (p.projectName ?? p.name).toLowerCase() === named.name.toLowerCase())),
    );
  const subscriberPackageId = link?.subscriberPackageId ?? named?.subscriberPackageId;
  if (!subscriberPackageId) {
    void prompts.warn(vscode.l10n.t('The package id (033…) is not known: connect the Dev Hub that owns the package (LMA: Connect a Dev Hub…).'));
    return { kind: 'unknownPackage' };
  }
  const name = link?.projectName ?? link?.name ?? named?.name ?? subscriberPackageId;
  const guide = linkingGuide({
    packageName: name,
    subscriberPackageId,
    generation: link?.generation,
    ownerLabel: deps.ownerLabel,
    lmoLabel: client.target.label,
    lmoOrgId: client.target.orgId,
    lmoUsername: client.target.username,
    consoleUrl: client.target.source === 'demo' ? `${client.target.instanceUrl}/partnerconsole` : undefined,
  });
  const detail = [
    guide.permanence,
    '',
    ...guide.steps.map((s) => `${s.number}. ${s.text}${s.copy ? `\n    ${s.copy.label}: ${s.copy.value}` : ''}`),
    '',
    guide.afterwards,
  ].join('\n');
  const open = vscode.l10n.t('Copy the Package ID and Open the Partner Console');
  const wait = vscode.l10n.t('I Registered It: Watch for the Link');
  const choice = await prompts.warn(guide.title, { modal: true, detail }, open, wait);
  if (!choice) return { kind: 'backedOut' };
  if (choice === open) await deps.openConsole(subscriberPackageId, guide.consoleUrl);
  return {
    kind: 'waiting',
    wait: deps.waitFor({
      name,
      lmoLabel: client.target.label,
      target: {
        subscriberPackageId,
        ownerOrgId: report?.ownerOrgId,
        releasedVersionIds: link?.releasedVersions.map((v) => v.subscriberPackageVersionId),
      },
    }),
  };
}
