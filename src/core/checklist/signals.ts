/**
 * What the setup checklist reads from the connected org, as plain facts. The data layer fills
 * these from three API calls; each reading says where it came from (the query, for the
 * evidence a verdict names) or why it could not be read.
 */

/** A fact read from the org, or why not. `source` names the query or resource it came from. */
export type Reading<T> =
  | { readonly ok: true; readonly value: T; readonly source: string; readonly complete?: boolean }
  | { readonly ok: false; readonly source: string; readonly failure: ReadFailure };

export interface ReadFailure {
  /** noAccess: the user may not read it (a permission); notInstalled: the object does not exist (the LMA missing); error: anything else. */
  readonly kind: 'noAccess' | 'notInstalled' | 'error';
  readonly message: string;
}

export interface OrgFacts {
  readonly id: string;
  readonly name: string;
  readonly edition: string;
  readonly isSandbox: boolean;
  /** A scratch org reports IsSandbox with a trial expiration date. */
  readonly isScratch: boolean;
  readonly instance: string;
}

export interface InstalledNamespace {
  readonly namespace: string;
  readonly name: string;
  readonly version: string;
}

export interface LeadManager {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
}

/** An `sfLma__Package__c` row: a package linked to this LMO. */
export interface LinkedPackage {
  readonly id: string;
  readonly name: string;
  /** The 033 package id, as the LMA stores it. */
  readonly packageId: string;
  readonly developerOrgId: string;
  readonly leadManager: LeadManager | undefined;
  readonly latestVersion: string;
  /** Version records in the LMO; undefined when the count could not be read. */
  readonly versionCount: number | undefined;
}

/** Object permissions the running user holds through permission sets (and the profile's own set). */
export interface ObjectAccess {
  readonly sobject: string;
  readonly read: boolean;
  readonly edit: boolean;
  /** Labels of the permission sets granting read. */
  readonly grantedBy: readonly string[];
}

/** From the object's describe, as the running user sees it. */
export interface DescribeFacts {
  readonly sobject: string;
  readonly readable: boolean;
  readonly editable: boolean;
  /** Custom fields that must be filled on create (not nillable, not defaulted). */
  readonly requiredCustomFields: readonly { readonly name: string; readonly label: string }[];
}

export interface StatusCount {
  readonly status: string;
  readonly licenses: number;
  readonly orgs: number;
}

export interface TriggerFacts {
  readonly name: string;
  readonly object: string;
  readonly namespace: string | undefined;
  readonly active: boolean;
  readonly before: readonly ('insert' | 'update')[];
  readonly after: readonly ('insert' | 'update' | 'delete' | 'undelete')[];
}

export interface ValidationRuleFacts {
  readonly name: string;
  readonly object: string;
  readonly namespace: string | undefined;
  readonly active: boolean;
  readonly errorMessage: string;
}

export interface FlowFacts {
  readonly apiName: string;
  readonly label: string;
  /** The object's API name, when the flow's trigger object is one the checklist watches; else its id or label. */
  readonly object: string;
  /** RecordBeforeSave or RecordAfterSave. */
  readonly triggerType: string;
  /** When a record-triggered flow runs: Create, Update, CreateAndUpdate or Delete ('' when not read). */
  readonly recordTriggerType: string;
  readonly namespace: string | undefined;
}

export interface SetupSignals {
  readonly org: Reading<OrgFacts>;
  readonly installed: Reading<readonly InstalledNamespace[]>;
  readonly packages: Reading<readonly LinkedPackage[]>;
  readonly objectAccess: Reading<readonly ObjectAccess[]>;
  readonly license: Reading<DescribeFacts>;
  readonly lead: Reading<DescribeFacts>;
  /** The describes of `sfLma__Package__c` and `sfLma__Package_Version__c`: the LMA creates those records too. */
  readonly packageObject: Reading<DescribeFacts>;
  readonly packageVersion: Reading<DescribeFacts>;
  readonly licensesByStatus: Reading<readonly StatusCount[]>;
  /** Licenses in the Recycle Bin (deleted in the last 15 days). */
  readonly deletedLicenses: Reading<number>;
  readonly triggers: Reading<readonly TriggerFacts[]>;
  readonly validationRules: Reading<readonly ValidationRuleFacts[]>;
  readonly flows: Reading<readonly FlowFacts[]>;
  /** Change Data Capture selections (entity names such as sfLma__License__ChangeEvent). */
  readonly changeEvents: Reading<readonly string[]>;
  /** Subscriber Support Console pages the running user's permission sets grant. */
  readonly supportPages: Reading<readonly string[]>;
}

export const LICENSE_OBJECT = 'sfLma__License__c';
export const PACKAGE_OBJECT = 'sfLma__Package__c';
export const PACKAGE_VERSION_OBJECT = 'sfLma__Package_Version__c';
/**
 * The objects whose records the LMA creates on an install, where automation that runs on create
 * can stop it (docs/salesforce/setup-checklist.md): Lead, License, Package, Package Version.
 */
export const LMA_CREATED_OBJECTS = ['Lead', LICENSE_OBJECT, PACKAGE_OBJECT, PACKAGE_VERSION_OBJECT] as const;
export const LICENSE_CHANGE_EVENT = 'sfLma__License__ChangeEvent';
/** Namespaces a Partner Business Org ships with. */
export const PBO_NAMESPACES = ['sfLma', 'sfFma', 'CHANNEL_ORDERS', 'sfcma'] as const;
/** Namespaces whose own automation on License is expected (the LMA's, the FMA's). */
export const LMA_NAMESPACES = ['sfLma', 'sfFma'] as const;
