import { type CalendarDate } from './calendarDate';
import { type License, type LicenseState, firstText, licenseState, subscriberName } from './license';
import { type OrgKey } from './orgId';

/** A customer org, seen through the licenses it holds across the partner's packages. */
export interface SubscriberOrg {
  readonly orgKey: OrgKey;
  readonly name: string;
  readonly edition: string | undefined;
  readonly instance: string | undefined;
  readonly isSandbox: boolean;
  readonly licenses: readonly License[];
}

/** Groups licenses by org (first 15 characters of the org id), keeping first-seen order. */
export function groupBySubscriberOrg(licenses: readonly License[]): SubscriberOrg[] {
  const byOrg = new Map<OrgKey, License[]>();
  for (const license of licenses) {
    const list = byOrg.get(license.orgKey);
    if (list) list.push(license);
    else byOrg.set(license.orgKey, [license]);
  }
  return [...byOrg.entries()].map(([key, list]) => ({
    orgKey: key,
    name: firstText(...list.map((l) => firstText(l.accountName, l.leadCompany))) ?? subscriberName(list[0]),
    edition: firstText(...list.map((l) => l.orgEdition)),
    instance: firstText(...list.map((l) => l.orgInstance)),
    isSandbox: list.every((l) => l.isSandbox),
    licenses: list,
  }));
}

/**
 * Adds a page of licenses (ordered by org) to the orgs already shown: an org whose licenses span
 * two pages is joined into one, keeping its place; new orgs follow in page order.
 */
export function joinSubscriberPage(orgs: readonly SubscriberOrg[], licenses: readonly License[]): SubscriberOrg[] {
  const out = [...orgs];
  const index = new Map<OrgKey, number>(out.map((o, i) => [o.orgKey, i]));
  for (const org of groupBySubscriberOrg(licenses)) {
    const at = index.get(org.orgKey);
    if (at === undefined) {
      index.set(org.orgKey, out.length);
      out.push(org);
    } else out[at] = groupBySubscriberOrg([...out[at].licenses, ...org.licenses])[0];
  }
  return out;
}

const ROLLUP_ORDER: LicenseState[] = ['active', 'trial', 'suspended', 'expired', 'uninstalled', 'unknown'];

/** The org's best state across its licenses: active beats trial beats suspended, and so on. */
export function rollupState(licenses: readonly Pick<License, 'status' | 'expiration'>[], today: CalendarDate): LicenseState {
  let best = ROLLUP_ORDER.length - 1;
  for (const license of licenses) best = Math.min(best, ROLLUP_ORDER.indexOf(licenseState(license, today)));
  return ROLLUP_ORDER[best];
}
