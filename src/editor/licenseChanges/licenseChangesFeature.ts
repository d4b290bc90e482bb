/**
 * Changing licenses in bulk, safely — off unless `lmaWorkbench.licenseChanges.enabled`: from a
 * selection in the trees, the Provisioning view's policy fixes, a plan file, or an Undo of a
 * journaled run; always through one ChangeSession (preview → confirm → write → verify → journal).
 * Modify License in Salesforce stays the default action on every license. The wiring; the steps
 * live in changeFlows.ts, the panel and its session in changePanel.ts.
 */
import type * as vscode from 'vscode';
import { type ChangePlan, type PlanHeader, type PlanRequest } from '../../core/licenseChanges/plan';
import { type FeatureValuePlan } from '../../core/features/valueChanges';
import { FeatureValueJournal, LicenseJournal } from '../../storage/journal';
import { type ChangeRequests } from '../../webview/protocol/licenseChanges';
import { type FeatureContext } from '../kit/featureContext';
import { createDispatcher, type PanelRegistration } from '../kit/panelHost';
import type { ProvisioningFeature } from '../provisioning/provisioningFeature';
import type { ProvisioningNode } from '../provisioning/violationsTree';
import { ChangeFlows, windowChangePrompts } from './changeFlows';
import { createChangePanel } from './changePanel';
import { type ChangeSession } from './changeSession';
import { type Planned, type PlanKind, featureValueKind, licenseKind } from './planKinds';

export interface LicenseChangesFeature {
  readonly session: ChangeSession;
  readonly panel: PanelRegistration<ChangeRequests>;
  readonly dispatch: (message: unknown) => Promise<unknown>;
  readonly journal: LicenseJournal;
  readonly valueJournal: FeatureValueJournal;
  readonly kinds: { readonly licenses: PlanKind<ChangePlan>; readonly featureValues: PlanKind<FeatureValuePlan> };
  /** Plans a request against the org and shows its preview (what every entry point does). */
  readonly plan: (request: PlanRequest) => Promise<boolean>;
  /** Shows another kind's plan (feature values) in the same panel, on the same guarded path. */
  readonly preview: <P extends PlanHeader>(planned: Planned<P>) => void;
}

export function activateLicenseChanges(ctx: FeatureContext, provisioning: Pick<ProvisioningFeature, 'audit'>): LicenseChangesFeature {
  const lmo = () => ctx.connections.lmo.lmo;
  const journal = new LicenseJournal(ctx.extension.globalStorageUri.fsPath);
  const valueJournal = new FeatureValueJournal(ctx.extension.globalStorageUri.fsPath);
  const kinds = { licenses: licenseKind(journal, () => ctx.clock.today()), featureValues: featureValueKind(valueJournal) };
  const { session, panel, descriptor } = createChangePanel(ctx, { journal, valueJournal }, windowChangePrompts);
  session.licenseKind = kinds.licenses as unknown as Planned['kind'];
  const flows = new ChangeFlows(
    { lmo, journal, licenses: kinds.licenses, session, showPanel: () => panel.show(), audit: () => provisioning.audit() },
    windowChangePrompts,
  );
  ctx.command('lma.modifyLicenses', (...args: Parameters<ChangeFlows['modify']>) => flows.modify(...args));
  ctx.command('lma.fixPolicyViolations', (node?: ProvisioningNode) => flows.fixViolations(node));
  ctx.command('lma.applyChangePlan', (target?: vscode.Uri) => flows.applyPlanFile(target));
  ctx.command('lma.undoLicenseChange', (runId?: string) => flows.undo(runId));
  ctx.command('lma.openLicenseChangeJournal', () => flows.openJournal());

  const preview = <P extends PlanHeader>(planned: Planned<P>) => {
    panel.show();
    session.preview(planned);
  };
  const plan = (request: PlanRequest) => flows.plan(request);
  return { session, panel, dispatch: createDispatcher(descriptor, ctx.log), journal, valueJournal, kinds, plan, preview };
}
