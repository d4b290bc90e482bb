/**
 * Every command LMA Workbench contributes, as one typed list: `registerCommand`, tree items,
 * CodeLens and `executeCommand` take a `CommandId`, so a typo is a compile error. A test checks
 * this list against package.json.
 */
import * as vscode from 'vscode';

export const COMMAND_IDS = [
  'lma.connect',
  'lma.connectDemo',
  'lma.disconnect',
  'lma.refresh',
  'lma.filterLicenses',
  'lma.clearFilter',
  'lma.checkLmaVersion',
  'lma.openDashboard',
  'lma.exportLicenses',
  'lma.findSubscriber',
  'lma.openLicenseInOrg',
  'lma.copyOrgId',
  'lma.copyLicenseId',
  'lma.revealSubscriber',
  'lma.revealVersion',
  'lma.loadMore',
  'lma.showLog',
  'lma.revealPackageVersion',
  'lma.openInstalledPackages',
  'lma.openSetupChecklist',
  'lma.verifyLmoDashboard',
  'lma.buildLmoDashboard',
  'lma.pinLmoDashboard',
  'lma.copyChangeFeedCommand',
  'lma.openSubscriberSupport',
  'lma.openSetupWalkthrough',
  'lma.showRecentChanges',
  'lma.showLicenseHistory',
  'lma.filterChanges',
  'lma.editProvisioningRules',
  'lma.auditProvisioningRules',
  'lma.fixPolicyViolations',
  'lma.modifyLicenses',
  'lma.applyChangePlan',
  'lma.undoLicenseChange',
  'lma.openLicenseChangeJournal',
  'lma.editFeatureValues',
  'lma.undoFeatureValueChange',
  'lma.checkFeatureDrift',
  'lma.connectDevHub',
  'lma.linkPackage',
  'lma.pushUpgrade',
  'lma.copyFailedPushOrgs',
  'lma.writePushRetryFile',
  'lma.measureSeatUsage',
  'lma.filterByUsage',
  'lma.setupVerified.lmo',
  'lma.setupVerified.lmaApp',
  'lma.setupVerified.packages',
  'lma.setupVerified.provisioning',
  'lma.setupVerified.dashboard',
  'lma.setupVerified.billing',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** Built-in commands we run, listed so their names are checked too. */
export type BuiltinCommandId =
  | 'setContext'
  | 'runCommands'
  | 'vscode.open'
  | 'workbench.action.openSettings'
  | 'workbench.action.closeAllEditors'
  | 'workbench.action.openWalkthrough'
  | 'workbench.view.extension.lma'
  | `${'lma.installBase' | 'lma.subscribers'}.focus`;

export function executeCommand<T = unknown>(id: CommandId | BuiltinCommandId, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(id, ...args);
}

/** A `vscode.Command` for a tree item, CodeLens or link. */
export function commandLink(id: CommandId | BuiltinCommandId, title: string, ...args: unknown[]): vscode.Command {
  return { command: id, title, arguments: args.length ? args : undefined };
}
