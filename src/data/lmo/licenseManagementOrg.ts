/**
 * Typed reads of a License Management Org: knows the LMA's objects and SOQL, returns domain
 * objects. Wraps the generic OrgClient of the connection; the counts the server groups
 * (installBaseSummaries.ts) and the installed LMA version (lmaVersion.ts) are read in their own modules.
 */
import { type CalendarDate, addDays } from '../../core/calendarDate';
import { type Clock } from '../../core/clock';
import { type License } from '../../core/license';
import { metricsFromAggregates } from '../../core/dashboard/fromAggregates';
import { type InstallBaseMetrics, type MetricsOptions, churnSince } from '../../core/dashboard/installBaseMetrics';
import { orgKey } from '../../core/orgId';
import { type Package, type PackageVersion } from '../../core/package';
import { type LmoError, usageError, isLmoError } from '../org/errors';
import { type CallOptions, type FetchAllResult, type QueryOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { soql } from '../org/soql';
import { type JournaledRun, type UndoneRecord } from '../../core/licenseChanges/journal';
import { type BuiltPlan, type PlanOrg, type PlanRequest, buildPlan, newRunId, otherOrgReason } from '../../core/licenseChanges/plan';
import { type UndoPlan, licensesToRecheck, undoPlan } from '../../core/licenseChanges/undo';
import { validatePlan, withoutRefused } from '../../core/licenseChanges/validation';
import { type LicenseSnapshot } from '../../core/licenseChanges/values';
import { type InferenceOptions, type PackageInference, inferDefaults } from '../../core/provisioning/inference';
import { type PolicyViolation, findViolations } from '../../core/provisioning/policies';
import { type Policies } from '../../core/provisioning/rulesFile';
import { type DashboardCapabilities, fetchDashboardAggregates } from './dashboardQueries';
import {
  type AdoptionSummary,
  type InstallBaseSummary,
  type LicenseGrouping,
  type PackageVersionSummary,
  adoptionSummary,
  installBaseSummary,
  licenseCounts,
  packageVersionSummary,
} from './installBaseSummaries';
import { type InstalledLmaVersion, installedLmaVersion } from './lmaVersion';
import { FeatureParameterReader } from './featureParameters';
import { type RunOptions, type RunReport, runLicenseChange } from './licenseChangeRun';
import { readSnapshots } from './licenseWriter';
import { checkRunOrg } from './runOrg';
import { type EvidenceOptions, fetchInstallEvidence, fetchPolicyCandidates } from './provisioningQueries';
import { type LicenseFilter, whereClause } from './licenseFilter';
import { LICENSE_FIELDS, PACKAGE_FIELDS, PACKAGE_VERSION_FIELDS, toLicense, toPackage, toPackageVersion } from './records';

export type LmaPresence = { installed: true } | { installed: false; error: LmoError };

export interface LicensePage {
  readonly licenses: License[];
  /** Pass back as `afterId` for the next page; undefined on the last page. */
  readonly nextAfterId: string | undefined;
}

export interface DashboardResult {
  readonly metrics: InstallBaseMetrics;
  readonly packages: Package[];
  readonly renewingNext: License[];
  readonly apiCalls: number;
  readonly roundTrips: number;
}

/** The largest page a tree or export may ask for: one query batch. */
export const MAX_PAGE_SIZE = 2000;

/** A page size from a setting or an argument: a whole number from 1 to 2,000, or a usage error. */
export function checkPageSize(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw usageError(`A page size is a whole number from 1 to ${MAX_PAGE_SIZE.toLocaleString('en-US')}, not ${JSON.stringify(value)}.`);
  }
  return value;
}

export class LicenseManagementOrg {
  /** What this org turned out not to support (GROUP BY CUBE, License history), remembered for the connection. */
  private readonly capabilities: DashboardCapabilities = {};

  constructor(
    readonly client: OrgClient,
    private readonly clock: Clock,
  ) {}

  get target() {
    return this.client.target;
  }

  /** Is the LMA there (and visible)? INVALID_TYPE on sfLma__License__c means no. */
  async probeLma(options: QueryOptions = {}): Promise<LmaPresence> {
    try {
      await this.client.query('SELECT Id FROM sfLma__License__c LIMIT 1', options);
      return { installed: true };
    } catch (err) {
      if (isLmoError(err) && err.kind === 'lmaMissing') return { installed: false, error: err };
      throw err;
    }
  }

