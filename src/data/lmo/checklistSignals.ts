/**
 * Reads what the setup checklist needs in three API calls, at any install-base size: one REST
 * Composite of five queries (the org, the linked packages with their lead managers, version
 * counts, licenses by status, the Recycle Bin), one REST Composite of four permission and flow
 * queries plus the describes of the four objects the LMA creates records of (License, Lead,
 * Package, Package Version), and one Tooling Composite of five queries (installed packages,
 * triggers, validation rules, entity definitions, Change Data Capture). Composite allows five
 * query subrequests per call and 25 in all (docs/salesforce/setup-checklist.md). Each
 * subrequest settles on its own, so one unreadable object costs one verdict, not the checklist.
 */
import { formatVersionNumber } from '../../core/versionNumber';
import {
  type DescribeFacts,
  type FlowFacts,
  type InstalledNamespace,
  LICENSE_OBJECT,
  LMA_CREATED_OBJECTS,
  type LinkedPackage,
  type ObjectAccess,
  PACKAGE_OBJECT,
  PACKAGE_VERSION_OBJECT,
  type ReadFailure,
  type Reading,
  type SetupSignals,
  type StatusCount,
  type TriggerFacts,
  type ValidationRuleFacts,
} from '../../core/checklist/signals';
import { type LmoError, isLmoError } from '../org/errors';
import { type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { soql, soqlDateTime } from '../org/soql';

type Row = Record<string, unknown>;
type Settled = Record<string, { ok: true; body: unknown } | LmoError>;

const LMA_OBJECTS = [LICENSE_OBJECT, PACKAGE_OBJECT, PACKAGE_VERSION_OBJECT] as const;
/** The objects whose automation the checklist reads, as a SOQL IN list. */
const WATCHED_IN = `('${LMA_CREATED_OBJECTS.join("', '")}')`;

export const SETUP_QUERIES = {
  org: 'SELECT Id, Name, OrganizationType, IsSandbox, TrialExpirationDate, InstanceName FROM Organization LIMIT 1',
  packages:
    'SELECT Id, Name, sfLma__Package_ID__c, sfLma__Developer_Org_ID__c, sfLma__Latest_Version__c, sfLma__Lead_Manager__c, sfLma__Lead_Manager__r.Name, sfLma__Lead_Manager__r.IsActive FROM sfLma__Package__c ORDER BY Name LIMIT 2000',
  versions: 'SELECT sfLma__Package__c, COUNT(Id) n FROM sfLma__Package_Version__c GROUP BY sfLma__Package__c',
  byStatus:
    'SELECT sfLma__Status__c, COUNT(Id) n, COUNT_DISTINCT(sfLma__Subscriber_Org_ID__c) orgs FROM sfLma__License__c WHERE sfLma__Subscriber_Org_Is_Sandbox__c = false GROUP BY sfLma__Status__c',
  deleted: 'SELECT COUNT() FROM sfLma__License__c WHERE IsDeleted = true',
  pages: "SELECT Id, Name FROM ApexPage WHERE NamespacePrefix = 'sfLma' AND Name IN ('SubscriberSupport', 'LoginToPartnerBT')",
  flows:
    "SELECT ApiName, Label, TriggerType, RecordTriggerType, TriggerObjectOrEventId, NamespacePrefix FROM FlowDefinitionView WHERE IsActive = true AND TriggerType IN ('RecordBeforeSave', 'RecordAfterSave')",
  installed:
    'SELECT SubscriberPackage.NamespacePrefix, SubscriberPackage.Name, SubscriberPackageVersion.MajorVersion, SubscriberPackageVersion.MinorVersion, SubscriberPackageVersion.PatchVersion FROM InstalledSubscriberPackage',
  triggers: `SELECT Name, NamespacePrefix, Status, UsageBeforeInsert, UsageBeforeUpdate, UsageAfterInsert, UsageAfterUpdate, UsageAfterDelete, UsageAfterUndelete, EntityDefinition.QualifiedApiName FROM ApexTrigger WHERE EntityDefinition.QualifiedApiName IN ${WATCHED_IN}`,
  validationRules: `SELECT ValidationName, Active, ErrorMessage, NamespacePrefix, EntityDefinition.QualifiedApiName FROM ValidationRule WHERE EntityDefinition.QualifiedApiName IN ${WATCHED_IN}`,
  entities: `SELECT DurableId, QualifiedApiName FROM EntityDefinition WHERE QualifiedApiName IN ${WATCHED_IN}`,
  changeEvents: 'SELECT SelectedEntity FROM PlatformEventChannelMember',
} as const;

/** The queries that depend on the running user (escaped: a username is text like any other). */
export function userQueries(username: string) {
  const assigned = soql`SELECT PermissionSetId FROM PermissionSetAssignment WHERE Assignee.Username = ${username}`;
  return {
    objectAccess: `SELECT SobjectType, PermissionsRead, PermissionsEdit, Parent.Label, Parent.IsOwnedByProfile FROM ObjectPermissions WHERE SobjectType IN ('${LMA_OBJECTS.join("', '")}') AND ParentId IN (${assigned})`,
    pageAccess: `SELECT SetupEntityId FROM SetupEntityAccess WHERE SetupEntityType = 'ApexPage' AND ParentId IN (${assigned})`,
  };
}

const q = (soqlText: string) => `/query?q=${encodeURIComponent(soqlText)}`;

/** License counts by status as of an instant: licenses created at or after it are left out (`--today` on the command line). */
function byStatusQuery(createdBefore: string | undefined): string {
  if (!createdBefore) return SETUP_QUERIES.byStatus;
  return SETUP_QUERIES.byStatus.replace(' GROUP BY', ` AND CreatedDate < ${soqlDateTime(createdBefore)} GROUP BY`);
}

export async function readSetupSignals(client: OrgClient, options: CallOptions & { readonly createdBefore?: string } = {}): Promise<SetupSignals> {
  const user = userQueries(client.target.username);
  const byStatus = byStatusQuery(options.createdBefore);
  const [rest, restUser, tooling] = await Promise.all([
    client.compositeSettled(
      {
        org: q(SETUP_QUERIES.org),
        packages: q(SETUP_QUERIES.packages),
        versions: q(SETUP_QUERIES.versions),
        byStatus: q(byStatus),
        deleted: `/queryAll?q=${encodeURIComponent(SETUP_QUERIES.deleted)}`,
      },
      options,
    ),
    client.compositeSettled(
      {
        objectAccess: q(user.objectAccess),
        pages: q(SETUP_QUERIES.pages),
        pageAccess: q(user.pageAccess),
        flows: q(SETUP_QUERIES.flows),
        license: `/sobjects/${LICENSE_OBJECT}/describe`,
        lead: '/sobjects/Lead/describe',
        packageObject: `/sobjects/${PACKAGE_OBJECT}/describe`,
        packageVersion: `/sobjects/${PACKAGE_VERSION_OBJECT}/describe`,
      },
      options,
    ),
    client.compositeSettled(
      {
        installed: q(SETUP_QUERIES.installed),
        triggers: q(SETUP_QUERIES.triggers),
        validationRules: q(SETUP_QUERIES.validationRules),
        entities: q(SETUP_QUERIES.entities),
        changeEvents: q(SETUP_QUERIES.changeEvents),
      },
      { ...options, tooling: true },
    ),
  ]);
  const read = new SignalReader(client);
  // A flow names a custom object by its entity definition's durable id (01I…): map those back.
  const entities = read.rows(tooling, 'entities', SETUP_QUERIES.entities);
  const entityNames = new Map<string, string>(LMA_CREATED_OBJECTS.map((o) => [o, o]));
  if (entities.ok) for (const e of entities.value) entityNames.set(str(e.DurableId), str(e.QualifiedApiName));
  const versionCounts = read.rows(rest, 'versions', SETUP_QUERIES.versions);
  return {
    org: read.map(rest, 'org', SETUP_QUERIES.org, (rows) => {
      const o = rows[0] ?? {};
      const isSandbox = o.IsSandbox === true;
      return {
        id: str(o.Id),
        name: str(o.Name),
        edition: str(o.OrganizationType),
        isSandbox,
        isScratch: isSandbox && !!o.TrialExpirationDate,
        instance: str(o.InstanceName),
      };
    }),
    installed: read.map(tooling, 'installed', SETUP_QUERIES.installed, (rows) => rows.map(installedNamespace)),
    packages: read.map(rest, 'packages', SETUP_QUERIES.packages, (rows) => rows.map((r) => linkedPackage(r, versionCounts))),
    objectAccess: read.map(restUser, 'objectAccess', user.objectAccess, objectAccess),
    license: read.describe(restUser, 'license', LICENSE_OBJECT),
    lead: read.describe(restUser, 'lead', 'Lead'),
    packageObject: read.describe(restUser, 'packageObject', PACKAGE_OBJECT),
    packageVersion: read.describe(restUser, 'packageVersion', PACKAGE_VERSION_OBJECT),
    licensesByStatus: read.map(rest, 'byStatus', byStatus, (rows) =>
      rows.map((r): StatusCount => ({ status: str(r.sfLma__Status__c), licenses: num(r.n), orgs: num(r.orgs) })),
    ),
    deletedLicenses: read.total(rest, 'deleted', SETUP_QUERIES.deleted),
    triggers: read.map(tooling, 'triggers', SETUP_QUERIES.triggers, (rows) => rows.map(trigger)),
    validationRules: read.map(tooling, 'validationRules', SETUP_QUERIES.validationRules, (rows) => rows.map(validationRule)),
    flows: read.map(restUser, 'flows', SETUP_QUERIES.flows, (rows) => rows.map((r) => flow(r, entityNames))),
    changeEvents: read.map(tooling, 'changeEvents', SETUP_QUERIES.changeEvents, (rows) => rows.map((r) => str(r.SelectedEntity))),
    supportPages: supportPages(read, restUser, user.pageAccess),
  };
}

class SignalReader {
  constructor(private readonly client: OrgClient) {}

  rows(settled: Settled, key: string, source: string): Reading<Row[]> {
    const result = settled[key];
    if (!result) return { ok: false, source, failure: { kind: 'error', message: 'the org did not answer this part of the request' } };
    if (isLmoError(result)) return { ok: false, source, failure: failureOf(result) };
    const page = this.client.pageOf<Row>(result.body, 'setup query');
    return { ok: true, value: page.records, source, complete: page.done };
  }

  map<T>(settled: Settled, key: string, source: string, fn: (rows: Row[]) => T): Reading<T> {
    const rows = this.rows(settled, key, source);
    return rows.ok ? { ok: true, value: fn(rows.value), source, complete: rows.complete } : rows;
  }

  total(settled: Settled, key: string, source: string): Reading<number> {
    const result = settled[key];
    if (!result || isLmoError(result)) return this.rows(settled, key, source) as Reading<never>;
    return { ok: true, value: this.client.pageOf<Row>(result.body, 'count').totalSize, source };
  }

  describe(settled: Settled, key: string, sobject: string): Reading<DescribeFacts> {
    const source = `GET /sobjects/${sobject}/describe`;
    const result = settled[key];
    if (!result || isLmoError(result)) return this.rows(settled, key, source) as Reading<never>;
    const body = (result.body ?? {}) as { queryable?: boolean; updateable?: boolean; fields?: Row[] };
    if (!Array.isArray(body.fields)) throw this.client.badResponse('describe', body);
    return {
      ok: true,
      source,
      value: {
        sobject,
        readable: body.queryable !== false,
        editable: body.updateable === true,
        requiredCustomFields: body.fields
          .filter((f) => f.custom === true && f.createable === true && f.nillable === false && f.defaultedOnCreate !== true && f.type !== 'boolean')
          .map((f) => ({ name: str(f.name), label: str(f.label) })),
      },
    };
  }
}

function failureOf(error: LmoError): ReadFailure {
  if (error.kind === 'lmaMissing') return { kind: 'notInstalled', message: error.message };
  if (error.kind === 'permission') return { kind: 'noAccess', message: error.message };
  // Permission objects answer "not supported" to users without View Setup and Configuration.
  if (error.kind === 'invalidQuery' && /INVALID_TYPE|not supported/i.test(`${error.errorCode ?? ''} ${error.detail}`))
    return { kind: 'noAccess', message: 'the object is not visible to you' };
  return { kind: 'error', message: error.message };
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
const rel = (r: Row, name: string) => (r[name] && typeof r[name] === 'object' ? (r[name] as Row) : undefined);

function installedNamespace(r: Row): InstalledNamespace {
  const p = rel(r, 'SubscriberPackage') ?? {};
  const v = rel(r, 'SubscriberPackageVersion') ?? {};
  return {
    namespace: str(p.NamespacePrefix),
    name: str(p.Name),
    version: formatVersionNumber([v.MajorVersion, v.MinorVersion, v.PatchVersion].map((n) => num(n))),
  };
}

function linkedPackage(r: Row, versions: Reading<Row[]>): LinkedPackage {
  const manager = rel(r, 'sfLma__Lead_Manager__r');
  const id = str(r.Id);
  const count = versions.ok ? num(versions.value.find((v) => str(v.sfLma__Package__c).slice(0, 15) === id.slice(0, 15))?.n) : undefined;
  return {
    id,
    name: str(r.Name),
    packageId: str(r.sfLma__Package_ID__c),
    developerOrgId: str(r.sfLma__Developer_Org_ID__c),
    latestVersion: str(r.sfLma__Latest_Version__c),
    leadManager: r.sfLma__Lead_Manager__c ? { id: str(r.sfLma__Lead_Manager__c), name: str(manager?.Name), active: manager?.IsActive === true } : undefined,
    versionCount: count,
  };
}

function objectAccess(rows: Row[]): ObjectAccess[] {
  return LMA_OBJECTS.map((sobject) => {
    const mine = rows.filter((r) => r.SobjectType === sobject);
    return {
      sobject,
      read: mine.some((r) => r.PermissionsRead === true),
      edit: mine.some((r) => r.PermissionsEdit === true),
      grantedBy: mine.filter((r) => r.PermissionsRead === true).map((r) => str(rel(r, 'Parent')?.Label)),
    };
  });
}

function trigger(r: Row): TriggerFacts {
  const before: TriggerFacts['before'][number][] = [];
  const after: TriggerFacts['after'][number][] = [];
  if (r.UsageBeforeInsert === true) before.push('insert');
  if (r.UsageBeforeUpdate === true) before.push('update');
  if (r.UsageAfterInsert === true) after.push('insert');
  if (r.UsageAfterUpdate === true) after.push('update');
  if (r.UsageAfterDelete === true) after.push('delete');
  if (r.UsageAfterUndelete === true) after.push('undelete');
  return {
    name: str(r.Name),
    object: str(rel(r, 'EntityDefinition')?.QualifiedApiName),
    namespace: str(r.NamespacePrefix) || undefined,
    active: r.Status === 'Active',
    before,
    after,
  };
}

function validationRule(r: Row): ValidationRuleFacts {
  return {
    name: str(r.ValidationName),
    object: str(rel(r, 'EntityDefinition')?.QualifiedApiName),
    namespace: str(r.NamespacePrefix) || undefined,
    active: r.Active === true,
    errorMessage: str(r.ErrorMessage),
  };
}

function flow(r: Row, entityNames: ReadonlyMap<string, string>): FlowFacts {
  const entity = str(r.TriggerObjectOrEventId);
  return {
    apiName: str(r.ApiName),
    label: str(r.Label),
    object: entityNames.get(entity) ?? entity,
    triggerType: str(r.TriggerType),
    recordTriggerType: str(r.RecordTriggerType),
    namespace: str(r.NamespacePrefix) || undefined,
  };
}

function supportPages(read: SignalReader, settled: Settled, source: string): Reading<string[]> {
  const pages = read.rows(settled, 'pages', SETUP_QUERIES.pages);
  const access = read.rows(settled, 'pageAccess', source);
  if (!access.ok) return access;
  if (!pages.ok) return pages;
  const granted = new Set(access.value.map((a) => str(a.SetupEntityId).slice(0, 15)));
  return { ok: true, source, value: pages.value.filter((p) => granted.has(str(p.Id).slice(0, 15))).map((p) => str(p.Name)) };
}
