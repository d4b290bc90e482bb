/**
 * Everything that needs @salesforce/core or jsforce at run time. Built as its own bundle and
 * loaded the first time an org is needed, so activation never pays for it.
 */
import type { Connection } from '@jsforce/jsforce-node';
import { CliOrg, OrgTarget, cliReloginHint } from './orgTarget';

// Core's file logger runs pino in a worker thread that a bundle cannot carry: esbuild.mjs
// defines process.env.SF_DISABLE_LOG_FILE as "true" for this bundle.

/** The API version we ask for when the org's own is not known yet. */
export const DEFAULT_API_VERSION = '62.0';

export async function listCliOrgs(): Promise<CliOrg[]> {
  const { AuthInfo } = await import('@salesforce/core');
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
