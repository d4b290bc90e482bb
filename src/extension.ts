/**
 * The composition root: builds the shared services and activates each feature in turn.
 * Activation does no network work and loads no Salesforce library; a remembered connection is
 * restored after it returns.
 */
import type * as vscode from 'vscode';
import { systemClock } from './core/clock';
import { isSalesforceStackRequested } from './data/org/connect';
import { Connections } from './editor/connections/connections';
import { activateChanges } from './editor/changes/changesFeature';
import { activateLicenseChanges } from './editor/licenseChanges/licenseChangesFeature';
import { activateProvisioning } from './editor/provisioning/provisioningFeature';
import { activateConnections, activateStatusBar } from './editor/connections/connectionFeature';
import { DemoHost } from './editor/connections/demoHost';
import { browser } from './editor/connections/openInOrg';
import { orgPickerPrompts } from './editor/connections/orgPicker';
import { ProjectOrgs } from './editor/connections/projectOrgs';
import { FeatureContext } from './editor/featureContext';
import { activateFeatures } from './editor/features/featuresFeature';
import { activateLinking } from './editor/linking/linkingFeature';
import { activateInsights } from './editor/insights/insightsFeature';
import { activateLmaVersion } from './editor/lmaVersion/lmaVersionFeature';
import { Log } from './editor/log';
import { Settings } from './editor/settings';
import { FilterState } from './editor/trees/filterState';
import { activateSidebar } from './editor/trees/sidebarFeature';
import { activateChecklist } from './editor/webviews/checklist/checklistFeature';
import { activateDashboard } from './editor/webviews/dashboard/dashboardFeature';
import { type TestApi, wantsTestApi } from './editor/testApi';

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const started = performance.now();
  const log = new Log();
  const clock = systemClock();
  const settings = new Settings(log);
  const demoHost = new DemoHost(context.extensionPath, settings, log);
  const connections = new Connections(context.workspaceState, demoHost, clock, settings, log);
  const projectOrgs = new ProjectOrgs();
  const filter = new FilterState(context.workspaceState);
  const ctx = new FeatureContext(context, log, clock, settings, demoHost, connections, projectOrgs, filter);
  ctx.subscribe(log, demoHost, connections, projectOrgs, filter);

  const views = activateSidebar(ctx);
  const lmaVersion = activateLmaVersion(ctx);
  const lmoStatusBar = activateStatusBar(ctx, lmaVersion);
  const linking = activateLinking(ctx);
  const insights = activateInsights(ctx, linking);
  const dashboard = activateDashboard(ctx);
  const provisioning = activateProvisioning(ctx);
  const checklist = activateChecklist(ctx, lmaVersion, provisioning);
  const changes = activateChanges(ctx);
  const licenseChanges = activateLicenseChanges(ctx, provisioning);
  const features = activateFeatures(ctx, licenseChanges);
  activateConnections(ctx);

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms.`);
  // Other extensions get nothing: the live connection and the demo's controls are not for them.
  // The test suites (extension test mode, or the harness's runner) get the internals to drive.
  return wantsTestApi(context.extensionMode, process.env)
    ? {
        ctx,
        connections,
        demoHost,
        filter,
        views,
        lmaVersion,
        insights,
        dashboard,
        checklist,
        changes,
        provisioning,
        licenseChanges,
        linking,
        features,
        lmoStatusBar,
        orgPicker: orgPickerPrompts,
        browser,
        salesforceStackLoaded: isSalesforceStackRequested,
        activationMs,
      }
    : undefined;
}

export function deactivate(): void {
  // Disposables in context.subscriptions stop the demo and close views.
}
