/**
 * The setup objects the checklist reads: who may see what (permission sets, their object
 * permissions and page grants), the automation on Lead, License, Package and Package Version
 * (Apex triggers, validation rules, record-triggered flows, Change Data Capture selections) and
 * the entity definitions Tooling filters join through. Field names and types are Salesforce's
 * (docs/salesforce/setup-checklist.md).
 */
import { type ObjectDef, define } from './schemaDsl';

const readOnly = { updateable: false };

export const PERMISSION_SET = define('PermissionSet', 'Permission Set', '0PS', [
  ['Id', 'Permission Set ID', 'id'],
  ['Name', 'Name', 'string', { length: 80, ...readOnly }],
  ['Label', 'Label', 'string', { length: 80, ...readOnly }],
  ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15, ...readOnly }],
  ['IsOwnedByProfile', 'Is Owned by Profile', 'boolean', readOnly],
  ['ProfileId', 'Profile ID', 'reference', { referenceTo: 'Profile', ...readOnly }],
]);

export const PERMISSION_SET_ASSIGNMENT = define('PermissionSetAssignment', 'Permission Set Assignment', '0Pa', [
  ['Id', 'Permission Set Assignment ID', 'id'],
  ['AssigneeId', 'Assignee ID', 'reference', { referenceTo: 'User', relationshipName: 'Assignee', ...readOnly }],
  ['PermissionSetId', 'Permission Set ID', 'reference', { referenceTo: 'PermissionSet', relationshipName: 'PermissionSet', ...readOnly }],
  ['IsActive', 'Active', 'boolean', readOnly],
]);

export const OBJECT_PERMISSIONS = define('ObjectPermissions', 'Object Permissions', '110', [
  ['Id', 'Object Permission ID', 'id'],
  ['ParentId', 'Parent ID', 'reference', { referenceTo: 'PermissionSet', relationshipName: 'Parent', ...readOnly }],
  ['SobjectType', 'sObject Type Name', 'picklist', readOnly],
  ['PermissionsRead', 'Read', 'boolean', readOnly],
  ['PermissionsCreate', 'Create', 'boolean', readOnly],
  ['PermissionsEdit', 'Edit', 'boolean', readOnly],
  ['PermissionsDelete', 'Delete', 'boolean', readOnly],
  ['PermissionsViewAllRecords', 'View All', 'boolean', readOnly],
  ['PermissionsModifyAllRecords', 'Modify All', 'boolean', readOnly],
]);

export const APEX_PAGE = define('ApexPage', 'Visualforce Page', '066', [
  ['Id', 'Page ID', 'id'],
  ['Name', 'Name', 'string', { length: 80, ...readOnly }],
  ['MasterLabel', 'Label', 'string', { length: 80, ...readOnly }],
  ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15, ...readOnly }],
]);

export const SETUP_ENTITY_ACCESS = define('SetupEntityAccess', 'Setup Entity Access', '0J0', [
  ['Id', 'Setup Entity Access ID', 'id'],
  ['ParentId', 'Parent ID', 'reference', { referenceTo: 'PermissionSet', relationshipName: 'Parent', ...readOnly }],
  ['SetupEntityId', 'Setup Entity ID', 'reference', { referenceTo: 'ApexPage', ...readOnly }],
  [
    'SetupEntityType',
    'Setup Entity Type',
    'picklist',
    {
      picklistValues: ['ApexClass', 'ApexPage', 'ConnectedApplication', 'CustomPermission', 'ServiceProvider', 'TabSet', 'CustomEntityDefinition'],
      ...readOnly,
    },
  ],
]);

/** Active flow definitions; record-triggered ones name their object's entity definition. */
export const FLOW_DEFINITION_VIEW = define('FlowDefinitionView', 'Flow Definition View', '300', [
  ['Id', 'ID', 'id'],
  ['DurableId', 'Durable ID', 'string', readOnly],
  ['ApiName', 'API Name', 'string', { length: 80, ...readOnly }],
  ['Label', 'Label', 'string', { length: 255, ...readOnly }],
  ['ProcessType', 'Process Type', 'picklist', { picklistValues: ['AutoLaunchedFlow', 'Flow', 'Workflow', 'InvocableProcess'], ...readOnly }],
  [
    'TriggerType',
    'Trigger Type',
    'picklist',
    { picklistValues: ['RecordBeforeSave', 'RecordAfterSave', 'RecordBeforeDelete', 'Scheduled', 'PlatformEvent'], ...readOnly },
  ],
  ['RecordTriggerType', 'Record Trigger Type', 'picklist', { picklistValues: ['Create', 'Update', 'CreateAndUpdate', 'Delete'], ...readOnly }],
  ['TriggerObjectOrEventId', 'Entity Definition ID', 'string', readOnly],
  ['TriggerObjectOrEventLabel', 'Trigger Object Or Event Label', 'string', readOnly],
  ['IsActive', 'Is Active', 'boolean', readOnly],
  ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15, ...readOnly }],
]);

