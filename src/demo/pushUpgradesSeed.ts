/**
 * The demo's past push upgrades, in every scenario: for a 2GP package (Acme Billing) and a 1GP
 * package (Acme Insights), one request that Succeeded clean (to the release before the latest),
 * one that Failed (to the latest: many orgs failing the same Apex test, a few over a limit, a
 * deploy error…, some jobs Cancelled or never started, and one failed org that has since been
 * upgraded by other means, so it is on the target version now), and one In Progress (it stays so
 * unless `simulate` is asked for a new one). Job org keys are the package's subscriber orgs as the
 * LMO's licenses name them (PackageSubscriber agrees), stored as 18 characters for two jobs in
 * three and 15 for the third, so a reader's 15/18 join is exercised.
 */
import { toId18 } from '../core/orgId';
import { compareVersionNumbers } from '../core/versionNumber';
import { type DemoCatalogPackage, type DemoCatalogVersion } from './devHub';
import { PACKAGE_SUBSCRIBER } from './devHubSchema';
import { type PushErrorText, PUSH_ERRORS, errorRecord, jobRecord, pushErrorId, pushJobId, pushRequestId, requestRecord } from './pushUpgradesData';
import { type PushErrorType, type PushJobStatus, type PushRequestStatus } from './pushUpgradesSchema';
import { type DemoRecord } from './schemaDsl';
import { type DemoStore } from './store';
import { DAY_MS, dayMs } from './time';

/** A subscriber org of a package, with the version its live license is on. */
export interface PushCandidate {
  readonly orgId15: string;
  readonly version: string;
}

/** What seeding needs from the org. */
export interface PushSeedHost {
  readonly catalog: readonly DemoCatalogPackage[];
  /** Installed subscriber orgs of a package (033) that have a live license, in license order. */
  candidates(packageId: string): PushCandidate[];
  readonly nowMs: number;
  readonly userId: string;
  /** Put hostile text in a subscriber's error details (the edgeCases scenario). */
  readonly hostile: boolean;
}

export interface SeededPush {
  readonly requests: DemoRecord[];
  readonly jobs: DemoRecord[];
  readonly errors: DemoRecord[];
}

/** The packages the seed pushes: one 2GP and one 1GP, both linked in the LMO. */
export const SEEDED_PUSH_PACKAGES = ['Acme Billing', 'Acme Insights (legacy)'] as const;

/** A job to seed: its status, and for a failed one the error type. */
type JobPlan = readonly [status: PushJobStatus, pool: 'onTarget' | 'below' | 'atLeast', error?: PushErrorType];

const repeat = (n: number, plan: JobPlan): JobPlan[] => Array.from({ length: n }, () => plan);

/** Per generation: the clean request, the failed one and the one in progress. */
const PLANS: Record<'2gp' | '1gp', { succeeded: JobPlan[]; failed: JobPlan[]; inProgress: JobPlan[] }> = {
  '2gp': {
    succeeded: repeat(6, ['Succeeded', 'atLeast']),
    failed: [
      // The first failed org has since been upgraded to the target by other means.
      ['Failed', 'onTarget', 'ApexTestFailure'],
      ...repeat(4, ['Succeeded', 'onTarget']),
      ...repeat(5, ['Failed', 'below', 'ApexTestFailure']),
      ...repeat(3, ['Failed', 'below', 'LimitExceeded']),
      ['Failed', 'below', 'DeployError'],
      ['Failed', 'below', 'FeatureMissing'],
      ...repeat(2, ['Cancelled', 'below']),
      ['Pending', 'below'],
      ['Created', 'below'],
    ],
    inProgress: [
      ...repeat(3, ['Succeeded', 'onTarget']),
      ['Failed', 'below', 'LockingFailure'],
      ...repeat(2, ['In Progress', 'below']),
      ...repeat(4, ['Pending', 'below']),
    ],
  },
  '1gp': {
    succeeded: repeat(3, ['Succeeded', 'atLeast']),
    failed: [
      ['Failed', 'onTarget', 'ApexTestFailure'],
      ['Succeeded', 'onTarget'],
      ...repeat(2, ['Failed', 'below', 'ApexTestFailure']),
      ['Failed', 'below', 'PACError'],
      ['Failed', 'below', 'IneligibleUpgrade'],
      ['Cancelled', 'below'],
    ],
    inProgress: [['Succeeded', 'onTarget'], ['In Progress', 'below'], ...repeat(2, ['Pending', 'below'])],
  },
};

