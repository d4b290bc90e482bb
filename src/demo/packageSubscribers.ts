/**
 * The demo Dev Hub's PackageSubscriber rows: one per installation, derived from the licenses (same
 * org ids, same versions) so the two views of one install base agree, except where they disagree
 * in real orgs too:
 *   - licenses whose org uninstalled: an Uninstalled license's row says InstalledStatus 'u' (or
 *     is gone), and a few live licenses' orgs no longer have the package installed;
 *   - installs without a license: licenses in the Recycle Bin, installs from before the package
 *     was linked (one of them an org whose id differs from a licensed org's only in letter case),
 *     and every install of a package that is not linked.
 * Derived on every scan, so license changes (uninstalls, new installs) show at once.
 */
import { toId18 } from '../core/orgId';
import { COMPANY_FIRST, COMPANY_SECOND, HOSTILE_NAMES } from './catalog';
import { type DemoCatalogPackage } from './devHub';
import { Random, randomBase62, serialId15 } from './random';
import { type DemoRecord } from './schemaDsl';
import { type DemoStore } from './store';
import { sfDateTime } from './time';

const LICENSE_OBJECT = 'sfLma__License__c';
/** Every n-th license that is not Uninstalled: its org uninstalled the package (row 'u'), or its row is gone. */
const UNINSTALLED_EVERY = 50;

const ORG_STATUS: Record<string, string> = { ACTIVE: 'Active', FREE: 'Free', TRIAL: 'Trial', DEMO: 'Demo', DELETED: 'Inactive', INACTIVE: 'Inactive' };

/** The same id with its first letter's case flipped: a different org to Salesforce. */
export function flipFirstLetter(id: string): string {
  const i = [...id].findIndex((c, k) => k >= 3 && /[a-zA-Z]/.test(c));
  const c = id[i];
  return `${id.slice(0, i)}${c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()}${id.slice(i + 1)}`;
}

export class PackageSubscriberView {
  private extras: DemoRecord[] | undefined;

  constructor(
    private readonly store: DemoStore,
    private readonly catalog: readonly DemoCatalogPackage[],
    private readonly seed: number,
    private readonly nowMs: () => number,
    /** One org installed before linking carries a hostile name (default true; false for a showcase). */
    private readonly hostileNames = true,
  ) {}

  *scan(): Iterable<DemoRecord> {
    let live = 0;
    const licenses = this.store.rows(LICENSE_OBJECT);
    for (let i = 0; i < licenses.length; i++) {
      const license = licenses[i];
      const pkg = this.store.lookup(String(license.sfLma__Package__c ?? ''));
      const version = this.store.lookup(String(license.sfLma__Package_Version__c ?? ''));
      const packageId = pkg?.sfLma__Package_ID__c as string | undefined;
      if (!packageId || !version) continue;
      let installed: 'i' | 'u' | undefined = 'i';
      if (license.sfLma__Status__c === 'Uninstalled') installed = i % 5 === 4 ? undefined : 'u';
      else if (license.IsDeleted !== true) {
        live++;
        if (live % UNINSTALLED_EVERY === 17) installed = 'u';
        else if (live % UNINSTALLED_EVERY === 33) installed = undefined;
      }
      if (!installed) continue;
      const orgId = String(license.sfLma__Subscriber_Org_ID__c ?? '');
      const account = license.sfLma__Account__c ? this.store.lookup(String(license.sfLma__Account__c)) : undefined;
      const lead = license.sfLma__Lead__c ? this.store.lookup(String(license.sfLma__Lead__c)) : undefined;
      const status = String(license.sfLma__Org_Status_Formula__c ?? 'Active').toUpperCase();
      yield {
        Id: toId18(serialId15('0Hf', i + 1)),
        InstalledStatus: installed,
        InstanceName: license.sfLma__Org_Instance__c ?? null,
        MetadataPackageId: packageId,
        MetadataPackageVersionId: version.sfLma__Version_ID__c ?? null,
        OrgKey: orgId.length >= 15 ? toId18(orgId.slice(0, 15)) : orgId,
        OrgName: (account?.Name ?? lead?.Company ?? null) as string | null,
        OrgStatus: ORG_STATUS[status] ?? 'Active',
        OrgType: license.sfLma__Subscriber_Org_Is_Sandbox__c === true ? 'Sandbox' : 'Production',
        ParentOrg: null,
        CustomUpgradeType: 'None',
        HasRestrictionEnabled: false,
        SystemModstamp: license.LastModifiedDate ?? sfDateTime(this.nowMs()),
      };
    }
    yield* this.extraRows();
  }