// Tooling.
export const ENTITY_DEFINITION = define(
  'EntityDefinition',
  'Entity Definition',
  '000',
  [
    ['Id', 'ID', 'id'],
    ['DurableId', 'Durable ID', 'string'],
    ['QualifiedApiName', 'Qualified API Name', 'string'],
    ['Label', 'Label', 'string'],
    ['NamespacePrefix', 'Namespace Prefix', 'string'],
  ],
  { tooling: true },
);

export const APEX_TRIGGER = define(
  'ApexTrigger',
  'Apex Trigger',
  '01q',
  [
    ['Id', 'ID', 'id'],
    ['Name', 'Name', 'string'],
    ['NamespacePrefix', 'Namespace Prefix', 'string'],
    ['TableEnumOrId', 'Custom Object Definition ID', 'string'],
    ['EntityDefinitionId', 'Entity Definition ID', 'reference', { referenceTo: 'EntityDefinition', relationshipName: 'EntityDefinition' }],
    ['Status', 'Status', 'picklist', { picklistValues: ['Active', 'Inactive', 'Deleted'] }],
    ['UsageBeforeInsert', 'Before Insert', 'boolean'],
    ['UsageBeforeUpdate', 'Before Update', 'boolean'],
    ['UsageBeforeDelete', 'Before Delete', 'boolean'],
    ['UsageAfterInsert', 'After Insert', 'boolean'],
    ['UsageAfterUpdate', 'After Update', 'boolean'],
    ['UsageAfterDelete', 'After Delete', 'boolean'],
    ['UsageAfterUndelete', 'After Undelete', 'boolean'],
    ['IsValid', 'Is Valid', 'boolean'],
    ['ApiVersion', 'API Version', 'double'],
  ],
  { tooling: true },
);

export const VALIDATION_RULE = define(
  'ValidationRule',
  'Validation Rule',
  '03d',
  [
    ['Id', 'ID', 'id'],
    ['ValidationName', 'Rule Name', 'string'],
    ['Active', 'Active', 'boolean'],
    ['Description', 'Description', 'string'],
    ['ErrorMessage', 'Error Message', 'string'],
    ['ErrorDisplayField', 'Error Location', 'string'],
    ['NamespacePrefix', 'Namespace Prefix', 'string'],
    ['EntityDefinitionId', 'Entity Definition ID', 'reference', { referenceTo: 'EntityDefinition', relationshipName: 'EntityDefinition' }],
  ],
  { tooling: true },
);

/**
 * A field's definition (Tooling). Salesforce refuses a query that does not filter on its object
 * (`requiresFilterOn`); whether its history is tracked is IsFieldHistoryTracked
 * (docs/salesforce/lmo-dashboard.md#is-license-status-history-tracked).
 */
export const FIELD_DEFINITION = define(
  'FieldDefinition',
  'Field Definition',
  '4ie',
  [
    ['Id', 'ID', 'id'],
    ['DurableId', 'Durable ID', 'string'],
    ['QualifiedApiName', 'Qualified API Name', 'string'],
    ['Label', 'Label', 'string'],
    ['DataType', 'Data Type', 'string'],
    ['NamespacePrefix', 'Namespace Prefix', 'string'],
    ['EntityDefinitionId', 'Entity Definition ID', 'reference', { referenceTo: 'EntityDefinition', relationshipName: 'EntityDefinition' }],
    ['IsFieldHistoryTracked', 'Is Field History Tracked', 'boolean'],
  ],
  { tooling: true, requiresFilterOn: 'EntityDefinition' },
);

export const PLATFORM_EVENT_CHANNEL_MEMBER = define(
  'PlatformEventChannelMember',
  'Platform Event Channel Member',
  '0v8',
  [
    ['Id', 'ID', 'id'],
    ['DeveloperName', 'Developer Name', 'string'],
    ['EventChannel', 'Event Channel', 'string'],
    ['SelectedEntity', 'Selected Entity', 'string'],
  ],
  { tooling: true },
);

export const SETUP_DATA_OBJECTS: readonly ObjectDef[] = [
  PERMISSION_SET,
  PERMISSION_SET_ASSIGNMENT,
  OBJECT_PERMISSIONS,
  APEX_PAGE,
  SETUP_ENTITY_ACCESS,
  FLOW_DEFINITION_VIEW,
];
export const SETUP_TOOLING_OBJECTS: readonly ObjectDef[] = [ENTITY_DEFINITION, FIELD_DEFINITION, APEX_TRIGGER, VALIDATION_RULE, PLATFORM_EVENT_CHANNEL_MEMBER];