/** Released versions the LMO knows, oldest first. */
function releasedInLmo(p: DemoCatalogPackage): DemoCatalogVersion[] {
  return p.versions.filter((v) => !v.beta && v.inLmo).sort((a, b) => compareVersionNumbers(a.number, b.number));
}

/** The org key as a job stores it: 18 characters, except every third job's 15. */
export const storedOrgKey = (orgId15: string, index: number) => (index % 3 === 2 ? orgId15 : toId18(orgId15));

/** A job's run: a minute or two each, one after another from the request's start. */
const JOB_SECONDS = [74, 131, 58, 96, 188, 67, 112, 83];

export function seedPushUpgrades(host: PushSeedHost): SeededPush {
  const out: SeededPush = { requests: [], jobs: [], errors: [] };
  let requestSerial = 0;
  let jobSerial = 0;
  let errorSerial = 0;
  for (const name of SEEDED_PUSH_PACKAGES) {
    const p = host.catalog.find((c) => c.name === name);
    const versions = p ? releasedInLmo(p) : [];
    if (!p || versions.length < 2) continue;
    const target = versions[versions.length - 1];
    const previous = versions[versions.length - 2];
    const candidates = host.candidates(p.subscriberPackageId);
    const used = new Set<string>();
    const take = (pool: JobPlan[1], version: DemoCatalogVersion): PushCandidate | undefined => {
      const found = candidates.find((c) => {
        if (used.has(c.orgId15)) return false;
        const cmp = compareVersionNumbers(c.version, version.number);
        return pool === 'onTarget' ? cmp === 0 : pool === 'below' ? cmp < 0 : cmp >= 0;
      });
      if (found) used.add(found.orgId15);
      return found;
    };
    const plans = PLANS[p.generation];
    const latestDay = Math.floor(host.nowMs / DAY_MS) * DAY_MS - 2 * DAY_MS;
    const at = (v: DemoCatalogVersion, days: number) => Math.min(dayMs(v.released) + days * DAY_MS, latestDay) + 2 * 3_600_000;
    const seedRequest = (version: DemoCatalogVersion, status: PushRequestStatus, scheduledMs: number, plan: JobPlan[]) => {
      const requestId = pushRequestId(++requestSerial);
      let clock = scheduledMs + 60_000;
      let lastEnd = clock;
      let index = 0;
      for (const [jobStatus, pool, errorType] of plan) {
        const org = take(pool, version);
        if (!org) continue;
        const started = jobStatus === 'Succeeded' || jobStatus === 'Failed' || jobStatus === 'In Progress';
        const startMs = started ? clock : undefined;
        const ended = jobStatus === 'Succeeded' || jobStatus === 'Failed';
        const endMs = ended ? clock + JOB_SECONDS[index % JOB_SECONDS.length] * 1000 : undefined;
        if (endMs !== undefined) {
          clock = endMs + 5_000;
          lastEnd = endMs;
        }
        const jobId = pushJobId(++jobSerial);
        out.jobs.push(
          jobRecord(jobId, requestId, storedOrgKey(org.orgId15, index), jobStatus, { createdMs: scheduledMs - 3_000_000, startMs, endMs }, host.userId),
        );
        if (errorType) out.errors.push(errorRecord(pushErrorId(++errorSerial), jobId, errorText(errorType, host.hostile), endMs ?? clock, host.userId));
        index++;
      }
      const finished = status === 'Succeeded' || status === 'Failed';
      out.requests.push(
        requestRecord(requestId, version.versionId, status, { scheduledMs, startMs: scheduledMs + 60_000, endMs: finished ? lastEnd : undefined }, host.userId),
      );
    };
    seedRequest(previous, 'Succeeded', at(previous, 7), plans.succeeded);
    seedRequest(target, 'Failed', at(target, 5), plans.failed);
    // In progress: started a little while ago (the demo's now), some orgs done, some running, some waiting.
    seedRequest(target, 'In Progress', host.nowMs - (p.generation === '2gp' ? 45 : 80) * 60_000, plans.inProgress);
  }
  return out;
}