  async packages(options: QueryOptions = {}): Promise<Package[]> {
    const result = await this.client.fetchAll<Record<string, unknown>>(`SELECT ${PACKAGE_FIELDS.join(', ')} FROM sfLma__Package__c ORDER BY Name, Id`, options);
    return result.records.map(toPackage);
  }

  /** Versions of one package, or of all; rows without a version number are skipped. */
  async packageVersions(packageId?: string, options: QueryOptions = {}): Promise<PackageVersion[]> {
    const where = packageId ? soql` WHERE sfLma__Package__c = ${packageId}` : '';
    const result = await this.client.fetchAll<Record<string, unknown>>(
      `SELECT ${PACKAGE_VERSION_FIELDS.join(', ')} FROM sfLma__Package_Version__c${where} ORDER BY sfLma__Package__c, sfLma__Release_Date__c, Id`,
      options,
    );
    return result.records.map(toPackageVersion).filter((v): v is PackageVersion => v !== undefined);
  }

  /**
   * One page of licenses in Id order, fetched by keyset (Id > last) so any page costs one call
   * whatever the install-base size, and no query locator has to stay alive between pages.
   */
  async licensePage(filter: LicenseFilter, page: { afterId?: string; pageSize?: number } = {}, options: QueryOptions = {}): Promise<LicensePage> {
    const pageSize = checkPageSize(page.pageSize ?? 200);
    const after = page.afterId ? soql`Id > ${page.afterId}` : '';
    const where = whereClause(filter, this.clock.today(), after);
    const result = await this.client.query<Record<string, unknown>>(
      `SELECT ${LICENSE_FIELDS.join(', ')} FROM sfLma__License__c${where} ORDER BY Id LIMIT ${pageSize + 1}`,
      options,
    );
    const licenses = result.records.slice(0, pageSize).map(toLicense);
    // More rows exist when the extra row came back, or when the server cut the batch short
    // (a batch holds at most 2,000 rows, and fewer are allowed): continue after the last one.
    const more = result.records.length > pageSize || !result.done;
    return { licenses, nextAfterId: more ? licenses[licenses.length - 1]?.id : undefined };
  }

  /**
   * Licenses ordered by subscriber org, a page at a time, for grouping into orgs. Keyset on
   * (org id, Id), so the order is total even where org ids differ only in letter case.
   */
  async licensePageByOrg(
    filter: LicenseFilter,
    page: { after?: { orgId: string; id: string }; pageSize?: number } = {},
    options: QueryOptions = {},
  ): Promise<{ licenses: License[]; next: { orgId: string; id: string } | undefined }> {
    const pageSize = checkPageSize(page.pageSize ?? 500);
    const after = page.after
      ? soql`(sfLma__Subscriber_Org_ID__c > ${page.after.orgId} OR (sfLma__Subscriber_Org_ID__c = ${page.after.orgId} AND Id > ${page.after.id}))`
      : '';
    const where = whereClause(filter, this.clock.today(), after);
    const result = await this.client.query<Record<string, unknown>>(
      `SELECT ${LICENSE_FIELDS.join(', ')} FROM sfLma__License__c${where} ORDER BY sfLma__Subscriber_Org_ID__c, Id LIMIT ${pageSize + 1}`,
      options,
    );
    const licenses = result.records.slice(0, pageSize).map(toLicense);
    const last = licenses[licenses.length - 1];
    const more = result.records.length > pageSize || !result.done;
    return { licenses, next: more && last ? { orgId: last.subscriberOrgId, id: last.id } : undefined };
  }

  /** All licenses matching a filter, following nextRecordsUrl up to `cap` (complete=false when capped). */
  async licenses(
    filter: LicenseFilter,
    options: QueryOptions & { cap?: number; onPage?: (fetched: number, total: number) => void; orderBy?: 'Id' | 'org'; today?: CalendarDate } = {},
  ): Promise<FetchAllResult<License>> {
    const order = options.orderBy === 'org' ? 'sfLma__Subscriber_Org_ID__c, Id' : 'Id';
    // "Expired" and "live" are judged on the day asked for (a command's --today), else today.
    const result = await this.client.fetchAll<Record<string, unknown>>(
      `SELECT ${LICENSE_FIELDS.join(', ')} FROM sfLma__License__c${whereClause(filter, options.today ?? this.clock.today())} ORDER BY ${order}`,
      options,
    );
    return { ...result, records: result.records.map(toLicense) };
  }

