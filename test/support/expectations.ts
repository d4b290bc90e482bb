/**
 * Expected values worked out from the demo's own records, independently of the product's code:
 * what a user should see, computed the plain way (no product function involved).
 */
import shippedBaseline from '../../src/core/lmaBaseline.json';
import { type DemoLmo } from '../../src/demo/http/server';

/** The shipped LMA baseline version (e.g. "1.20"). */
export const BASELINE_VERSION: string = shippedBaseline.latestKnownVersion;

const parts = (v: string) => v.split('.').map(Number);
const newer = (a: string, b: string) => {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

/**
 * The version aliases of a project that still hold more than `share` of their package's live,
 * non-sandbox licenses while a newer released version exists: what sfdx-project.json underlines.
 */
export function staleVersionNumbers(demo: DemoLmo, aliases: readonly { packageName: string; versionNumber: string }[], today: string, share = 0.1): string[] {
  const packages = demo.store.rows('sfLma__Package__c');
  const versions = demo.store.rows('sfLma__Package_Version__c');
  const out: string[] = [];
  for (const alias of aliases) {
    const pkg = packages.find((p) => p.Name === alias.packageName);
    if (!pkg) continue;
    const released = versions.filter((v) => v.sfLma__Package__c === pkg.Id && v.sfLma__Is_Beta__c !== true);
    const latest = released.map((v) => String(v.sfLma__Version_Number__c)).reduce((a, b) => (newer(b, a) ? b : a));
    const live = demo.store
      .rows('sfLma__License__c')
      .filter(
        (l) =>
          l.IsDeleted !== true &&
          l.sfLma__Package__c === pkg.Id &&
          (l.sfLma__Status__c === 'Active' || l.sfLma__Status__c === 'Trial') &&
          l.sfLma__Subscriber_Org_Is_Sandbox__c !== true &&
          (!l.sfLma__Expiration__c || l.sfLma__Expiration__c === '1970-01-01' || String(l.sfLma__Expiration__c) >= today),
      );
    const onIt = live.filter((l) => l.sfLma__Version_Number__c === alias.versionNumber).length;
    if (alias.versionNumber !== latest && live.length && onIt / live.length > share) out.push(`${alias.packageName}@${alias.versionNumber}`);
  }
  return out;
}
