/**
 * The entry points of a guarded license change as the steps a user sees: the opt-in switch (with
 * Modify License in Salesforce and the setting), what should change on a selection, the Provisioning
 * view's policy fixes, a plan file, Undo of a journaled run, and the journal — each ending in the
 * License Change panel's preview (ChangeSession). Dialogs go through `ChangePrompts`, so a test
 * drives every step with scripted answers.
 */
import * as vscode from 'vscode';
import { type License } from '../../core/license';
import { summarizeRun } from '../../core/licenseChanges/journal';
import { type ChangePlan, type ChangeRequest, type PlanRequest } from '../../core/licenseChanges/plan';
import { parsePlanFile } from '../../core/licenseChanges/planFile';
import { type AuditResult } from '../../core/provisioning/audit';
import { fixRequest } from '../../core/provisioning/policies';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { type LicenseJournal } from '../../storage/journal';
import { type BuiltinCommandId, type CommandId, executeCommand } from '../kit/commandIds';
import { type Prompts, windowPrompts } from '../kit/prompts';
import type { InstallBaseNode } from '../installBase/installBaseTree';
import type { ProvisioningNode } from '../provisioning/violationsTree';
import type { SubscriberNode } from '../subscribers/subscribersTree';
import { type ChangeSession } from './changeSession';
import { type PlanKind } from './planKinds';

type LicenseNode = InstallBaseNode | SubscriberNode;

/** The dialogs of these flows: the common ones, an open dialog (a plan file), and a document to show (a journal). */
export interface ChangePrompts extends Prompts {
  open(options: vscode.OpenDialogOptions): Promise<readonly vscode.Uri[] | undefined>;
  showDocument(uri: vscode.Uri): Promise<void>;
}

/** The real dialogs. */
export const windowChangePrompts: ChangePrompts = {
  ...windowPrompts,
  open: (options) => Promise.resolve(vscode.window.showOpenDialog(options)),
  showDocument: async (uri) => void (await vscode.window.showTextDocument(uri, { preview: true })),
};

export interface ChangeFlowSources {
  readonly lmo: () => LicenseManagementOrg | undefined;
  readonly journal: LicenseJournal;
  readonly licenses: PlanKind<ChangePlan>;
  readonly session: Pick<ChangeSession, 'preview' | 'undo'>;
  /** Shows the License Change panel. */
  readonly showPanel: () => void;
  /** The Provisioning view's last audit. */
  readonly audit: () => AuditResult | undefined;
  /** Runs a command (Modify License in Salesforce, Open Settings); the real one by default. */
  readonly run?: (id: CommandId | BuiltinCommandId, ...args: unknown[]) => Thenable<unknown>;
}

/** Opens a journal file; says so when nothing was journaled yet. */
export async function openJournal(prompts: ChangePrompts, path: string, none: string): Promise<void> {
  try {
    await prompts.showDocument(vscode.Uri.file(path));
  } catch {
    void prompts.info(none);
  }
}

