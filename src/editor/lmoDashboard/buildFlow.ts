/**
 * LMA: Build the Executive Dashboard… — setup step 5 from the editor (docs/salesforce/lmo-dashboard.md):
 * the title, the executives' profile and whose numbers it shows are asked (with the remembered or default answers), the
 * metadata is generated into the workspace's lmo-dashboard/ (to review and commit), the org
 * validates the deploy and the preview says what is new, changed or unchanged, a confirmation,
 * the deploy with progress, each component's outcome, and step 5 read back. Nothing in the org
 * is deleted; the Home page's assignment is handed to Lightning App Builder.
 */
import * as vscode from 'vscode';
import { churnFromTracking } from '../../core/lmoDashboard/churnChoice';
import { deployPackage } from '../../core/lmoDashboard/deployPackage';
import { type GeneratedDashboard, generateLmoDashboard, isGeneratedFile } from '../../core/lmoDashboard/generate';
import { DEFAULT_OPTIONS, LmoDashboardOptionsError, MAX_TITLE } from '../../core/lmoDashboard/options';
import type { DeployOutcome } from '../../data/lmo/lmoDashboardDeploy';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { salesforceStack } from '../../data/org/connect';
import { type Prompts } from '../kit/prompts';
import { GENERATED_FOLDER, readWorkspaceOptions } from './workspaceOptions';

export type BuildResult =
  | { readonly kind: 'deployed'; readonly outcome: DeployOutcome; readonly folder: vscode.Uri }
  | { readonly kind: 'refused'; readonly outcome: DeployOutcome }
  | { readonly kind: 'stopped'; readonly why: string };

export interface BuildDeps {
  readonly lmo: LicenseManagementOrg;
  readonly prompts: Prompts;
  /** Runs work with a notification's progress and Cancel. */
  readonly withProgress: <T>(title: string, work: (report: (message: string) => void, signal: AbortSignal) => Promise<T>) => Promise<T>;
}

const STATE_WORDS: Record<string, string> = { Created: 'new', Changed: 'changed', Unchanged: 'unchanged', Failed: 'refused' };

/** The preview and results, one line per component. */
export function outcomeLines(outcome: DeployOutcome, words: Record<string, string> = STATE_WORDS): string[] {
  return outcome.components.map((c) => `${words[c.state] ?? c.state}: ${c.type} ${c.fullName}${c.problem ? ` — ${c.problem}` : ''}`);
}

/** Writes the generated files, refusing the whole write when a file in the way is not one the generator wrote. */
async function writeGenerated(folder: vscode.Uri, g: GeneratedDashboard): Promise<string | undefined> {
  const decoder = new TextDecoder();
  for (const f of g.files) {
    const uri = vscode.Uri.joinPath(folder, f.path);
    let existing: string | undefined;
    try {
      existing = decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      existing = undefined;
    }
    if (existing !== undefined && !isGeneratedFile(f.path, existing))
      return vscode.l10n.t(
        '{0} is not a file lma-workbench generated: nothing was written. Move it away and build again.',
        vscode.workspace.asRelativePath(uri),
      );
  }
  for (const f of g.files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, f.path), new TextEncoder().encode(f.content));
  return undefined;
}