  /** Installs that have no license: before linking, a case twin, and the unlinked package's installs. */
  private extraRows(): DemoRecord[] {
    if (this.extras) return this.extras;
    const random = new Random(this.seed ^ 0x5eed);
    const licenses = this.store.rows(LICENSE_OBJECT);
    const rows: DemoRecord[] = [];
    let serial = 900_000;
    const add = (p: DemoCatalogPackage, orgKey: string, orgName: string | null, versionIndex: number) => {
      const released = p.versions.filter((v) => !v.beta && v.inLmo !== false).sort((a, b) => a.released.localeCompare(b.released));
      const pool = released.length ? released : p.versions.filter((v) => !v.beta);
      const version = pool[Math.min(versionIndex, pool.length - 1)];
      if (!version) return;
      rows.push({
        Id: toId18(serialId15('0Hf', serial++)),
        InstalledStatus: 'i',
        InstanceName: `NA${random.int(1, 250)}`,
        MetadataPackageId: p.subscriberPackageId,
        MetadataPackageVersionId: version.versionId,
        OrgKey: orgKey,
        OrgName: orgName,
        OrgStatus: 'Active',
        OrgType: 'Production',
        ParentOrg: null,
        CustomUpgradeType: 'None',
        HasRestrictionEnabled: false,
        SystemModstamp: sfDateTime(this.nowMs() - random.int(1, 900) * 86_400_000),
      });
    };
    const newOrg = () => toId18(`00D${randomBase62(random, 12)}`);
    const linked = this.catalog.filter((p) => p.containerOptions === 'Managed' && p.versions.some((v) => v.inLmo));
    // Installed before the package was linked: the LMA never heard of these orgs.
    const beforeLinking = Math.max(2, Math.floor(licenses.length / 250));
    for (let k = 0; k < beforeLinking; k++) {
      const name = k === 0 && this.hostileNames ? HOSTILE_NAMES[1] : `${random.pick(COMPANY_FIRST)} ${random.pick(COMPANY_SECOND)} (installed before linking)`;
      add(linked[k % linked.length], newOrg(), name, 0);
    }
    // An org whose id differs from a licensed org's only in letter case, with the same package installed and no license of its own.
    const twinOf = licenses.find((l) => l.IsDeleted !== true && l.sfLma__Status__c === 'Active' && String(l.sfLma__Subscriber_Org_ID__c ?? '').length === 15);
    const twinPackage = twinOf && this.catalog.find((p) => p.subscriberPackageId === this.store.lookup(String(twinOf.sfLma__Package__c))?.sfLma__Package_ID__c);
    if (twinOf && twinPackage) add(twinPackage, toId18(flipFirstLetter(String(twinOf.sfLma__Subscriber_Org_ID__c))), 'Case Twin Holdings (no license)', 1);
    // A managed package that is not linked: every install is one without a license.
    for (const p of this.catalog.filter((c) => c.unlinkedInstalls > 0))
      for (let k = 0; k < p.unlinkedInstalls; k++) add(p, newOrg(), `${random.pick(COMPANY_FIRST)} ${random.pick(COMPANY_SECOND)} Payroll Co.`, 0);
    this.extras = rows;
    return rows;
  }
}
