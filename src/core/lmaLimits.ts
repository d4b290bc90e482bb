/** Salesforce's limits on a License, as Modify License and the Partner Console enforce them (docs/salesforce/lma-objects.md). */

/** A trial lasts at most this many days. */
export const MAX_TRIAL_DAYS = 90;
/** A license has at most this many seats (or is a site license). */
export const MAX_SEATS = 99_000_000;