/** What the user can ask for a selection of licenses. */
export async function askForChange(prompts: Prompts, licenses: readonly License[]): Promise<Omit<ChangeRequest, 'license'> | undefined> {
  const n = licenses.length;
  const items: (vscode.QuickPickItem & { id: string })[] = [
    { id: 'extend', label: vscode.l10n.t('Extend the expiration…'), description: vscode.l10n.t('by a number of days') },
    { id: 'expiration', label: vscode.l10n.t('Set the expiration…'), description: vscode.l10n.t('a date, or never') },
    { id: 'seats', label: vscode.l10n.t('Set the seats…'), description: vscode.l10n.t('a number, or site-wide') },
    { id: 'activate', label: vscode.l10n.t('Make Active'), description: vscode.l10n.t('e.g. convert a trial') },
    { id: 'suspend', label: vscode.l10n.t('Suspend'), description: vscode.l10n.t('blocks every user of the package in the subscriber org') },
  ];
  const pick = await prompts.pick(items, {
    title: n === 1 ? vscode.l10n.t('Change a license') : vscode.l10n.t('Change {0} licenses', n),
    placeHolder: vscode.l10n.t('What should change?'),
  });
  switch (pick?.id) {
    case 'extend': {
      const days = await prompts.input({
        title: vscode.l10n.t('Extend the expiration'),
        prompt: vscode.l10n.t('Days to add to each expiration (licenses that never expire are left as they are)'),
        value: '30',
        validateInput: (t) => (/^\d{1,4}$/.test(t.trim()) && Number(t) > 0 ? undefined : vscode.l10n.t('A whole number of days, 1 to 9,999.')),
      });
      return days === undefined ? undefined : { extendDays: Number(days) };
    }
    case 'expiration': {
      const date = await prompts.input({
        title: vscode.l10n.t('Set the expiration'),
        prompt: vscode.l10n.t('YYYY-MM-DD, or "never"'),
        validateInput: (t) => (/^(\d{4}-\d{2}-\d{2}|never)$/.test(t.trim()) ? undefined : vscode.l10n.t('A date (YYYY-MM-DD) or never.')),
      });
      return date === undefined ? undefined : { expiration: date.trim() };
    }
    case 'seats': {
      const seats = await prompts.input({
        title: vscode.l10n.t('Set the seats'),
        prompt: vscode.l10n.t('A number of seats (0 to 99,000,000), or "site" for a site license'),
        validateInput: (t) =>
          /^(\d{1,8}|site)$/.test(t.trim()) && (t.trim() === 'site' || Number(t) <= 99_000_000)
            ? undefined
            : vscode.l10n.t('A whole number up to 99,000,000, or site.'),
      });
      return seats === undefined ? undefined : { seats: seats.trim() === 'site' ? 'site' : Number(seats) };
    }
    case 'activate':
      return { status: 'Active' };
    case 'suspend':
      return { status: 'Suspended' };
    default:
      return undefined;
  }
}

export class ChangeFlows {
  constructor(
    private readonly sources: ChangeFlowSources,
    private readonly prompts: ChangePrompts,
  ) {}

  private run(id: CommandId | BuiltinCommandId, ...args: unknown[]): Thenable<unknown> {
    return (this.sources.run ?? executeCommand)(id, ...args);
  }

  /** Opens the license change journal; says so when nothing was journaled yet. */
  openJournal(): Promise<void> {
    return openJournal(this.prompts, this.sources.journal.path, vscode.l10n.t('No license change has been journaled yet.'));
  }

  /** The guarded path is opt-in: says so, and offers the default way (and the setting). */
  async enabled(single?: string): Promise<boolean> {
    if (vscode.workspace.getConfiguration('lmaWorkbench').get<boolean>('licenseChanges.enabled')) return true;
    const modify = vscode.l10n.t('Modify License in Salesforce');
    const settings = vscode.l10n.t('Open Settings');
    const choice = await this.prompts.info(
      vscode.l10n.t(
        "Changing licenses from the editor is off. Salesforce's guidance is the LMA's Modify License page; turn on lmaWorkbench.licenseChanges.enabled for guarded bulk changes.",
      ),
      {},
      ...(single ? [modify] : []),
      settings,
    );
    if (choice === modify && single) await this.run('lma.openLicenseInOrg', single);
    if (choice === settings) await this.run('workbench.action.openSettings', 'lmaWorkbench.licenseChanges');
    return false;
  }

