/**
 * Whether field history is tracked on License's Status in an LMO: what decides which churn report
 * `lmo-dashboard generate` writes (docs/salesforce/lmo-dashboard.md#is-license-status-history-tracked).
 * Read from Tooling FieldDefinition.IsFieldHistoryTracked, filtered on the License's entity
 * definition as Salesforce requires. When it cannot be read (no permission, the object unknown to
 * this user, the LMA missing), the answer is "unknown" with the reason, never a guess.
 */
import { type LmoError, isLmoError } from '../org/errors';
import { type QueryOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { soql } from '../org/soql';

export const LICENSE_OBJECT = 'sfLma__License__c';
export const STATUS_FIELD = 'sfLma__Status__c';

export type StatusHistoryTracking =
  { readonly tracked: boolean; readonly how: string } | { readonly tracked: undefined; readonly reason: string; readonly errorCode?: string };

/** Errors that stop the command: another query would only fail the same way. */
const FATAL = new Set(['sessionExpired', 'apiLimit', 'network', 'cancelled', 'timeout']);

export async function statusHistoryTracked(client: OrgClient, options: QueryOptions = {}): Promise<StatusHistoryTracking> {
  const query = soql`SELECT QualifiedApiName, IsFieldHistoryTracked FROM FieldDefinition WHERE EntityDefinition.QualifiedApiName = ${LICENSE_OBJECT} AND QualifiedApiName = ${STATUS_FIELD}`;
  let rows: Record<string, unknown>[];
  try {
    rows = (await client.query<Record<string, unknown>>(query, { ...options, tooling: true })).records;
  } catch (err) {
    if (!isLmoError(err) || FATAL.has(err.kind)) throw err;
    return unknown(client, err);
  }
  const row = rows.find((r) => r.QualifiedApiName === STATUS_FIELD);
  if (!row)
    return {
      tracked: undefined,
      reason: `${client.target.label} has no field definition for ${LICENSE_OBJECT}.${STATUS_FIELD} visible to your user (is the LMA installed?).`,
    };
  if (typeof row.IsFieldHistoryTracked !== 'boolean')
    return { tracked: undefined, reason: `${client.target.label} did not say whether ${STATUS_FIELD}'s history is tracked.` };
  const how = `Tooling FieldDefinition.IsFieldHistoryTracked is ${String(row.IsFieldHistoryTracked)} for ${LICENSE_OBJECT}.${STATUS_FIELD} in ${client.target.label}`;
  return { tracked: row.IsFieldHistoryTracked, how };
}

function unknown(client: OrgClient, err: LmoError): StatusHistoryTracking {
  const code = err.errorCode ?? err.kind;
  const why =
    err.errorCode === 'INVALID_TYPE'
      ? 'FieldDefinition is not available to your user (it may need View Setup and Configuration)'
      : err.kind === 'permission'
        ? 'your user lacks a permission to read field definitions'
        : 'the org refused the query';
  return {
    tracked: undefined,
    reason: `Cannot tell whether License Status history is tracked in ${client.target.label}: ${why} (${code}).`,
    errorCode: err.errorCode,
  };
}
