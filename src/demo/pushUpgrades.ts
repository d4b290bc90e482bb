/**
 * The demo's push upgrades (`demo.pushUpgrades`): the seeded past requests (pushUpgradesSeed.ts)
 * put in the org's store, where SOQL reads them; `requests()`, the tests' oracle of what is there;
 * and `simulate()`, a new request whose jobs advance over real time, succeeding or failing with
 * realistic errors, until the request ends Succeeded or Failed. A job that succeeds upgrades the
 * org's licenses of that package in the LMO, as the LMA records a push. Reference: docs/demo.md.
 */
import { compareVersionNumbers } from '../core/versionNumber';
import { ApiError } from './apiError';
import { type DemoCatalogPackage } from './devHub';
import { errorRecord, jobRecord, pushErrorId, pushJobId, pushRequestId, requestRecord, touchRecord } from './pushUpgradesData';
import { PACKAGE_PUSH_ERROR, PACKAGE_PUSH_JOB, PACKAGE_PUSH_REQUEST, type PushErrorType } from './pushUpgradesSchema';
import { type PushCandidate, errorText, seedPushUpgrades, storedOrgKey } from './pushUpgradesSeed';
import { type DemoRecord } from './schemaDsl';
import { type DemoStore } from './store';
import { sfDateTime } from './time';

/** A request as the demo holds it: the oracle tests compare what the product reads with. */
export interface DemoPushRequest {
  /** 0DV… (18 characters). */
  readonly id: string;
  /** 04t… (18 characters). */
  readonly packageVersionId: string;
  /** 033… (18 characters). */
  readonly packageId: string;
  readonly packageName: string;
  readonly versionNumber: string;
  readonly generation: '1gp' | '2gp';
  /** Created, Pending, In Progress, Succeeded, Failed or Canceled. */
  readonly status: string;
  readonly jobs: DemoPushJob[];
}

export interface DemoPushJob {
  /** 0DX… (18 characters). */
  readonly id: string;
  /** The subscriber org id as the job stores it (15 or 18 characters). */
  readonly orgKey: string;
  /** Created, Pending, In Progress, Succeeded, Failed or Cancelled (two l's). */
  readonly status: string;
  readonly errors: { type: string; title: string; message: string; severity: string }[];
}

export interface SimulatePushOptions {
  /** The 04t of a released version of a package this org owns (15 or 18 characters). */
  readonly versionId: string;
  /** The orgs to push to (default: up to 12 subscriber orgs below that version). */
  readonly orgKeys?: readonly string[];
  /** Every n-th job fails (default 4; 0: none fails). */
  readonly failEvery?: number;
  /** Time between two steps (default 250 ms); each step finishes the running jobs and starts two more. */
  readonly stepMs?: number;
}

export interface PushUpgradesHost {
  readonly store: DemoStore;
  readonly catalog: readonly DemoCatalogPackage[];
  /** Whether this org owns the packages (otherwise it has no push requests and cannot simulate one). */
  readonly ownsPackages: boolean;
  now(): number;
  userId(): string;
  /** Installed subscriber orgs of a package (033) with a live license, in license order. */
  candidates(packageId: string): PushCandidate[];
  /** Records a successful push in the LMO: the org's licenses of the package move to the version. */
  upgraded(orgId15: string, packageId: string, versionId: string): void;
  readonly hostile: boolean;
}

