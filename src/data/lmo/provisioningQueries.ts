/**
 * The queries behind provisioning rules. Inference reads each package's most recent installs
 * (a window of install dates, a cap per package) and their history: its cost grows with new
 * installs, never with the install base. The audit asks the server for the licenses that may
 * break a policy (filters SOQL can express), and the core checks each exactly.
 */
import { type CalendarDate, addDays } from '../../core/calendarDate';
import { type License } from '../../core/license';
import { type Package } from '../../core/package';
import { DEFAULT_FIELDS, type LicenseHistoryRow } from '../../core/provisioning/inference';
import { type Policies, type PolicyName } from '../../core/provisioning/rulesFile';
import { isLmoError } from '../org/errors';
import { type CallOptions, type QueryPage } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { chunkByWhereLength, raw, soql, soqlDate } from '../org/soql';
import { LICENSE_FIELDS, toLicense } from './records';

export interface EvidenceOptions extends CallOptions {
  readonly today: CalendarDate;
  /** Installs of the last this many days (default 180). */
  readonly windowDays?: number;
  /** At most this many of each package's most recent installs (default 200, sandboxes included). */
  readonly perPackage?: number;
}

export interface InstallEvidence {
  readonly installs: License[];
  readonly history: LicenseHistoryRow[];
  readonly windowFrom: CalendarDate;
}

const LIST = LICENSE_FIELDS.join(', ');
const TRACKED = [...DEFAULT_FIELDS];

/** Ids in chunks whose rendered WHERE clause stays under Salesforce's limit. */
export function idChunks(ids: readonly string[], render: (chunk: readonly string[]) => string): string[][] {
  return chunkByWhereLength([...new Set(ids)], render);
}

/** Runs named queries through Composite and returns all their rows (first pages together, the rest with queryMore). */
async function rowsOf(client: OrgClient, queries: Record<string, string>, options: CallOptions): Promise<Record<string, Record<string, unknown>[]>> {
  if (!Object.keys(queries).length) return {};
  const pages = await client.compositeQueries<Record<string, unknown>>(queries, options);
  return Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, v.records]));
}

export async function fetchInstallEvidence(client: OrgClient, packages: readonly Package[], options: EvidenceOptions): Promise<InstallEvidence> {
  const windowFrom = addDays(options.today, -(options.windowDays ?? 180));
  const perPackage = Math.min(2000, Math.max(1, options.perPackage ?? 200));
  const installs = await rowsOf(
    client,
    Object.fromEntries(
      packages.map((p, i) => [
        `installs${i}`,
        soql`SELECT ${raw(LIST)} FROM sfLma__License__c WHERE sfLma__Package__c = ${p.id} AND sfLma__Install_Date__c >= ${soqlDate(windowFrom)} AND sfLma__Install_Date__c <= ${soqlDate(options.today)} ORDER BY sfLma__Install_Date__c DESC, Id DESC LIMIT ${perPackage}`,
      ]),
    ),
    options,
  );
  const licenses = Object.values(installs).flat().map(toLicense);
  const history = await fetchHistory(
    client,
    licenses.map((l) => l.id),
    TRACKED,
    options,
  );
  return { installs: licenses, history: history.map((h) => ({ licenseId: String(h.ParentId), field: String(h.Field) })), windowFrom };
}

/** History rows of these licenses for these fields, newest first (ParentId, Field, OldValue, NewValue, CreatedDate). */
export async function fetchHistory(
  client: OrgClient,
  ids: readonly string[],
  fields: readonly string[],
  options: CallOptions,
): Promise<Record<string, unknown>[]> {
  if (!ids.length) return [];
  const render = (chunk: readonly string[]) => soql`ParentId IN ${chunk} AND Field IN ${fields}`;
  const queries = Object.fromEntries(
    idChunks(ids, render).map((chunk, i) => [
      `history${i}`,
      `SELECT ParentId, Field, OldValue, NewValue, CreatedDate FROM sfLma__License__History WHERE ${render(chunk)} ORDER BY CreatedDate DESC, Id DESC`,
    ]),
  );
  return Object.values(await rowsOf(client, queries, options)).flat();
}

