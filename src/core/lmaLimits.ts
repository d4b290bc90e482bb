/** Salesforce's limits on a License, as Modify License and the Partner Console enforce them (docs/salesforce/lma-objects.md). */

/** A trial lasts at most this many days. */
export const MAX_TRIAL_DAYS = 90;
/** A license has at most this many seats (or is a site license). */
export const MAX_SEATS = 99_000_000;

/** A Salesforce Date field holds 1700-01-01 … 4000-12-31 (docs/salesforce/write-safety.md). */
export const SALESFORCE_MIN_DATE = '1700-01-01';
export const SALESFORCE_MAX_DATE = '4000-12-31';

/** An Integer feature parameter reaches the package as an Apex Integer: 32 bits (docs/salesforce/write-safety.md). */
export const APEX_INTEGER_MIN = -2_147_483_648;
export const APEX_INTEGER_MAX = 2_147_483_647;