  /**
   * The licenses of one subscriber org. SOQL compares text without regard to case, but org ids
   * that differ only in case are different orgs: the match is checked again here, exactly.
   */
  async licensesOfOrg(orgId: string, filter: LicenseFilter = {}, options: QueryOptions = {}): Promise<License[]> {
    const key = orgKey(orgId);
    const result = await this.licenses({ ...filter, orgId: key }, { ...options, orderBy: 'org' });
    return result.records.filter((l) => l.orgKey === key);
  }

  async countLicenses(filter: LicenseFilter, options: QueryOptions = {}): Promise<number> {
    return this.client.count(`SELECT COUNT() FROM sfLma__License__c${whereClause(filter, this.clock.today())}`, options);
  }

  /** Packages and their license counts in one API call (installBaseSummaries.ts). */
  installBaseSummary(filter: LicenseFilter, options: CallOptions = {}): Promise<InstallBaseSummary> {
    return installBaseSummary(this.client, this.clock.today(), filter, options);
  }

  /** A package's versions with live and total license counts, in one API call. */
  packageVersionSummary(packageId: string, filter: LicenseFilter, options: CallOptions = {}): Promise<PackageVersionSummary> {
    return packageVersionSummary(this.client, this.clock.today(), packageId, filter, options);
  }

  /** Version adoption across all packages: live licenses and seats per version, sandboxes excluded. */
  adoptionSummary(options: CallOptions = {}): Promise<AdoptionSummary> {
    return adoptionSummary(this.client, this.clock.today(), options);
  }

  /** The install-base dashboard from server aggregates: three API calls in one round trip at any size (see dashboardQueries.ts). */
  async dashboard(options: Omit<MetricsOptions, 'today'> & { today?: CalendarDate }, call: CallOptions = {}): Promise<DashboardResult> {
    const today = options.today ?? this.clock.today();
    const full: MetricsOptions = {
      ...options,
      today,
      churnFrom: options.churnFrom ?? this.clock.startOfDay(churnSince({ today, churnDays: options.churnDays })).toISOString(),
      // Today ends at the next day's start in the user's zone: nothing later counts.
      asOfEnd: options.asOfEnd ?? this.clock.startOfDay(addDays(today, 1)).toISOString(),
    };
    const data = await fetchDashboardAggregates(this.client, full, this.capabilities, call);
    return {
      metrics: metricsFromAggregates(data.aggregates, data.packages, data.versions, full),
      packages: data.packages,
      renewingNext: data.renewingNext,
      apiCalls: data.apiCalls,
      roundTrips: data.roundTrips,
    };
  }

  /** License counts per package, version or status, aggregated by the server. */
  licenseCounts(filter: LicenseFilter, groupBy: LicenseGrouping, options: QueryOptions = {}): Promise<Map<string, number>> {
    return licenseCounts(this.client, this.clock.today(), filter, groupBy, options);
  }

  /**
   * Each package's defaults, inferred from its most recent installs and their history (a window
   * of install dates, a cap per package): one call for the packages, then Composite calls that
   * grow with the installs read, never with the install base.
   */
  async inferDefaults(
    options: Partial<EvidenceOptions> & InferenceOptions = {},
  ): Promise<{ packages: Package[]; inferences: PackageInference[]; windowFrom: CalendarDate }> {
    const packages = await this.packages(options);
    const evidence = await fetchInstallEvidence(this.client, packages, { ...options, today: options.today ?? this.clock.today() });
    return { packages, inferences: inferDefaults(packages, evidence.installs, evidence.history, options), windowFrom: evidence.windowFrom };
  }

  /** The licenses that break the policies (sandboxes apart, see policies.ts); `complete` is false when a policy had more candidates than `cap`. */
  async policyViolations(
    policies: Policies,
    options: CallOptions & { cap?: number; today?: CalendarDate } = {},
  ): Promise<{ violations: PolicyViolation[]; complete: boolean }> {
    const today = options.today ?? this.clock.today();
    const candidates = await fetchPolicyCandidates(this.client, policies, today, options);
    return { violations: findViolations(policies, candidates.licenses, today), complete: candidates.complete };
  }

