/**
 * Feature parameters (the Feature Management App, docs/salesforce/feature-management.md): a package's Boolean, Integer
 * or Date settings whose values live per License in the LMO. LMO → subscriber values are set by
 * the partner and reach the subscriber org asynchronously (minutes); subscriber → LMO values are
 * written by the package's code in the subscriber org and reported back within 24 hours — they
 * are read-only here.
 */
import { type CalendarDate } from '../calendarDate';

export type FeatureDataType = 'Boolean' | 'Integer' | 'Date';
/** As the metadata spells it (the LMO's picklist says "LMO to Subscriber" / "Subscriber to LMO"). */
export type FeatureDirection = 'LmoToSubscriber' | 'SubscriberToLmo';

export const FEATURE_DATA_TYPES: readonly FeatureDataType[] = ['Boolean', 'Integer', 'Date'];

/** A value as the LMO holds it: a checkbox, a whole number, a date; null when not set. */
export type FeatureValue = boolean | number | CalendarDate | null;

/** A feature parameter as the LMO records it (sfFma__FeatureParameter__c). */
export interface FeatureParameter {
  readonly id: string;
  /** namespace__Name, as the LMO stores it. */
  readonly fullName: string;
  /** The name without the namespace: what the package source and Apex use. */
  readonly name: string;
  readonly namespace: string | undefined;
  readonly dataType: FeatureDataType;
  readonly direction: FeatureDirection;
  /** sfLma__Package__c record id. */
  readonly packageId: string;
  /** The version the parameter first shipped in, as the LMO records it (a version id or number). */
  readonly introducedIn: string | undefined;
}

/** One license's value of one parameter (a sfFma__FeatureParameterBoolean/Integer/Date__c record). */
export interface FeatureValueRecord {
  readonly id: string;
  readonly licenseId: string;
  readonly parameterId: string;
  readonly fullName: string;
  readonly dataType: FeatureDataType;
  readonly direction: FeatureDirection | undefined;
  readonly value: FeatureValue;
  /** When the value last changed in the LMO (ISO date-time); for subscriber → LMO values, when it was last reported. */
  readonly lastModified: string | undefined;
}

/** Splits namespace__Name (a custom object's __c suffix never appears here). */
export function splitFullName(fullName: string, namespace?: string): { namespace: string | undefined; name: string } {
  const trimmed = fullName.trim();
  if (namespace && trimmed.toLowerCase().startsWith(`${namespace.toLowerCase()}__`)) return { namespace, name: trimmed.slice(namespace.length + 2) };
  const at = trimmed.indexOf('__');
  return at > 0 ? { namespace: trimmed.slice(0, at), name: trimmed.slice(at + 2) } : { namespace: undefined, name: trimmed };
}

/** Names compare without regard to case, as Salesforce's API names do. */
export const nameKey = (name: string) => name.trim().toLowerCase();

export function describeDirection(direction: FeatureDirection | undefined): string {
  if (direction === 'SubscriberToLmo') return 'subscriber → LMO';
  if (direction === 'LmoToSubscriber') return 'LMO → subscriber';
  return 'unknown direction';
}

/** A value as a person reads it. */
export function describeFeatureValue(value: FeatureValue | undefined, dataType?: FeatureDataType): string {
  if (value === null || value === undefined) return '(not set)';
  if (typeof value === 'boolean' || dataType === 'Boolean') return value === true ? 'On (true)' : 'Off (false)';
  if (typeof value === 'number') return value.toLocaleString('en-US');
  return String(value);
}

/** What the FMA says about subscriber → LMO values, for hovers, previews and errors. */
export const SUBSCRIBER_TO_LMO_NOTE =
  'Reported by the subscriber org (the package sets it there), up to 24 hours old; the Feature Management App refuses edits in the LMO.';
/** What an edit of an LMO → subscriber value means for the customer. */
export const PROPAGATION_NOTE = 'New values reach the subscriber orgs asynchronously, usually within a few minutes of the write.';

/**
 * The version a parameter was introduced in, as a version number. The LMO's field is text: it
 * holds the version's 04t id or its number (which one is not documented), so both are matched.
 */
export function introducedVersion(
  parameter: Pick<FeatureParameter, 'introducedIn'>,
  versions: readonly { readonly id: string; readonly versionId: string | undefined; readonly versionNumber: string }[],
): string | undefined {
  const text = parameter.introducedIn?.trim();
  if (!text) return undefined;
  const key = text.slice(0, 15);
  const found = versions.find((v) => v.id.slice(0, 15) === key || v.versionId?.slice(0, 15) === key || v.versionNumber === text);
  return found?.versionNumber ?? (/^\d+(\.\d+){1,3}$/.test(text) ? text : undefined);
}