const LIVE = (today: CalendarDate) =>
  soql`sfLma__Status__c IN ('Active', 'Trial') AND (sfLma__Expiration__c = null OR sfLma__Expiration__c = 1970-01-01 OR sfLma__Expiration__c >= ${soqlDate(today)})`;
const PRODUCTION = 'sfLma__Subscriber_Org_Is_Sandbox__c = false';

/** The server-side filter of each policy: every license that breaks it matches (the core then checks exactly). */
export function policyQueries(policies: Policies, today: CalendarDate): Partial<Record<PolicyName, string>> {
  const q = (where: string) => `SELECT ${LIST} FROM sfLma__License__c WHERE ${where} ORDER BY Id`;
  const out: Partial<Record<PolicyName, string>> = {};
  if (policies.maxTrialDays !== undefined)
    out.maxTrialDays = q(
      soql`sfLma__Status__c = 'Trial' AND ${raw(PRODUCTION)} AND (sfLma__Expiration__c = null OR sfLma__Expiration__c = 1970-01-01 OR sfLma__Expiration__c >= ${soqlDate(today)})`,
    );
  if (policies.seatsNeverBelowUsed) out.seatsNeverBelowUsed = q(`${LIVE(today)} AND ${PRODUCTION} AND sfLma__Seats__c >= 0 AND sfLma__Used_Licenses__c > 0`);
  if (policies.sandboxesSiteWide) out.sandboxesSiteWide = q(`${LIVE(today)} AND sfLma__Subscriber_Org_Is_Sandbox__c = true AND sfLma__Seats__c >= 0`);
  if (policies.expiredGraceDays !== undefined)
    out.expiredGraceDays = q(
      soql`sfLma__Status__c IN ('Active', 'Trial') AND ${raw(PRODUCTION)} AND sfLma__Expiration__c != 1970-01-01 AND sfLma__Expiration__c < ${soqlDate(addDays(today, -policies.expiredGraceDays))}`,
    );
  if (policies.seatsAlwaysSet) out.seatsAlwaysSet = q(`${LIVE(today)} AND ${PRODUCTION} AND sfLma__Seats__c = null`);
  if (policies.maxSeats !== undefined) out.maxSeats = q(soql`${raw(LIVE(today))} AND ${raw(PRODUCTION)} AND sfLma__Seats__c > ${policies.maxSeats}`);
  return out;
}

export interface PolicyCandidates {
  readonly licenses: License[];
  /** False when a policy had more candidates than the cap: its violations are a lower bound. */
  readonly complete: boolean;
  readonly capped: PolicyName[];
}

/** The candidates of every set policy: first pages in one Composite call, further pages up to `cap` rows per policy. */
export async function fetchPolicyCandidates(
  client: OrgClient,
  policies: Policies,
  today: CalendarDate,
  options: CallOptions & { cap?: number } = {},
): Promise<PolicyCandidates> {
  const queries = policyQueries(policies, today);
  const names = Object.keys(queries) as PolicyName[];
  if (!names.length) return { licenses: [], complete: true, capped: [] };
  const cap = options.cap ?? 20_000;
  const first = await client.compositeQueriesSettled<Record<string, unknown>>(queries as Record<string, string>, { ...options, firstPageOnly: names });
  const rows: Record<string, unknown>[] = [];
  const capped: PolicyName[] = [];
  for (const name of names) {
    const result = first[name];
    if (isLmoError(result)) throw result;
    let page: QueryPage<Record<string, unknown>> = result;
    let count = page.records.length;
    rows.push(...page.records);
    while (!page.done && page.nextRecordsUrl && count < cap) {
      page = await client.queryMore<Record<string, unknown>>(page.nextRecordsUrl, options);
      rows.push(...page.records);
      count += page.records.length;
    }
    if (!page.done) capped.push(name);
  }
  return { licenses: rows.map(toLicense), complete: capped.length === 0, capped };
}
