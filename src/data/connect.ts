/**
 * Opening an LMO. The Salesforce stack (@salesforce/core, jsforce) is imported here, lazily,
 * the first time an org is needed; nothing on the activation path loads it.
 */
import { Clock } from '../core/clock';
import { LmoError, toLmoError } from './errors';
import { LicenseManagementOrg } from './lmo';
import { LmoApi, RetryPolicy } from './lmoApi';
import { CliOrg, LmoTarget, cliReloginHint } from './lmoTarget';

type SalesforceStack = typeof import('./salesforceStack');
let stack: Promise<SalesforceStack> | undefined;

/**
 * Loads the separately bundled Salesforce stack once. A plain require (not import()) so that the
 * bundle's sibling file is loaded as CommonJS with its named exports.
 */
export function salesforceStack(): Promise<SalesforceStack> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  stack ??= Promise.resolve().then(() => require('./salesforceStack') as SalesforceStack);
  return stack;
}

/** Whether the Salesforce stack has been asked for yet (activation must leave this false). */
export function isSalesforceStackRequested(): boolean {
  return stack !== undefined;
}

export interface ConnectOptions {
  readonly clock: Clock;
  readonly retry?: RetryPolicy;
}

function cliTarget(aliasOrUsername: string): LmoTarget {
  return { source: 'cli', label: aliasOrUsername, username: aliasOrUsername, alias: undefined, instanceUrl: 'the org', orgId: undefined, reloginHint: cliReloginHint(aliasOrUsername, aliasOrUsername, undefined) };
}

/** An org from the Salesforce CLI's auth store (alias or username). */
export async function connectCliOrg(aliasOrUsername: string, options: ConnectOptions): Promise<LicenseManagementOrg> {
  const sf = await salesforceStack();
  try {
    const { connection, target } = await sf.connectCliOrg(aliasOrUsername);
    return new LicenseManagementOrg(new LmoApi(connection, target, options.retry), options.clock);
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e.name === 'NamedOrgNotFoundError' || e.name === 'NoAuthInfoFound' || /No authorization information found/i.test(e.message ?? '')) {
      throw new LmoError('sessionExpired', `The Salesforce CLI has no login for "${aliasOrUsername}". Log in with: sf org login web --alias ${aliasOrUsername}`, `${e.name}: ${e.message}`, e.name);
    }
    throw toLmoError(err, cliTarget(aliasOrUsername));
  }
}

/** An org reached with an instance URL and an access token only (the demo LMO); no auth store is read or written. */
export async function connectWithAccessToken(
  options: ConnectOptions & { instanceUrl: string; accessToken: string; label: string; username: string; reloginHint: string; source: LmoTarget['source']; apiVersion?: string },
): Promise<LicenseManagementOrg> {
  const sf = await salesforceStack();
  const connection = await sf.connectWithAccessToken({ instanceUrl: options.instanceUrl, accessToken: options.accessToken, version: options.apiVersion });
  const target: LmoTarget = { source: options.source, label: options.label, username: options.username, alias: undefined, instanceUrl: options.instanceUrl, orgId: undefined, reloginHint: options.reloginHint };
  return new LicenseManagementOrg(new LmoApi(connection, target, options.retry), options.clock);
}

export async function listCliOrgs(): Promise<CliOrg[]> {
  return (await salesforceStack()).listCliOrgs();
}

export async function resolveTargetOrg(projectPath: string | undefined): Promise<string | undefined> {
  return (await salesforceStack()).resolveTargetOrg(projectPath);
}
