import { type CalendarDate } from '../../core/calendarDate';
import { type LicenseStatus } from '../../core/license';
import { looksLikeOrgId, orgKey } from '../../core/orgId';
import { type SoqlFragment, raw, soql, soqlContains, soqlDate, soqlDateTime, soqlStartsWith } from '../org/soql';

/** What a user can narrow the install base to. Everything optional; today decides "expired". */
export interface LicenseFilter {
  /** sfLma__Package__c record id. */
  readonly packageId?: string;
  /** sfLma__Package_Version__c record id. */
  readonly packageVersionId?: string;
  readonly statuses?: readonly LicenseStatus[];
  /** Default true. */
  readonly includeSandboxes?: boolean;
  /** Default true. Expired = expiration date before today. */
  readonly includeExpired?: boolean;
  /** Only live licenses (Active or Trial, not expired). */
  readonly liveOnly?: boolean;
  /** Subscriber org id (15 or 18 characters): matched on the first 15. */
  readonly orgId?: string;
  /** Free text: an org id prefix, or part of the account or lead company name. */
  readonly search?: string;
  /** Only licenses past their expiration date (perpetual ones never are). */
  readonly expiredOnly?: boolean;
  /** Expiration within these dates (inclusive). */
  readonly expiringFrom?: CalendarDate;
  readonly expiringTo?: CalendarDate;
  /** Only licenses created before this instant (ISO): "as of" a day leaves out installs after it ends. */
  readonly createdBefore?: string;
  /**
   * Only these licenses (record ids): a list the LMO cannot select by itself, such as seat usage's
   * shelfware. At most MAX_FILTER_IDS, so the WHERE clause stays within SOQL's 4,000 characters
   * (docs/salesforce/soql-and-composite.md); an empty list matches nothing.
   */
  readonly ids?: readonly string[];
}

/** The most license ids a filter carries: 150 quoted 18-character ids are 3,150 characters, leaving room for the other conditions. */
export const MAX_FILTER_IDS = 150;
const RECORD_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

const NOT_EXPIRED = (today: CalendarDate) =>
  soql`(sfLma__Expiration__c = null OR sfLma__Expiration__c = 1970-01-01 OR sfLma__Expiration__c >= ${soqlDate(today)})`;

/** The WHERE conditions for a filter (without the WHERE keyword); "" when nothing filters. */
export function licenseConditions(filter: LicenseFilter, today: CalendarDate): string {
  const parts: string[] = [];
  if (filter.packageId) parts.push(soql`sfLma__Package__c = ${filter.packageId}`);
  if (filter.packageVersionId) parts.push(soql`sfLma__Package_Version__c = ${filter.packageVersionId}`);
  if (filter.liveOnly) parts.push(soql`sfLma__Status__c IN ${['Active', 'Trial']}`);
  if (filter.statuses && filter.statuses.length > 0) parts.push(soql`sfLma__Status__c IN ${[...filter.statuses]}`);
  if (filter.includeSandboxes === false) parts.push('sfLma__Subscriber_Org_Is_Sandbox__c = false');
  if (filter.includeExpired === false || filter.liveOnly) parts.push(NOT_EXPIRED(today));
  if (filter.orgId) parts.push(soql`sfLma__Subscriber_Org_ID__c LIKE ${like(soqlStartsWith(orgKey(filter.orgId)))}`);
  const search = filter.search?.trim();
  if (search) {
    if (looksLikeOrgId(search)) {
      parts.push(soql`sfLma__Subscriber_Org_ID__c LIKE ${like(soqlStartsWith(orgKey(search)))}`);
    } else {
      const contains = like(soqlContains(search));
      parts.push(
        soql`(sfLma__Account__r.Name LIKE ${contains} OR sfLma__Lead__r.Company LIKE ${contains} OR sfLma__Subscriber_Org_ID__c LIKE ${like(soqlStartsWith(search))} OR Name = ${search})`,
      );
    }
  }
  if (filter.expiredOnly) parts.push(soql`sfLma__Expiration__c < ${soqlDate(today)} AND sfLma__Expiration__c != 1970-01-01`);
  if (filter.expiringFrom) parts.push(soql`sfLma__Expiration__c >= ${soqlDate(filter.expiringFrom)} AND sfLma__Expiration__c != 1970-01-01`);
  if (filter.expiringTo) parts.push(soql`sfLma__Expiration__c <= ${soqlDate(filter.expiringTo)}`);
  if (filter.createdBefore) parts.push(`CreatedDate < ${soqlDateTime(filter.createdBefore)}`);
  if (filter.ids) {
    const ids = [...new Set(filter.ids)];
    if (ids.length > MAX_FILTER_IDS) throw new RangeError(`A license filter carries at most ${MAX_FILTER_IDS} ids, not ${ids.length}`);
    if (ids.some((id) => !RECORD_ID.test(id))) throw new RangeError(`Not record ids: ${JSON.stringify(ids.filter((id) => !RECORD_ID.test(id)))}`);
    parts.push(ids.length ? soql`Id IN ${ids}` : 'Id = null');
  }
  return parts.join(' AND ');
}

/** `WHERE …` or "" — optionally with extra conditions we wrote ourselves. */
export function whereClause(filter: LicenseFilter, today: CalendarDate, ...extra: string[]): string {
  const all = [licenseConditions(filter, today), ...extra].filter(Boolean);
  return all.length ? ` WHERE ${all.join(' AND ')}` : '';
}

const like = (pattern: string): SoqlFragment => raw(pattern);
