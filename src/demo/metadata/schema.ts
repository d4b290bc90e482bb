/**
 * The objects a Metadata API deploy of reports, dashboards and a Home page leaves queryable: the
 * data objects Report (00O), Dashboard (01Z) and Folder (00l), and the Tooling object FlexiPage
 * (0M0). Read-only, as in Salesforce (records are made by deploys and the UI, not by the REST API).
 * Fields and values: docs/salesforce/lmo-dashboard.md#deploy.
 */
import { type ObjectDef, audit, define, ro } from '../schemaDsl';
import { PROFILE, TOOLING_PROFILE } from './profiles';

export const REPORT_FORMATS = ['Tabular', 'Summary', 'Matrix', 'MultiBlock'] as const;
export const DASHBOARD_TYPES = ['SpecifiedUser', 'LoggedInUser', 'MyTeamUser'] as const;
export const FOLDER_TYPES = ['Report', 'Dashboard', 'Document', 'Email', 'EmailTemplate'] as const;

export const FOLDER = define(
  'Folder',
  'Folder',
  '00l',
  ro([
    ['Id', 'Folder ID', 'id'],
    ...audit(),
    ['Name', 'Name', 'string', { length: 40 }],
    ['DeveloperName', 'Folder Unique Name', 'string', { length: 80 }],
    ['AccessType', 'Access Type', 'picklist', { picklistValues: ['Hidden', 'Public', 'Shared', 'PublicInternal'] }],
    ['IsReadonly', 'Read Only', 'boolean'],
    ['Type', 'Type', 'picklist', { picklistValues: FOLDER_TYPES }],
    ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15 }],
    ['ParentId', 'Parent Folder ID', 'reference', { referenceTo: 'Folder', relationshipName: 'Parent' }],
  ]),
);

export const REPORT = define(
  'Report',
  'Report',
  '00O',
  ro([
    ['Id', 'Report ID', 'id'],
    ...audit(),
    // A report's owner is its folder.
    ['OwnerId', 'Owner ID', 'reference', { referenceTo: 'Folder', relationshipName: 'Owner' }],
    ['FolderName', 'Folder Name', 'string', { length: 40, groupable: false }],
    ['Name', 'Report Name', 'string', { length: 40 }],
    ['Description', 'Description', 'string', { length: 255 }],
    ['DeveloperName', 'Report Unique Name', 'string', { length: 80 }],
    ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15 }],
    ['LastRunDate', 'Last Run', 'datetime'],
    ['Format', 'Format', 'picklist', { picklistValues: REPORT_FORMATS }],
  ]),
);

export const DASHBOARD = define(
  'Dashboard',
  'Dashboard',
  '01Z',
  ro([
    ['Id', 'Dashboard ID', 'id'],
    ...audit(),
    ['FolderId', 'Folder ID', 'reference', { referenceTo: 'Folder', relationshipName: 'Folder' }],
    ['FolderName', 'Folder Name', 'string', { length: 40, groupable: false }],
    ['Title', 'Title', 'string', { length: 80 }],
    ['DeveloperName', 'Dashboard Unique Name', 'string', { length: 80 }],
    ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15 }],
    ['Description', 'Description', 'string', { length: 255 }],
    ['RunningUserId', 'Running User ID', 'reference', { referenceTo: 'User', relationshipName: 'RunningUser' }],
    ['Type', 'Dashboard Running User', 'picklist', { picklistValues: DASHBOARD_TYPES }],
    ['LastViewedDate', 'Last Viewed Date', 'datetime'],
  ]),
);

export const FLEXI_PAGE = define(
  'FlexiPage',
  'Lightning Page',
  '0M0',
  ro([
    ['Id', 'Lightning Page ID', 'id'],
    ...audit(),
    ['DeveloperName', 'Developer Name', 'string', { length: 80 }],
    ['MasterLabel', 'Label', 'string', { length: 80 }],
    ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15 }],
    ['Description', 'Description', 'string', { length: 255 }],
    ['Type', 'Type', 'picklist', { picklistValues: ['AppPage', 'HomePage', 'RecordPage', 'CommAppPage', 'UtilityBar'] }],
    ['EntityDefinitionId', 'Entity Definition ID', 'string', { length: 18 }],
  ]),
  { tooling: true },
);

export const METADATA_DATA_OBJECTS: readonly ObjectDef[] = [FOLDER, REPORT, DASHBOARD, PROFILE];
/** Read-only to the REST API in the demo (Report and Dashboard are read-only in Salesforce; Folder and Profile are stricter here). */
export const METADATA_OBJECT_NAMES: ReadonlySet<string> = new Set(METADATA_DATA_OBJECTS.map((o) => o.name));

/**
 * Tooling CustomApplication: the org's apps, `Metadata` the Metadata API type (its
 * profileActionOverrides carry Home page assignments). Tooling returns `Metadata` only for a query
 * that selects one row (docs/salesforce/lmo-dashboard.md#verify). `Metadata` is written by PATCH
 * (toolingRoutes.ts), not through the generic sObject routes: every field stays read-only there.
 */
export const CUSTOM_APPLICATION = define(
  'CustomApplication',
  'Custom Application',
  '02u',
  ro([
    ['Id', 'Custom Application ID', 'id'],
    ...audit(),
    ['DeveloperName', 'Developer Name', 'string', { length: 80 }],
    ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15 }],
    ['Label', 'Label', 'string', { length: 80 }],
    ['Description', 'Description', 'string', { length: 255 }],
    ['UiType', 'UI Type', 'picklist', { picklistValues: ['Aloha', 'Lightning'] }],
    ['FullName', 'Full Name', 'string', { length: 255, filterable: false, sortable: false }],
    ['Metadata', 'Metadata', 'anyType', { filterable: false, sortable: false }],
  ]),
  { tooling: true, singleRowFields: ['Metadata', 'FullName'] },
);

export const METADATA_TOOLING_OBJECTS: readonly ObjectDef[] = [FLEXI_PAGE, CUSTOM_APPLICATION, TOOLING_PROFILE];