/** The error a seeded or simulated job fails with; in the edgeCases scenario a subscriber's own rule name is hostile markup. */
export function errorText(type: PushErrorType, hostile: boolean): PushErrorText {
  const text = PUSH_ERRORS[type];
  if (!hostile || type !== 'DeployError') return text;
  return { ...text, details: `Validation rule <img src=x onerror=alert(1)> on Invoice__c references Region__c; '; DELETE FROM PackagePushJob; --` };
}

const LICENSE = 'sfLma__License__c';
const PACKAGE = 'sfLma__Package__c';
const same15 = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.slice(0, 15) === b.slice(0, 15);

/**
 * A package's subscriber orgs that a push can reach: installed now (PackageSubscriber says 'i')
 * and holding a live license in the LMO, with the version that license is on; in license order.
 */
export function pushCandidates(store: DemoStore, packageId: string): PushCandidate[] {
  const installed = new Set<string>();
  for (const s of store.scan(PACKAGE_SUBSCRIBER))
    if (s.InstalledStatus === 'i' && same15(s.MetadataPackageId, packageId)) installed.add(String(s.OrgKey).slice(0, 15));
  const pkg = store.rows(PACKAGE).find((p) => same15(p.sfLma__Package_ID__c, packageId));
  const out: PushCandidate[] = [];
  const seen = new Set<string>();
  for (const l of store.rows(LICENSE)) {
    if (!pkg || l.sfLma__Package__c !== pkg.Id || l.IsDeleted === true || l.sfLma__Status__c === 'Uninstalled') continue;
    const org = String(l.sfLma__Subscriber_Org_ID__c ?? '').slice(0, 15);
    if (!installed.has(org) || seen.has(org)) continue;
    seen.add(org);
    out.push({ orgId15: org, version: String(l.sfLma__Version_Number__c ?? '') });
  }
  return out;
}

/**
 * What the LMA records when a push upgrades an org: its live licenses of the package move to the
 * pushed version (`write` is the API's write path, so License history follows). Nothing happens
 * when the LMO has no record of that version.
 */
export function upgradeLicenses(
  store: DemoStore,
  write: (id: string, fields: Record<string, unknown>) => DemoRecord,
  orgId15: string,
  packageId: string,
  versionId: string,
): void {
  const pkg = store.rows(PACKAGE).find((p) => same15(p.sfLma__Package_ID__c, packageId));
  const version = pkg && store.rows('sfLma__Package_Version__c').find((v) => v.sfLma__Package__c === pkg.Id && same15(v.sfLma__Version_ID__c, versionId));
  if (!pkg || !version) return;
  for (const l of store.rows(LICENSE)) {
    if (l.sfLma__Package__c !== pkg.Id || l.IsDeleted === true || l.sfLma__Status__c === 'Uninstalled' || !same15(l.sfLma__Subscriber_Org_ID__c, orgId15))
      continue;
    if (l.sfLma__Package_Version__c === version.Id) continue;
    const record = write(l.Id, { sfLma__Package_Version__c: version.Id });
    // The LMA keeps the version number in step with the lookup.
    record.sfLma__Version_Number__c = version.sfLma__Version_Number__c;
  }
}
