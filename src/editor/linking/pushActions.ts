/**
 * What a push request in the Packages view offers (pushTree.ts): copy the org ids whose job failed,
 * and write the retry org file — failed and never-started orgs, minus those the LMO shows on the
 * target version or later — into the workspace, in the format `sf package push-upgrade schedule
 * --org-file` reads (docs/salesforce/push-status.md). Nothing is pushed: the user schedules the
 * next push (Push Upgrade These Orgs… hands off by generation).
 */
import * as vscode from 'vscode';
import { retryOrgFileName } from '../../core/linking/pushStatus';
import { orgFileContent } from '../../core/linking/pushUpgrade';
import { orgKey } from '../../core/orgId';
import { type FeatureContext } from '../kit/featureContext';
import { type Prompts } from '../kit/prompts';
import { type PushModel } from './pushModel';
import { type PushNode } from './pushTree';

type RequestNode = Extract<PushNode, { kind: 'pushRequest' }>;

/** Where retry files go: the first workspace folder's .lma/push-upgrades (beside the hand-off's org files). */
const retryFolder = () => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && vscode.Uri.joinPath(folder.uri, '.lma', 'push-upgrades');
};

export function registerPushActions(ctx: FeatureContext, model: () => PushModel, prompts: Prompts): void {
  ctx.command('lma.copyFailedPushOrgs', async (node?: RequestNode) => {
    if (node?.kind !== 'pushRequest') return;
    const detail = await model().detailOf(node.link, node.request);
    const failed = [...new Set(detail.jobs.filter((j) => j.status === 'Failed').map((j) => orgKey(j.orgKey)))].filter(Boolean).sort();
    if (!failed.length) {
      void prompts.info(vscode.l10n.t('No org failed in this push.'));
      return;
    }
    await vscode.env.clipboard.writeText(`${failed.join('\n')}\n`);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0} failed org IDs', failed.length), 3000);
  });

  ctx.command('lma.writePushRetryFile', async (node?: RequestNode) => {
    if (node?.kind === 'pushRequest') await writeRetryFile(node, model(), prompts);
  });
}

/** Writes the request's retry org file into the workspace and says so; the file, or undefined when there is nothing to write. */
export async function writeRetryFile(node: RequestNode, model: PushModel, prompts: Prompts): Promise<vscode.Uri | undefined> {
  const folder = retryFolder();
  if (!folder) {
    void prompts.warn(vscode.l10n.t('Open a folder first: the retry org file is written into the workspace.'));
    return undefined;
  }
  const { report } = await model.detailOf(node.link, node.request);
  const left = report.alreadyUpgraded.length;
  const version = report.request.versionNumber ?? '?';
  const leftOut =
    left === 1
      ? vscode.l10n.t(' 1 org already on v{0} or later was left out.', version)
      : left
        ? vscode.l10n.t(' {0} orgs already on v{1} or later were left out.', left, version)
        : '';
  if (!report.retryOrgKeys.length) {
    void prompts.info(vscode.l10n.t('No org to push again: none failed or was left unstarted.{0}', leftOut));
    return undefined;
  }
  const file = vscode.Uri.joinPath(folder, retryOrgFileName(report.request));
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(orgFileContent(report.retryOrgKeys.map((orgId) => ({ orgId })))));
  const open = vscode.l10n.t('Open the Org File');
  void prompts
    .info(
      vscode.l10n.t('Wrote the {0} orgs to push again to {1}.{2}', report.retryOrgKeys.length, vscode.workspace.asRelativePath(file, false), leftOut),
      {
        detail: vscode.l10n.t(
          'Schedule the next push with this file: Push Upgrade These Orgs… on the version, or sf package push-upgrade schedule --org-file.',
        ),
      },
      open,
    )
    .then(async (choice) => {
      if (choice === open) await vscode.window.showTextDocument(file);
    });
  return file;
}
