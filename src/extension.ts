/**
 * The composition root: builds the shared services and activates each feature in turn.
 * Activation does no network work and loads no Salesforce library; a remembered connection is
 * restored after it returns.
 */
import type * as vscode from 'vscode';
import { pinnedDayClock, systemClock } from './core/clock';
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
import { FeatureContext } from './editor/kit/featureContext';
import { activateFeatures } from './editor/features/featuresFeature';
import { activateLinking } from './editor/linking/linkingFeature';
import { activateProjectInsights } from './editor/projectInsights/projectInsightsFeature';
import { activateLmaVersion } from './editor/lmaVersion/lmaVersionFeature';
import { Log } from './editor/kit/log';
import { Settings } from './editor/kit/settings';
import { FilterState } from './editor/kit/filterState';
import { activateInstallBase } from './editor/installBase/installBaseFeature';
import { activateSubscribers } from './editor/subscribers/subscribersFeature';
import { registerFilterCommands } from './editor/kit/filterCommands';
import { registerLicenseCommands } from './editor/kit/licenseCommands';
import { activateChecklist } from './editor/checklist/checklistFeature';
import { activateLmoDashboard } from './editor/lmoDashboard/lmoDashboardFeature';
import { activateDashboard } from './editor/dashboard/dashboardFeature';
import { activateUsage } from './editor/usage/usageFeature';
import { type TestApi, testToday, wantsTestApi } from './editor/testApi';

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const started = performance.now();
  const log = new Log();
  const pinned = testToday(context.extensionMode, process.env);
  const clock = pinned ? pinnedDayClock(pinned) : systemClock();
  const settings = new Settings(log);
  const demoHost = new DemoHost(context.extensionPath, settings, clock, log);
  const connections = new Connections(context.workspaceState, demoHost, clock, settings, log);
  const projectOrgs = new ProjectOrgs();
  const filter = new FilterState(context.workspaceState);
  const ctx = new FeatureContext(context, log, clock, settings, demoHost, connections, projectOrgs, filter);
  ctx.subscribe(log, demoHost, connections, projectOrgs, filter);

  // The sidebar: its two trees, then the filter and license commands that act on both.
  const views = (ctx.views = { ...activateInstallBase(ctx), ...activateSubscribers(ctx) });
  registerFilterCommands(ctx);
  registerLicenseCommands(ctx);
  const lmaVersion = activateLmaVersion(ctx);
  const lmoStatusBar = activateStatusBar(ctx, lmaVersion);
  const linking = activateLinking(ctx);
  const projectInsights = activateProjectInsights(ctx, linking);
  const usage = activateUsage(ctx);
  const dashboard = activateDashboard(ctx, usage);
  const provisioning = activateProvisioning(ctx);
  const lmoDashboard = activateLmoDashboard(ctx);
  const checklist = activateChecklist(ctx, lmaVersion, provisioning, linking, lmoDashboard);
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
        projectInsights,
        dashboard,
        usage,
        checklist,
        lmoDashboard,
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
