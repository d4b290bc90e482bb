/**
 * The data layer's lazy half: everything that needs @salesforce/core or jsforce at run time, and
 * the readers built on them. Built as its own bundle (salesforceStack.js) and loaded the first
 * time an org is needed, so activation never pays for it.
 */
import type { Connection } from '@jsforce/jsforce-node';
import { looksLikeSessionId } from '../../core/displayText';
import type { OpenOptions, OrgChoice } from './connect';
import { LmoError, toLmoError, usageError } from './errors';
import { installCancellableDispatcher } from './cancellableDispatcher';
import { OrgClient } from './orgClient';
import { type CliOrg, type OrgTarget, cliReloginHint, namedTarget } from './orgTarget';

export { CallMeter } from './orgApi';
export { OrgClient } from './orgClient';
export { LicenseManagementOrg } from '../lmo/licenseManagementOrg';
export { LicenseChangeReader } from '../lmo/changeFeed';
export { DevHubReader } from '../devHub/devHubReader';
export { PushRequestReader } from '../devHub/pushRequests';
export { readLinkInventory, reportOf, sameOrgClients } from '../devHub/linkInventory';
export { readLinkPoll, readLmoLinks, waitForLink } from '../lmo/packageLinks';
export { readSetupSignals } from '../lmo/checklistSignals';
export { measureSeatUsage, measurablePackages } from '../lmo/seatUsageRun';
export { verifyLmoDashboardIn } from '../lmo/lmoDashboardReader';
export { deployLmoDashboard } from '../lmo/lmoDashboardDeploy';
export { PinRefused, applyPin, pinRecord, planPinIn, undoPin } from '../lmo/lmoDashboardPin';
export { statusHistoryTracked } from '../lmo/historyTracking';

// Every jsforce request from here on can be cancelled with the call it belongs to.
installCancellableDispatcher();

// Core's file logger runs pino in a worker thread that a bundle cannot carry: esbuild.mjs
// defines process.env.SF_DISABLE_LOG_FILE as "true" for this bundle.

/** The API version we ask for when the org's own is not known yet. */
export const DEFAULT_API_VERSION = '62.0';

/**
 * Core keeps the auth store it read once per process; the CLI changes it under a running editor
 * (a login in a terminal, an alias moved to another org). Every listing and connection starts
 * from the store as it is now.
 */
async function freshAuthStore(): Promise<void> {
  const { StateAggregator } = await import('@salesforce/core');
  StateAggregator.clearInstance();
}

export async function listCliOrgs(): Promise<CliOrg[]> {
  const { AuthInfo } = await import('@salesforce/core');
  await freshAuthStore();
  const auths = await AuthInfo.listAllAuthorizations();
  // Copy field by field: the CLI's record also carries the access token, which must go no further.
  return auths.map((a) => ({
    username: a.username,
    aliases: a.aliases ?? [],
    instanceUrl: a.instanceUrl,
    orgId: a.orgId,
    isSandbox: !!a.isSandbox,
    isScratchOrg: !!a.isScratchOrg,
    isDevHub: !!a.isDevHub,
    configs: a.configs ?? [],
    isExpired: a.isExpired,
    error: a.error,
  }));
}

/** The project's `target-org` and `target-dev-hub` (aliases or usernames), read the way the CLI reads them from that folder. */
export async function resolveProjectOrgs(projectPath: string | undefined): Promise<{ targetOrg: string | undefined; targetDevHub: string | undefined }> {
  const { ConfigAggregator } = await import('@salesforce/core');
  await ConfigAggregator.clearInstance(projectPath);
  const config = await ConfigAggregator.create(projectPath ? { projectPath } : undefined);
  await config.reload();
  const text = (key: string) => {
    const value = config.getPropertyValue(key);
    return typeof value === 'string' && value ? value : undefined;
  };
  return { targetOrg: text('target-org'), targetDevHub: text('target-dev-hub') };
}

/** A connection to an org the CLI has authenticated; refreshes its token through core when it can. */
export async function connectCliOrg(aliasOrUsername: string): Promise<{ connection: Connection; target: OrgTarget }> {
  const { Org, StateAggregator } = await import('@salesforce/core');
  await freshAuthStore();
  const org = await Org.create({ aliasOrUsername });
  const connection = org.getConnection() as unknown as Connection;
  const username = org.getUsername() ?? aliasOrUsername;
  const state = await StateAggregator.getInstance();
  // The name the user chose wins; else the first alias the CLI knows for this username.
  const alias = aliasOrUsername !== username ? aliasOrUsername : (state.aliases.get(username) ?? undefined);
  const instanceUrl = connection.instanceUrl;
  return {
    connection,
    target: {
      source: 'cli',
      label: alias ?? username,
      username,
      alias,
      instanceUrl,
      orgId: org.getOrgId(),
      reloginHint: cliReloginHint(alias, username, instanceUrl),
    },
  };
}

/**
 * A plain jsforce connection from an instance URL and an access token, with no auth store
 * involved (the demo). Same class as core's connections, so nothing above can tell them apart.
 */
export async function connectWithAccessToken(options: { instanceUrl: string; accessToken: string; version?: string }): Promise<Connection> {
  const { Connection: JsforceConnection } = await import('@jsforce/jsforce-node');
  return new JsforceConnection({ instanceUrl: options.instanceUrl, accessToken: options.accessToken, version: options.version ?? DEFAULT_API_VERSION });
}

/** Opens the chosen org. Failures leave as LmoErrors that say what to do. */
export async function openOrg(choice: OrgChoice, options: OpenOptions = {}): Promise<OrgClient> {
  if (choice.kind === 'demo') {
    if (!options.demo) throw usageError('The demo is not available here.');
    const demo = await options.demo();
    const connection = await connectWithAccessToken({ instanceUrl: demo.url, accessToken: await demo.issueAccessToken() });
    return new OrgClient(
      connection,
      {
        source: 'demo',
        label: demo.label,
        username: demo.username,
        alias: undefined,
        instanceUrl: demo.url,
        orgId: demo.orgId,
        reloginHint: `connect to ${demo.label} again`,
      },
      options,
    );
  }
  const name = choice.aliasOrUsername.trim();
  // A token typed where an alias belongs must never be echoed back or looked up.
  if (looksLikeSessionId(name))
    throw usageError(
      'That looks like an access token, not an org alias or username. Log in with the Salesforce CLI (sf org login web --alias my-lmo) and pass the alias.',
    );
  try {
    const { connection, target } = await connectCliOrg(name);
    return new OrgClient(connection, target, options);
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e.name === 'NamedOrgNotFoundError' || e.name === 'NoAuthInfoFound' || /No authorization information found/i.test(e.message ?? '')) {
      throw new LmoError(
        'sessionExpired',
        `The Salesforce CLI has no login for "${name}". Log in with: ${cliReloginHint(name, name, undefined)}`,
        `${e.name}: ${e.message}`,
        e.name,
      );
    }
    throw toLmoError(err, namedTarget(name));
  }
}