export async function buildLmoDashboardFlow(deps: BuildDeps): Promise<BuildResult> {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  if (!workspace) return { kind: 'stopped', why: vscode.l10n.t('Open a folder first: the dashboard is generated into it, to review and commit.') };
  const folder = vscode.Uri.joinPath(workspace.uri, GENERATED_FOLDER);
  let base = DEFAULT_OPTIONS;
  try {
    // An earlier build's answers, else the defaults; a file there that is not the generator's stops here, saying why.
    base = (await readWorkspaceOptions(workspace.uri))?.options ?? DEFAULT_OPTIONS;
  } catch (err) {
    if (err instanceof LmoDashboardOptionsError) return { kind: 'stopped', why: err.message };
    throw err;
  }
  const title = await deps.prompts.input({
    title: vscode.l10n.t('Build the Executive Dashboard (1/3)'),
    prompt: vscode.l10n.t('The dashboard’s title, as the executives see it'),
    value: base.dashboardTitle,
    validateInput: (v) =>
      !v.trim() ? vscode.l10n.t('A title is needed.') : v.length > MAX_TITLE ? vscode.l10n.t('At most {0} characters.', MAX_TITLE) : undefined,
  });
  if (title === undefined) return { kind: 'stopped', why: 'cancelled' };
  const profile = await deps.prompts.input({
    title: vscode.l10n.t('Build the Executive Dashboard (2/3)'),
    prompt: vscode.l10n.t('The executives’ profile: the Home page carrying the dashboard is meant for it'),
    value: base.profile,
    validateInput: (v) => (!v.trim() ? vscode.l10n.t('A profile is needed.') : undefined),
  });
  if (profile === undefined) return { kind: 'stopped', why: 'cancelled' };
  const username = deps.lmo.target.username;
  const dynamic = {
    label: vscode.l10n.t('Each viewer'),
    description: vscode.l10n.t('a dynamic dashboard: everyone sees the numbers their access allows'),
    user: undefined,
  };
  const asMe = {
    label: vscode.l10n.t('Always as {0}', username),
    description: vscode.l10n.t('everyone who can open it sees this user’s numbers'),
    user: username,
  };
  const runner = await deps.prompts.pick(base.runningUser.kind === 'user' ? [asMe, dynamic] : [dynamic, asMe], {
    title: vscode.l10n.t('Build the Executive Dashboard (3/3)'),
    placeHolder: vscode.l10n.t('Whose numbers the dashboard shows'),
  });
  if (!runner) return { kind: 'stopped', why: 'cancelled' };

  const stack = await salesforceStack();
  const client = deps.lmo.client;
  const churn = churnFromTracking(await stack.statusHistoryTracked(client));
  let generated: GeneratedDashboard;
  try {
    generated = generateLmoDashboard({
      ...base,
      dashboardTitle: title.trim(),
      profile: profile.trim(),
      runningUser: runner.user ? { kind: 'user', username: runner.user } : { kind: 'dynamic' },
      churn: churn.mode,
    });
  } catch (err) {
    if (err instanceof LmoDashboardOptionsError) return { kind: 'stopped', why: err.message };
    throw err;
  }
  const foreign = await writeGenerated(folder, generated);
  if (foreign) return { kind: 'stopped', why: foreign };
  const pkg = deployPackage(generated);

  // The org validates first (checkOnly): nothing is written, and the preview is its answer.
  const validation = await deps.withProgress(vscode.l10n.t('Validating the dashboard in {0}', client.target.label), (report, signal) =>
    stack.deployLmoDashboard(client, pkg, { checkOnly: true, signal, onStatus: (s) => report(s.status) }),
  );
  if (!validation.success) return { kind: 'refused', outcome: validation };
  const deploy = vscode.l10n.t('Deploy');
  const answer = await deps.prompts.info(
    vscode.l10n.t('Deploy the executives’ dashboard to {0}? {1} components, validated by the org.', client.target.label, pkg.members.length),
    {
      modal: true,
      detail: [
        ...outcomeLines(validation),
        '',
        vscode.l10n.t('Generated into {0}/ (review and commit it). Nothing in the org is deleted.', GENERATED_FOLDER),
      ].join('\n'),
    },
    deploy,
  );
  if (answer !== deploy) return { kind: 'stopped', why: 'cancelled' };
  const outcome = await deps.withProgress(vscode.l10n.t('Deploying the dashboard to {0}', client.target.label), (report, signal) =>
    stack.deployLmoDashboard(client, pkg, { signal, onStatus: (s) => report(s.total ? `${s.status}: ${s.deployed}/${s.total}` : s.status) }),
  );
  return outcome.success ? { kind: 'deployed', outcome, folder } : { kind: 'refused', outcome };
}
