/**
 * The demo LMO's setup: the permission sets, page grants and automation the setup checklist
 * reads, and the switches that break each step on purpose (`--setup before-trigger,…` on the
 * standalone demo, `setSetup` on the control API). The default demo has one thing to fix — a
 * package whose lead manager has left — so the checklist has something to say on first run.
 */
import { toId18 } from '../core/orgId';
import { serialId15 } from './random';
import { type DemoRecord } from './schema';
import { type DemoStore } from './store';

export const SETUP_BREAKS = [
  'sandbox',
  'lead-manager-inactive',
  'no-license-edit',
  'before-trigger',
  'before-update-trigger',
  'package-version-trigger',
  'developer-edition',
  'before-save-flow',
  'validation-rule',
  'required-field',
  'no-billing',
  'no-support-console',
  'no-view-setup',
  'no-status-history',
] as const;
export type SetupBreak = (typeof SETUP_BREAKS)[number];

/** The entity definition ids of the LMA's custom objects (what Tooling's TableEnumOrId holds for them). */
export const LICENSE_ENTITY_ID = '01I5g000000LiCEAAA';
export const PACKAGE_ENTITY_ID = '01I5g000000PacKAAA';
export const PACKAGE_VERSION_ENTITY_ID = '01I5g000000PaVeAAA';
/** The edition the demo LMO reports (Organization.OrganizationType), and the one `developer-edition` switches to. */
export const DEMO_EDITION = 'Enterprise Edition';
export const NON_LMO_EDITION = 'Developer Edition';
export const LICENSE_CHANGE_EVENT = 'sfLma__License__ChangeEvent';
export const FORMER_MANAGER_USERNAME = 'former.manager@acme-lmo.demo';

export const DEFAULT_SETUP_BREAKS: readonly SetupBreak[] = ['lead-manager-inactive'];

/** What each switch breaks, for `--help` and the README. */
export const SETUP_BREAK_HELP: Record<SetupBreak, string> = {
  sandbox: 'the org reports itself as a sandbox (not an LMO)',
  'lead-manager-inactive': "a package's lead manager is an inactive user (licenses stop being created)",
  'no-license-edit': 'the running user may read licenses but not edit them',
  'before-trigger': 'a before-insert Apex trigger on License',
  'before-update-trigger': 'a before-update-only Apex trigger on License (cannot stop license creation: needs attention, not broken)',
  'package-version-trigger': 'a before-insert Apex trigger on Package Version (stops the LMA creating version records)',
  'developer-edition': 'the org reports itself as Developer Edition, without the Partner Business Org apps (not an edition the LMA is documented for)',
  'before-save-flow': 'a before-save record-triggered flow on Lead',
  'validation-rule': 'an active validation rule on Lead',
  'required-field': 'a required custom field on Lead',
  'no-billing': 'no automation on License at all (no trigger, flow or Change Data Capture)',
  'no-support-console': 'the running user has no access to the Subscriber Support Console pages',
  'no-view-setup': 'the running user lacks View Setup and Configuration (permission objects and Tooling FieldDefinition are not readable)',
  'no-status-history': "field history is not tracked on License's Status (FieldDefinition.IsFieldHistoryTracked is false)",
};

/** Parses "a,b" (or "none", or "default"); throws with the list of valid names on a typo. */
export function parseSetupBreaks(text: string): SetupBreak[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'none') return [];
  const out: SetupBreak[] = [];
  for (const name of names) {
    if (name === 'default') out.push(...DEFAULT_SETUP_BREAKS);
    else if ((SETUP_BREAKS as readonly string[]).includes(name)) out.push(name as SetupBreak);
    else throw new RangeError(`Unknown setup break "${name}"; known: none, default, ${SETUP_BREAKS.join(', ')}`);
  }
  return [...new Set(out)];
}

/** The entity definition id of a custom object (what Tooling's TableEnumOrId holds for it). */
const id = (prefix: string, n: number) => toId18(serialId15(prefix, 900_000 + n));
const ENTITIES = ['Lead', LICENSE_ENTITY_ID, 'Account', 'Opportunity', PACKAGE_ENTITY_ID, PACKAGE_VERSION_ENTITY_ID];
/** Entity definition records get ids of their own; what other setup objects store is the durable id. */
const entityId = (durable: string) => id('000', ENTITIES.indexOf(durable) + 1);
/** The System Administrator profile: the running user's, and its permission set's ProfileId (metadata/profiles.ts). */
export const ADMIN_PROFILE_ID = id('00e', 1);