const DEFAULT_ORGS = 12;
const MAX_ORGS = 2000;
const CONCURRENT_JOBS = 2;
/** Simulated failures cycle through these (the Apex test failure the most common, as in real pushes). */
const SIMULATED_ERRORS: readonly PushErrorType[] = ['ApexTestFailure', 'LimitExceeded', 'ApexTestFailure', 'DeployError', 'LockingFailure'];
const ORG_ID = /^00D[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/;

const badRequest = (message: string) => new ApiError(400, 'INVALID_FIELD', message);

export class PushUpgrades {
  private readonly timers = new Set<NodeJS.Timeout>();
  private requestSerial = 1000;
  private jobSerial = 100_000;
  private errorSerial = 100_000;

  constructor(private readonly host: PushUpgradesHost) {
    if (!host.ownsPackages) return;
    const seeded = seedPushUpgrades({
      catalog: host.catalog,
      candidates: (id) => host.candidates(id),
      nowMs: host.now(),
      userId: host.userId(),
      hostile: host.hostile,
    });
    host.store.replaceRows(PACKAGE_PUSH_REQUEST.name, seeded.requests);
    host.store.replaceRows(PACKAGE_PUSH_JOB.name, seeded.jobs);
    host.store.replaceRows(PACKAGE_PUSH_ERROR.name, seeded.errors);
  }

  /** Every request, oldest scheduled first, with its jobs and their errors. */
  requests(): DemoPushRequest[] {
    const { store } = this.host;
    const errorsByJob = new Map<string, DemoRecord[]>();
    for (const e of store.rows(PACKAGE_PUSH_ERROR.name)) {
      const key = String(e.PackagePushJobId);
      errorsByJob.set(key, [...(errorsByJob.get(key) ?? []), e]);
    }
    const jobsByRequest = new Map<string, DemoRecord[]>();
    for (const j of store.rows(PACKAGE_PUSH_JOB.name)) {
      const key = String(j.PackagePushRequestId);
      jobsByRequest.set(key, [...(jobsByRequest.get(key) ?? []), j]);
    }
    return [...store.rows(PACKAGE_PUSH_REQUEST.name)]
      .sort((a, b) => String(a.ScheduledStartTime).localeCompare(String(b.ScheduledStartTime)))
      .map((r) => {
        const { pkg, version } = this.versionOf(String(r.PackageVersionId)) ?? {};
        return {
          id: r.Id,
          packageVersionId: String(r.PackageVersionId),
          packageId: pkg?.subscriberPackageId ?? '',
          packageName: pkg?.name ?? '',
          versionNumber: version?.number ?? '',
          generation: pkg?.generation ?? '2gp',
          status: String(r.Status),
          jobs: (jobsByRequest.get(r.Id) ?? []).map((j) => ({
            id: j.Id,
            orgKey: String(j.SubscriberOrganizationKey),
            status: String(j.Status),
            errors: (errorsByJob.get(j.Id) ?? []).map((e) => ({
              type: String(e.ErrorType),
              title: String(e.ErrorTitle),
              message: String(e.ErrorMessage),
              severity: String(e.ErrorSeverity),
            })),
          })),
        };
      });
  }

  /** Starts a push that runs by itself (see SimulatePushOptions); returns its 0DV id at once. */
  simulate(options: SimulatePushOptions): string {
    if (!this.host.ownsPackages) throw badRequest('This demo org owns no packages: simulate a push in the org that owns them (the Dev Hub)');
    const found = this.versionOf(String(options.versionId ?? ''));
    if (!found || found.version.beta) throw badRequest(`Not a released version of a package this org owns: ${String(options.versionId)}`);
    const { pkg, version } = found;
    const failEvery = options.failEvery ?? 4;
    const stepMs = options.stepMs ?? 250;
    if (!Number.isInteger(failEvery) || failEvery < 0) throw badRequest(`failEvery is a whole number ≥ 0, not ${String(options.failEvery)}`);
    if (!Number.isFinite(stepMs) || stepMs < 10 || stepMs > 60_000) throw badRequest(`stepMs is 10 to 60,000, not ${String(options.stepMs)}`);
    const orgKeys =
      options.orgKeys?.map(String) ??
      this.host
        .candidates(pkg.subscriberPackageId)
        .filter((c) => compareVersionNumbers(c.version, version.number) < 0)
        .slice(0, DEFAULT_ORGS)
        .map((c, i) => storedOrgKey(c.orgId15, i));
    const bad = orgKeys.filter((k) => !ORG_ID.test(k));
    if (bad.length) throw badRequest(`Not org ids: ${bad.slice(0, 3).join(', ')}`);
    if (!orgKeys.length || orgKeys.length > MAX_ORGS) throw badRequest(`A push needs 1 to ${MAX_ORGS} orgs, not ${orgKeys.length}`);

    const { store } = this.host;
    const userId = this.host.userId();
    const now = this.host.now();
    const request = requestRecord(pushRequestId(++this.requestSerial), version.versionId, 'In Progress', { scheduledMs: now, startMs: now }, userId);
    store.insert(PACKAGE_PUSH_REQUEST.name, request);
    const jobs = orgKeys.map((orgKey) => {
      const job = jobRecord(pushJobId(++this.jobSerial), request.Id, orgKey, 'Pending', { createdMs: now }, userId);
      store.insert(PACKAGE_PUSH_JOB.name, job);
      return job;
    });
    let failures = 0;
    const started = new Map<DemoRecord, number>();
    const step = () => {
      const at = this.host.now();
      jobs.forEach((job, index) => {
        const startMs = started.get(job);
        if (job.Status !== 'In Progress' || startMs === undefined) return;
        const fails = failEvery > 0 && index % failEvery === failEvery - 1;
        touchRecord(job, { Status: fails ? 'Failed' : 'Succeeded', EndTime: sfDateTime(at), DurationSeconds: Math.round((at - startMs) / 1000) }, at);
        if (fails) {
          const type = SIMULATED_ERRORS[failures++ % SIMULATED_ERRORS.length];
          store.insert(PACKAGE_PUSH_ERROR.name, errorRecord(pushErrorId(++this.errorSerial), job.Id, errorText(type, this.host.hostile), at, userId));
        } else this.host.upgraded(String(job.SubscriberOrganizationKey).slice(0, 15), pkg.subscriberPackageId, version.versionId);
      });
      for (const job of jobs.filter((j) => j.Status === 'Pending').slice(0, CONCURRENT_JOBS)) {
        touchRecord(job, { Status: 'In Progress', StartTime: sfDateTime(at) }, at);
        started.set(job, at);
      }
      if (jobs.every((j) => j.Status === 'Succeeded' || j.Status === 'Failed')) {
        touchRecord(request, { Status: failures ? 'Failed' : 'Succeeded', EndTime: sfDateTime(at), DurationSeconds: Math.round((at - now) / 1000) }, at);
        clearInterval(timer);
        this.timers.delete(timer);
      }
    };
    const timer = setInterval(step, stepMs);
    timer.unref();
    this.timers.add(timer);
    return request.Id;
  }

  /** Stops every simulated push where it is (the demo is closing). */
  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
  }

  /** Simulated pushes still running. */
  get running(): number {
    return this.timers.size;
  }

  private versionOf(versionId: string) {
    const key = versionId.slice(0, 15);
    for (const pkg of this.host.catalog) {
      const version = pkg.versions.find((v) => v.versionId.slice(0, 15) === key);
      if (version) return { pkg, version };
    }
    return undefined;
  }
}
