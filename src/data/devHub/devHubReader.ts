/**
 * Typed reads of the org that owns the packages: the Dev Hub (2GP) or the packaging org (1GP).
 * Wraps the connection's generic OrgClient, as LicenseManagementOrg does for the LMO.
 */
import { LmoError, isLmoError } from '../org/errors';
import { type CallOptions, type OrgClient } from '../org/orgClient';

export type DevHubPresence = { ok: true } | { ok: false; error: LmoError };

export class DevHubReader {
  constructor(readonly client: OrgClient) {}

  get target() {
    return this.client.target;
  }

  /** Can this org list the packages it owns (Tooling Package2 or MetadataPackage)? */
  async probe(options: CallOptions = {}): Promise<DevHubPresence> {
    try {
      await this.client.query('SELECT Id FROM Package2 LIMIT 1', { ...options, tooling: true });
      return { ok: true };
    } catch (err) {
      if (!isLmoError(err) || !['invalidQuery', 'permission'].includes(err.kind)) throw err;
      try {
        await this.client.query('SELECT Id FROM MetadataPackage LIMIT 1', { ...options, tooling: true });
        return { ok: true };
      } catch (second) {
        if (isLmoError(second) && ['invalidQuery', 'permission'].includes(second.kind)) {
          return {
            ok: false,
            error: new LmoError(
              'permission',
              `${this.target.label} is not a Dev Hub or packaging org that LMA Workbench can read: it lists no packages (Package2 or MetadataPackage).`,
              second.detail,
              second.errorCode,
            ),
          };
        }
        throw second;
      }
    }
  }
}