  /** Plans a request against the org and shows its preview (what every entry point does). */
  async plan(request: PlanRequest): Promise<boolean> {
    const reader = this.sources.lmo();
    if (!reader) {
      void this.prompts.info(vscode.l10n.t('Connect to your License Management Org first.'));
      return false;
    }
    const built = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: request.changes.length === 1 ? vscode.l10n.t('Reading the license…') : vscode.l10n.t('Reading {0} licenses…', request.changes.length),
      },
      () => reader.planLicenseChanges(request),
    );
    this.sources.showPanel();
    this.sources.session.preview({ kind: this.sources.licenses, plan: built.plan, leftOut: built.unresolved, unchanged: built.unchanged.length });
    return true;
  }

  /** LMA: Change Licenses (Guarded)… on a license or a selection. */
  async modify(node?: LicenseNode, nodes?: readonly LicenseNode[]): Promise<void> {
    const picked = (nodes?.length ? nodes : node ? [node] : []).filter((n): n is Extract<LicenseNode, { kind: 'license' }> => n.kind === 'license');
    const licenses = picked.map((n) => n.license);
    if (!licenses.length) {
      void this.prompts.info(vscode.l10n.t('Select licenses in the Install Base or Subscribers view first.'));
      return;
    }
    if (!(await this.enabled(licenses.length === 1 ? licenses[0].id : undefined))) return;
    const change = await askForChange(this.prompts, licenses);
    if (!change) return;
    await this.plan({
      description:
        licenses.length === 1 ? vscode.l10n.t('Change a license from the editor') : vscode.l10n.t('Change {0} licenses from the editor', licenses.length),
      changes: licenses.map((l) => ({ ...change, license: l.id })),
    });
  }

  /** The Provisioning view's fixes: of a policy, a violation, or all of the last audit. */
  async fixViolations(node?: ProvisioningNode): Promise<void> {
    if (!(await this.enabled())) return;
    const audit = this.sources.audit();
    if (!audit) {
      void this.prompts.info(vscode.l10n.t('Audit the provisioning rules first (LMA: Audit Provisioning Rules).'));
      return;
    }
    const violations = node?.kind === 'policy' ? node.violations : node?.kind === 'violation' ? [node.violation] : audit.violations;
    const { request, unfixable } = fixRequest(violations);
    if (!request.changes.length) {
      void this.prompts.info(vscode.l10n.t('None of these violations has a fix that follows from the policy ({0} need a decision).', unfixable.length));
      return;
    }
    await this.plan(request);
  }

  /** A plan file: the given one, or one the user opens. */
  async applyPlanFile(target?: vscode.Uri): Promise<void> {
    if (!(await this.enabled())) return;
    const uri =
      target instanceof vscode.Uri
        ? target
        : (
            await this.prompts.open({
              title: vscode.l10n.t('Apply a License Change Plan'),
              filters: { JSON: ['json', 'jsonc'] },
              canSelectMany: false,
            })
          )?.[0];
    if (!uri) return;
    const parsed = parsePlanFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    if (!parsed.ok) {
      void this.prompts.error(
        vscode.l10n.t('{0} is not a valid plan: {1}', vscode.workspace.asRelativePath(uri), parsed.problems.map((p) => p.message).join('; ')),
      );
      return;
    }
    await this.plan(parsed.request);
  }

  /** LMA: Undo a License Change: the given run, or one picked from this org's journaled runs. */
  async undo(runId?: string): Promise<void> {
    if (!(await this.enabled())) return;
    const orgId = this.sources.lmo()?.target.orgId;
    const runs = (await this.sources.journal.runs())
      .map(summarizeRun)
      .filter((r) => r.saved > 0 && (!orgId || !r.orgId || r.orgId.slice(0, 15) === orgId.slice(0, 15)));
    const chosen =
      typeof runId === 'string'
        ? runId
        : (
            await this.prompts.pick(
              runs.reverse().map((r) => ({
                label: r.description || r.runId,
                description: `${new Date(r.at).toLocaleString()} · ${r.saved} saved${r.failed ? ` · ${r.failed} failed` : ''}`,
                detail: `${r.runId} · ${r.user}${r.undoOf ? ` · undoes ${r.undoOf}` : ''}`,
                runId: r.runId,
              })),
              {
                title: vscode.l10n.t('Undo a License Change'),
                placeHolder: runs.length ? vscode.l10n.t('Which change?') : vscode.l10n.t('No change of this org in the journal'),
              },
            )
          )?.runId;
    if (!chosen) return;
    this.sources.showPanel();
    await this.sources.session.undo(this.sources.licenses, chosen);
  }
}
