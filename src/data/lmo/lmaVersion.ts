/** Which version of the LMA an org has installed (the lmaVersion capability's read). */
import { formatVersionNumber } from '../../core/versionNumber';
import { LmoError, isLmoError } from '../org/errors';
import { type QueryOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';

export type InstalledLmaVersion =
  | { kind: 'installed'; version: string; source: 'InstalledSubscriberPackage' | 'Publisher'; packageVersionId?: string }
  | { kind: 'notInstalled' }
  | { kind: 'unknown'; error: LmoError };

/** Errors that mean "stop": trying another query would only fail the same way. */
const FATAL = new Set(['sessionExpired', 'apiLimit', 'network', 'cancelled', 'timeout']);

/**
 * The installed LMA version: Tooling InstalledSubscriberPackage filtered on the sfLma
 * namespace; if the org refuses that filter, all rows filtered here; then Publisher
 * (major.minor only). A missing permission is its own explained state.
 */
export async function installedLmaVersion(client: OrgClient, options: QueryOptions = {}): Promise<InstalledLmaVersion> {
  const fields =
    'SubscriberPackage.NamespacePrefix, SubscriberPackageVersionId, SubscriberPackageVersion.MajorVersion, SubscriberPackageVersion.MinorVersion, SubscriberPackageVersion.PatchVersion';
  const fromPackage = (rows: Record<string, unknown>[]): InstalledLmaVersion => {
    const row = rows.find((r) => (r.SubscriberPackage as Record<string, unknown> | null)?.NamespacePrefix === 'sfLma');
    if (!row) return { kind: 'notInstalled' };
    const v = (row.SubscriberPackageVersion ?? {}) as Record<string, unknown>;
    const parts = [v.MajorVersion, v.MinorVersion, v.PatchVersion].map((n) => Number(n ?? 0));
    return {
      kind: 'installed',
      version: formatVersionNumber(parts),
      source: 'InstalledSubscriberPackage',
      packageVersionId: row.SubscriberPackageVersionId as string | undefined,
    };
  };
  const attempts: (() => Promise<InstalledLmaVersion>)[] = [
    async () =>
      fromPackage(
        (
          await client.query<Record<string, unknown>>(`SELECT ${fields} FROM InstalledSubscriberPackage WHERE SubscriberPackage.NamespacePrefix = 'sfLma'`, {
            ...options,
            tooling: true,
          })
        ).records,
      ),
    async () =>
      fromPackage((await client.fetchAll<Record<string, unknown>>(`SELECT ${fields} FROM InstalledSubscriberPackage`, { ...options, tooling: true })).records),
    async () => {
      const rows = (
        await client.query<Record<string, unknown>>("SELECT NamespacePrefix, MajorVersion, MinorVersion FROM Publisher WHERE NamespacePrefix = 'sfLma'", {
          ...options,
          tooling: true,
        })
      ).records;
      if (!rows.length) return { kind: 'notInstalled' };
      return { kind: 'installed', version: `${Number(rows[0].MajorVersion)}.${Number(rows[0].MinorVersion)}`, source: 'Publisher' };
    },
  ];
  let lastError: LmoError | undefined;
  for (const attempt of attempts) {
    try {
      return await attempt();
    } catch (err) {
      if (!isLmoError(err) || FATAL.has(err.kind)) throw err;
      lastError = err;
    }
  }
  const error = lastError as LmoError;
  return {
    kind: 'unknown',
    error: new LmoError(
      error.kind === 'permission' || error.kind === 'invalidQuery' ? 'permission' : error.kind,
      `Cannot read the installed LMA version in ${client.target.label}: your user may need the "Download AppExchange Packages" permission to see installed packages. (${error.errorCode ?? error.kind})`,
      error.detail,
      error.errorCode,
    ),
  };
}
