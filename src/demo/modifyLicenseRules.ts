/**
 * The License Management App's Modify License rules, enforced on every API write of a License's
 * Status, Seats or Expiration, as a validation error in Salesforce's shape. Which error a real
 * LMO returns when code breaks these rules is not documented: the demo answers as a validation
 * rule does (FIELD_CUSTOM_VALIDATION_EXCEPTION, HTTP 400 on a record PATCH, a failed SaveResult
 * in a Collections call), which is the strictest reading: a real org may even accept some of
 * these writes, the product must never send them.
 */
import { ApiError } from './apiError';
import { type DemoRecord } from './schema';

export const MAX_TRIAL_DAYS = 90;
const TRACKED = ['sfLma__Status__c', 'sfLma__Seats__c', 'sfLma__Expiration__c'];
const PERPETUAL = '1970-01-01';
const DAY_MS = 86_400_000;

const refuse = (message: string, field: string) => new ApiError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message, [field]);

/** Throws the validation error a write of `changes` (API name → coerced value) to a License breaks first. `today` is YYYY-MM-DD. */
export function checkModifyLicense(record: DemoRecord, changes: ReadonlyMap<string, unknown>, today: string): void {
  const touched = TRACKED.filter((f) => changes.has(f));
  if (!touched.length) return;
  const first = touched[0];
  if (record.sfLma__Status__c === 'Uninstalled') throw refuse("Uninstalled licenses can't be edited.", first);
  if (String(record.sfLma__License_Type__c ?? '').toLowerCase() === 'read-only')
    throw refuse("This license can't be modified in the License Management App (License Type: Read-Only).", first);
  const before = String(record.sfLma__Status__c ?? '');
  const status = changes.has('sfLma__Status__c') ? String(changes.get('sfLma__Status__c')) : before;
  if (status !== before) {
    if (status === 'Uninstalled')
      throw refuse('Status can be Trial, Active or Suspended: Uninstalled is set by the LMA when the package is uninstalled.', 'sfLma__Status__c');
    if (status === 'Trial') throw refuse("A license that is no longer a trial can't return to Trial.", 'sfLma__Status__c');
  }
  if (status === 'Trial' && (changes.has('sfLma__Status__c') || changes.has('sfLma__Expiration__c'))) {
    const expiration = changes.has('sfLma__Expiration__c') ? changes.get('sfLma__Expiration__c') : record.sfLma__Expiration__c;
    if (typeof expiration !== 'string' || expiration === PERPETUAL) throw refuse('A trial license must have an expiration date.', 'sfLma__Expiration__c');
    const days = Math.round((Date.parse(`${expiration}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
    if (days > MAX_TRIAL_DAYS) throw refuse(`A trial can last up to ${MAX_TRIAL_DAYS} days.`, 'sfLma__Expiration__c');
  }
  if (changes.has('sfLma__Seats__c')) {
    const seats = changes.get('sfLma__Seats__c');
    if (seats === null) throw refuse('Enter a number of seats, or choose Site License.', 'sfLma__Seats__c');
    if (typeof seats === 'number' && (!Number.isInteger(seats) || (seats < 0 && seats !== -1)))
      throw refuse('Seats must be a whole number from 0 to 99,000,000, or -1 for a site license.', 'sfLma__Seats__c');
  }
}