  /**
   * Licenses in the Recycle Bin (deleted, at most 15 days ago): their customers lost access, and
   * they can still be restored. One queryAll call, newest deletion first; `deletedAt` is the
   * record's SystemModstamp, which its deletion set.
   */
  async deletedLicenses(options: CallOptions = {}): Promise<{ license: License; deletedAt: string | undefined }[]> {
    const page = await this.client.query<Record<string, unknown>>(
      `SELECT ${LICENSE_FIELDS.join(', ')}, SystemModstamp FROM sfLma__License__c WHERE IsDeleted = true ORDER BY SystemModstamp DESC, Id LIMIT ${MAX_PAGE_SIZE}`,
      { ...options, includeDeleted: true },
    );
    return page.records.map((r) => ({ license: toLicense(r), deletedAt: typeof r.SystemModstamp === 'string' ? r.SystemModstamp : undefined }));
  }

  private featureReader: FeatureParameterReader | undefined;

  /** The Feature Management App's parameters and values in this LMO (featureParameters.ts). */
  get features(): FeatureParameterReader {
    this.featureReader ??= new FeatureParameterReader(this.client, this.clock, () => this.planOrg());
    return this.featureReader;
  }

  /** Who makes a change here: this org and its user. */
  planOrg(): PlanOrg {
    return { id: this.target.orgId, username: this.target.username, label: this.target.label };
  }

  /** The licenses as they are now, with what a change plan needs (License Type included). */
  async licenseSnapshots(ids: readonly string[], options: CallOptions = {}): Promise<LicenseSnapshot[]> {
    return readSnapshots(this.client, ids, options);
  }

  /** A change plan from a request, against the licenses as they are read now. */
  async planLicenseChanges(request: PlanRequest, options: CallOptions & { now?: Date } = {}): Promise<BuiltPlan> {
    const now = options.now ?? new Date();
    const current = await this.licenseSnapshots(
      request.changes.map((c) => c.license.trim()).filter((id) => /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)),
      options,
    );
    return buildPlan(request, current, { id: newRunId(now), createdAt: now.toISOString(), org: this.planOrg() });
  }

  /** The guarded write: validate, require the confirmation, journal, write in batches, verify, journal (licenseChangeRun.ts). */
  async runLicenseChange(plan: BuiltPlan['plan'], options: Omit<RunOptions, 'today'> & { today?: CalendarDate }): Promise<RunReport> {
    const elsewhere = otherOrgReason(plan, this.planOrg());
    if (elsewhere) throw usageError(elsewhere);
    return runLicenseChange(this.client, plan, { ...options, today: options.today ?? this.clock.today() });
  }

  /** The plan that undoes a journaled run: old values back on the records that still hold the run's new values. */
  async undoPlanFor(
    run: JournaledRun,
    options: CallOptions & { now?: Date; today?: CalendarDate; undone?: ReadonlyMap<string, UndoneRecord> } = {},
  ): Promise<UndoPlan> {
    checkRunOrg(run, this.target, 'undo');
    const now = options.now ?? new Date();
    const current = await this.licenseSnapshots(licensesToRecheck(run), options);
    const undo = undoPlan(run, current, { id: newRunId(now), createdAt: now.toISOString(), org: this.planOrg() }, options.undone);
    // What the rules refuse (a converted trial cannot go back to Trial) is left out and said, so the rest can be undone.
    const { plan, refused } = withoutRefused(undo.plan, validatePlan(undo.plan, options.today ?? this.clock.today()));
    return {
      plan,
      skipped: [
        ...undo.skipped,
        ...refused.map((r) => ({ licenseId: r.change.license.id, licenseName: r.change.license.name, reason: `Cannot be put back: ${r.errors[0].message}` })),
      ],
    };
  }

  /** The installed LMA version, or why it cannot be read (lmaVersion.ts). */
  installedLmaVersion(options: QueryOptions = {}): Promise<InstalledLmaVersion> {
    return installedLmaVersion(this.client, options);
  }
}
