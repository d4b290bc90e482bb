/**
 * Reads the PBO's package licenses, SfdcPartnerTntPkgLicense (docs/salesforce/pbo-licenses.md),
 * where the org has them. The object exists from API 66.0 in a Partner Business Org that has it:
 * a describe of it answers whether it is there (404 NOT_FOUND or INVALID_TYPE: it is not, and the
 * caller says nothing). The fields come from that describe: the documented management-side ones
 * by name, the subscriber-side ones — whose names Salesforce does not document — by pattern
 * (e.g. /^Subscriber\w*Seats$/), each only when exactly one field of a fitting type matches. The
 * org id and the 033 package id come through the tenant package relationship (the reference to
 * SfdcPartnerTenantPackage, its relationship name read from describe).
 *
 * Cost: one describe, then one query call per 2,000 rows (queryMore pages); nothing more.
 */
import { type PboLicense } from '../../core/usage/pboLicenses';
import { isLmoError } from '../org/errors';
import { CallMeter, type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { raw, soql } from '../org/soql';

export const PBO_LICENSE_OBJECT = 'SfdcPartnerTntPkgLicense';
/** The version that introduced the object: asked for when the connection's own is older. */
export const PBO_MIN_API_VERSION = 66;

/** What each value of a PboLicense is read from. */
export type PboRole =
  'managementSeats' | 'managementStatus' | 'managementExpiration' | 'subscriberSeats' | 'subscriberUsedSeats' | 'subscriberStatus' | 'subscriberExpiration';

export interface PboFields {
  /** The field each role was read from; a role without a field is not read (and not compared). */
  readonly read: Partial<Record<PboRole, string>>;
  /** Roles that more than one field matched: none of them was read. */
  readonly ambiguous: Partial<Record<PboRole, readonly string[]>>;
  /** The relationship to SfdcPartnerTenantPackage (undefined: the rows cannot be joined). */
  readonly tenantPackage: string | undefined;
}

export type PboLicensesResult =
  | { readonly present: false; readonly apiCalls: number }
  | {
      readonly present: true;
      readonly rows: readonly PboLicense[];
      readonly fields: PboFields;
      readonly apiCalls: number;
      /** The API version the object was read in. */
      readonly apiVersion: string;
    };

export interface PboReadOptions extends CallOptions {
  /** Rows per page, 200–2,000 (default Salesforce's 2,000). */
  readonly batchSize?: number;
}

interface DescribedField {
  readonly name: string;
  readonly type: string;
  readonly referenceTo?: readonly string[];
  readonly relationshipName?: string | null;
}

const NUMBER = new Set(['int', 'double', 'long']);
const TEXT = new Set(['picklist', 'string']);
const DATE = new Set(['date', 'datetime']);

/** The documented names first; the subscriber side by pattern (its names are not documented). */
const ROLES: readonly { role: PboRole; exact?: string; pattern?: RegExp; types: ReadonlySet<string> }[] = [
  { role: 'managementSeats', exact: 'ManagementProvisionedSeats', types: NUMBER },
  { role: 'managementStatus', exact: 'ManagementLicenseStatus', types: TEXT },
  { role: 'managementExpiration', exact: 'ManagementExpirationDate', types: DATE },
  { role: 'subscriberSeats', pattern: /^Subscriber(?!\w*(Used|Assigned|Consumed|Available))\w*Seats$/, types: NUMBER },
  { role: 'subscriberUsedSeats', pattern: /^Subscriber\w*(Used|Assigned|Consumed)\w*Seats$/, types: NUMBER },
  { role: 'subscriberStatus', pattern: /^Subscriber\w*Status$/, types: TEXT },
  { role: 'subscriberExpiration', pattern: /^Subscriber\w*Expiration\w*$/, types: DATE },
];

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Which field each role is read from, from the object's describe. */
export function pboFieldsFrom(fields: readonly DescribedField[]): PboFields {
  const read: Partial<Record<PboRole, string>> = {};
  const ambiguous: Partial<Record<PboRole, readonly string[]>> = {};
  const usable = fields.filter((f) => IDENTIFIER.test(f.name));
  for (const { role, exact, pattern, types } of ROLES) {
    const matches = usable.filter((f) => (exact ? f.name === exact : pattern?.test(f.name)) && types.has(f.type.toLowerCase())).map((f) => f.name);
    if (matches.length === 1) read[role] = matches[0];
    else if (matches.length > 1) ambiguous[role] = matches;
  }
  const reference = usable.find((f) => f.type === 'reference' && f.referenceTo?.includes('SfdcPartnerTenantPackage') && f.relationshipName);
  const tenantPackage = reference?.relationshipName && IDENTIFIER.test(reference.relationshipName) ? reference.relationshipName : undefined;
  return { read, ambiguous, tenantPackage };
}

/** Not there: the object does not exist in this org or version, or the user cannot see it (both answer so). */
function isAbsent(err: unknown): boolean {
  return isLmoError(err) && (err.kind === 'notFound' || err.errorCode === 'NOT_FOUND' || err.errorCode === 'INVALID_TYPE');
}

/**
 * The PBO's package licenses, or `{ present: false }` where the org has no SfdcPartnerTntPkgLicense
 * (any API version below 66.0 included). Other failures (session, network, limits) throw as LmoErrors.
 */
export async function readPboLicenses(client: OrgClient, options: PboReadOptions = {}): Promise<PboLicensesResult> {
  const meter = new CallMeter();
  const call = { signal: options.signal, meter };
  const spent = () => {
    if (options.meter) options.meter.calls += meter.calls;
    return meter.calls;
  };
  const version = Math.max(Number(client.apiVersion) || 0, PBO_MIN_API_VERSION).toFixed(1);
  const base = `/services/data/v${version}`;
  let described: { fields?: unknown };
  try {
    described = await client.request<{ fields?: unknown }>('GET', `${base}/sobjects/${PBO_LICENSE_OBJECT}/describe`, undefined, call);
  } catch (err) {
    if (isAbsent(err)) return { present: false, apiCalls: spent() };
    spent();
    throw err;
  }
  if (!described || !Array.isArray(described.fields)) {
    spent();
    throw client.badResponse('describe', described);
  }
  const fields = pboFieldsFrom(described.fields as DescribedField[]);
  const rel = fields.tenantPackage;
  const columns = ['Id', 'Name', ...Object.values(fields.read), ...(rel ? [`${rel}.PartnerPackageId`, `${rel}.Status`, `${rel}.PartnerTenant.Tenant`] : [])];
  const query = soql`SELECT ${raw(columns.join(', '))} FROM ${raw(PBO_LICENSE_OBJECT)} ORDER BY Id`;
  const headers = options.batchSize ? { 'Sforce-Query-Options': `batchSize=${options.batchSize}` } : undefined;
  try {
    let page = client.pageOf<Record<string, unknown>>(
      await client.request('GET', `${base}/query?q=${encodeURIComponent(query)}`, undefined, { ...call, headers }),
      'query',
    );
    const rows = page.records.map((r) => toPboLicense(r, fields));
    while (!page.done && page.nextRecordsUrl) {
      page = await client.queryMore<Record<string, unknown>>(page.nextRecordsUrl, { ...call, batchSize: options.batchSize });
      rows.push(...page.records.map((r) => toPboLicense(r, fields)));
    }
    return { present: true, rows, fields, apiCalls: spent(), apiVersion: version };
  } catch (err) {
    spent();
    throw err;
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const number = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A row as read: a role without a field stays undefined, so the comparison leaves it out. */
export function toPboLicense(r: Record<string, unknown>, fields: PboFields): PboLicense {
  const { read, tenantPackage } = fields;
  const value = <T>(role: PboRole, as: (v: unknown) => T): T | undefined => (read[role] ? as(r[read[role]]) : undefined);
  const tp = tenantPackage ? (r[tenantPackage] as Record<string, unknown> | null | undefined) : undefined;
  const tenant = tp?.PartnerTenant as Record<string, unknown> | null | undefined;
  return {
    id: String(r.Id),
    name: text(r.Name) ?? undefined,
    orgId: text(tenant?.Tenant) ?? undefined,
    packageId: text(tp?.PartnerPackageId) ?? undefined,
    tenantPackageStatus: tenantPackage ? text(tp?.Status) : undefined,
    managementSeats: value('managementSeats', number),
    managementStatus: value('managementStatus', text),
    managementExpiration: value('managementExpiration', text),
    subscriberSeats: value('subscriberSeats', number),
    subscriberUsedSeats: value('subscriberUsedSeats', number),
    subscriberStatus: value('subscriberStatus', text),
    subscriberExpiration: value('subscriberExpiration', text),
  };
}
