/**
 * What the extension hands its own test suites, and nothing else: activate() returns it only
 * in extension test mode or when the test harness sets LMA_WORKBENCH_TEST_HOOKS=1.
 */
import * as vscode from 'vscode';
import { type CalendarDate, parseCalendarDate } from '../core/calendarDate';
import type { Connections } from './connections/connections';
import type { DemoHost } from './connections/demoHost';
import type { browser } from './connections/openInOrg';
import type { OrgPickerPrompts } from './connections/orgPicker';
import type { LmoStatusBar } from './connections/statusBar';
import type { FeatureContext } from './kit/featureContext';
import type { ProjectInsightsFeature } from './projectInsights/projectInsightsFeature';
import type { LmaVersionMonitor } from './lmaVersion/lmaVersionMonitor';
import type { FilterState } from './kit/filterState';
import type { Views } from './kit/views';
import type { ChangesFeature } from './changes/changesFeature';
import type { FeaturesFeature } from './features/featuresFeature';
import type { LinkingFeature } from './linking/linkingFeature';
import type { LicenseChangesFeature } from './licenseChanges/licenseChangesFeature';
import type { ProvisioningFeature } from './provisioning/provisioningFeature';
import type { ChecklistFeature } from './checklist/checklistFeature';
import type { LmoDashboardFeature } from './lmoDashboard/lmoDashboardFeature';
import type { DashboardFeature } from './dashboard/dashboardFeature';
import type { UsageFeature } from './usage/usageFeature';

export interface TestApi {
  readonly ctx: FeatureContext;
  readonly connections: Connections;
  readonly demoHost: DemoHost;
  readonly filter: FilterState;
  readonly views: Views;
  readonly lmaVersion: LmaVersionMonitor;
  readonly projectInsights: ProjectInsightsFeature;
  readonly dashboard: DashboardFeature;
  readonly usage: UsageFeature;
  readonly checklist: ChecklistFeature;
  readonly lmoDashboard: LmoDashboardFeature;
  readonly changes: ChangesFeature;
  readonly provisioning: ProvisioningFeature;
  readonly licenseChanges: LicenseChangesFeature;
  readonly linking: LinkingFeature;
  readonly features: FeaturesFeature;
  /** The connected LMO in the status bar (a click switches). */
  readonly lmoStatusBar: LmoStatusBar;
  /** The org picker's answers: set by a test instead of the Salesforce CLI, the palette and the dialog. */
  readonly orgPicker: OrgPickerPrompts;
  /** Where org pages open: a test replaces `open` to see the URL. */
  readonly browser: typeof browser;
  /** Whether @salesforce/core/jsforce have been loaded (activation must not load them). */
  readonly salesforceStackLoaded: () => boolean;
  readonly activationMs: number;
}

/** Whether activate() hands out the test API: only to the extension's own test runs. */
export function wantsTestApi(mode: vscode.ExtensionMode, env: NodeJS.ProcessEnv): boolean {
  return mode === vscode.ExtensionMode.Test || env.LMA_WORKBENCH_TEST_HOOKS === '1';
}

/**
 * The date a test run pins "today" to (LMA_WORKBENCH_TODAY=YYYY-MM-DD), honoured only where the
 * test API is: the harness sets it once per run so that a suite crossing midnight keeps one date.
 */
export function testToday(mode: vscode.ExtensionMode, env: NodeJS.ProcessEnv): CalendarDate | undefined {
  return wantsTestApi(mode, env) && /^\d{4}-\d{2}-\d{2}$/.test(env.LMA_WORKBENCH_TODAY ?? '') ? parseCalendarDate(env.LMA_WORKBENCH_TODAY) : undefined;
}