/** The setup records for a set of breaks; the running user is `adminId`. */
export function setupTables(adminId: string, breaks: ReadonlySet<SetupBreak>): Record<string, DemoRecord[]> {
  const profile = id('0PS', 1);
  const licenseManagement = id('0PS', 2);
  const subscriberSupport = id('0PS', 3);
  const pages = ['SubscriberSupport', 'LoginToPartnerBT', 'ModifyLicense', 'LicenseRefresh'].map((name, i) => ({
    Id: id('066', i + 1),
    Name: name,
    MasterLabel: name,
    NamespacePrefix: 'sfLma',
  }));
  const objectPermission = (n: number, parent: string, type: string, read: boolean, edit: boolean): DemoRecord => ({
    Id: id('110', n),
    ParentId: parent,
    SobjectType: type,
    PermissionsRead: read,
    PermissionsCreate: false,
    PermissionsEdit: edit,
    PermissionsDelete: false,
    PermissionsViewAllRecords: read,
    PermissionsModifyAllRecords: false,
  });
  const canEdit = !breaks.has('no-license-edit');
  const entity = (durable: string, api: string, label: string, ns: string | null): DemoRecord => ({
    Id: entityId(durable),
    DurableId: durable,
    QualifiedApiName: api,
    Label: label,
    NamespacePrefix: ns,
  });
  const trigger = (n: number, name: string, durable: string, usage: Partial<Record<string, boolean>>): DemoRecord => ({
    Id: id('01q', n),
    Name: name,
    NamespacePrefix: null,
    TableEnumOrId: durable,
    EntityDefinitionId: entityId(durable),
    Status: 'Active',
    UsageBeforeInsert: false,
    UsageBeforeUpdate: false,
    UsageBeforeDelete: false,
    UsageAfterInsert: false,
    UsageAfterUpdate: false,
    UsageAfterDelete: false,
    UsageAfterUndelete: false,
    IsValid: true,
    ApiVersion: 62,
    ...usage,
  });
  const flow = (n: number, apiName: string, label: string, triggerType: string, triggerEntity: string, entityLabel: string): DemoRecord => ({
    Id: id('300', n),
    DurableId: id('300', n),
    ApiName: apiName,
    Label: label,
    ProcessType: 'AutoLaunchedFlow',
    TriggerType: triggerType,
    RecordTriggerType: 'CreateAndUpdate',
    TriggerObjectOrEventId: triggerEntity,
    TriggerObjectOrEventLabel: entityLabel,
    IsActive: true,
    NamespacePrefix: null,
  });
  const billing = !breaks.has('no-billing');
  const licenseField = (n: number, api: string, label: string, dataType: string, tracked: boolean): DemoRecord => ({
    Id: id('4ie', n),
    DurableId: `${LICENSE_ENTITY_ID}.${api}`,
    QualifiedApiName: api,
    Label: label,
    DataType: dataType,
    NamespacePrefix: 'sfLma',
    EntityDefinitionId: entityId(LICENSE_ENTITY_ID),
    IsFieldHistoryTracked: tracked,
  });
  return {
    PermissionSet: [
      { Id: profile, Name: 'X00e5g000001SysAdmin', Label: 'System Administrator', NamespacePrefix: null, IsOwnedByProfile: true, ProfileId: ADMIN_PROFILE_ID },
      { Id: licenseManagement, Name: 'License_Management', Label: 'License Management', NamespacePrefix: null, IsOwnedByProfile: false, ProfileId: null },
      { Id: subscriberSupport, Name: 'Subscriber_Support', Label: 'Subscriber Support', NamespacePrefix: null, IsOwnedByProfile: false, ProfileId: null },
    ],
    PermissionSetAssignment: [
      { Id: id('0Pa', 1), AssigneeId: adminId, PermissionSetId: profile, IsActive: true },
      { Id: id('0Pa', 2), AssigneeId: adminId, PermissionSetId: licenseManagement, IsActive: true },
      ...(breaks.has('no-support-console') ? [] : [{ Id: id('0Pa', 3), AssigneeId: adminId, PermissionSetId: subscriberSupport, IsActive: true }]),
    ],
    ObjectPermissions: [
      objectPermission(1, profile, 'Account', true, true),
      objectPermission(2, licenseManagement, 'sfLma__License__c', true, canEdit),
      objectPermission(3, licenseManagement, 'sfLma__Package__c', true, false),
      objectPermission(4, licenseManagement, 'sfLma__Package_Version__c', true, false),
    ],
    ApexPage: pages,
    SetupEntityAccess: pages
      .filter((p) => p.Name === 'SubscriberSupport' || p.Name === 'LoginToPartnerBT')
      .map((p, i) => ({ Id: id('0J0', i + 1), ParentId: subscriberSupport, SetupEntityId: p.Id, SetupEntityType: 'ApexPage' })),
    FlowDefinitionView: [
      flow(1, 'Opportunity_Won_Handoff', 'Opportunity won → onboarding', 'RecordAfterSave', 'Opportunity', 'Opportunity'),
      ...(billing ? [flow(2, 'License_Renewal_Notice', 'License renewals → "Billing" <notify> & CSM', 'RecordAfterSave', LICENSE_ENTITY_ID, 'License')] : []),
      ...(breaks.has('before-save-flow') ? [flow(3, 'Lead_Defaults', 'Lead defaults (before save)', 'RecordBeforeSave', 'Lead', 'Lead')] : []),
    ],
    EntityDefinition: [
      entity('Lead', 'Lead', 'Lead', null),
      entity(LICENSE_ENTITY_ID, 'sfLma__License__c', 'License', 'sfLma'),
      entity('Account', 'Account', 'Account', null),
      entity('Opportunity', 'Opportunity', 'Opportunity', null),
      entity(PACKAGE_ENTITY_ID, 'sfLma__Package__c', 'Package', 'sfLma'),
      entity(PACKAGE_VERSION_ENTITY_ID, 'sfLma__Package_Version__c', 'Package Version', 'sfLma'),
    ],
    // The LMA tracks these License fields' history; `no-status-history` stops tracking Status.
    FieldDefinition: [
      licenseField(1, 'sfLma__Status__c', 'Status', 'Picklist', !breaks.has('no-status-history')),
      licenseField(2, 'sfLma__Seats__c', 'Seats', 'Number(8, 0)', true),
      licenseField(3, 'sfLma__Expiration__c', 'Expiration', 'Date', true),
      licenseField(4, 'sfLma__Subscriber_Org_ID__c', 'Subscriber Org ID', 'Text(18)', false),
    ],
    ApexTrigger: [
      trigger(1, 'LeadRouting', 'Lead', { UsageAfterInsert: true }),
      ...(billing ? [trigger(2, 'LicenseBillingSync', LICENSE_ENTITY_ID, { UsageAfterInsert: true, UsageAfterUpdate: true })] : []),
      ...(breaks.has('before-trigger') ? [trigger(3, 'LicenseDefaults', LICENSE_ENTITY_ID, { UsageBeforeInsert: true, UsageBeforeUpdate: true })] : []),
      ...(breaks.has('before-update-trigger') ? [trigger(4, 'LicenseAuditStamp', LICENSE_ENTITY_ID, { UsageBeforeUpdate: true })] : []),
      ...(breaks.has('package-version-trigger') ? [trigger(5, 'VersionNaming', PACKAGE_VERSION_ENTITY_ID, { UsageBeforeInsert: true })] : []),
    ],
    ValidationRule: [
      {
        Id: id('03d', 1),
        ValidationName: 'Website_Format',
        Active: true,
        Description: 'Websites start with http',
        ErrorMessage: 'Use a full URL',
        ErrorDisplayField: 'Website',
        NamespacePrefix: null,
        EntityDefinitionId: entityId('Account'),
      },
      ...(breaks.has('validation-rule')
        ? [
            {
              Id: id('03d', 2),
              ValidationName: 'Require_Region',
              Active: true,
              Description: 'Every lead needs a region',
              ErrorMessage: 'Region is required <b>before</b> saving',
              ErrorDisplayField: 'Region__c',
              NamespacePrefix: null,
              EntityDefinitionId: entityId('Lead'),
            },
          ]
        : []),
    ],
    PlatformEventChannelMember: billing
      ? [{ Id: id('0v8', 1), DeveloperName: 'sfLma_License_ChangeEvent', EventChannel: 'ChangeEvents', SelectedEntity: LICENSE_CHANGE_EVENT }]
      : [],
  };
}

/** Applies a set of breaks to the demo's records: replaces the setup tables and flips the few facts that live in shared records. */
export function applySetup(store: DemoStore, adminId: string, breaks: ReadonlySet<SetupBreak>): void {
  for (const [object, rows] of Object.entries(setupTables(adminId, breaks))) store.replaceRows(object, rows);
  const organization = store.rows('Organization')[0];
  if (organization)
    Object.assign(organization, {
      IsSandbox: breaks.has('sandbox'),
      TrialExpirationDate: null,
      OrganizationType: breaks.has('developer-edition') ? NON_LMO_EDITION : DEMO_EDITION,
    });
  const former = store.rows('User').find((u) => u.Username === FORMER_MANAGER_USERNAME);
  if (former) former.IsActive = !breaks.has('lead-manager-inactive');
}
