/**
 * Push-upgrade tracking, read-only: the push requests of a package as the owning org keeps them
 * (PackagePushRequest, PackagePushJob, PackagePushError; docs/salesforce/push-status.md), their
 * errors grouped by type and title, the subscribers' names from the LMO's licenses (joined on the
 * 15-character org id), and the orgs to push again: the org file `sf package push-upgrade schedule
 * --org-file` reads (orgFileContent in pushUpgrade.ts). Nothing here schedules, starts or cancels a push.
 */
import { type License, subscriberName } from '../license';
import { orgKey } from '../orgId';
import { compareVersionNumbers, parseVersionNumber } from '../versionNumber';

/** A request's or a job's status; a job's documented spelling "Cancelled" is read as 'Canceled'. */
export type PushStatus = 'Created' | 'Pending' | 'In Progress' | 'Succeeded' | 'Failed' | 'Canceled';

export const PUSH_STATUSES: readonly PushStatus[] = ['Created', 'Pending', 'In Progress', 'Succeeded', 'Failed', 'Canceled'];

/** Statuses after which nothing changes any more. */
export const ENDED_PUSH_STATUSES: readonly PushStatus[] = ['Succeeded', 'Failed', 'Canceled'];

/** Statuses of a job that has not started: it may still run, or never will when its request ended. */
export const NOT_STARTED_PUSH_STATUSES: readonly PushStatus[] = ['Created', 'Pending'];

export interface PushRequest {
  /** 0DV… */
  id: string;
  /** 04t… of the version pushed. */
  packageVersionId: string;
  /** 033… of its package. */
  packageId: string | undefined;
  packageName: string | undefined;
  versionName: string | undefined;
  /** major.minor.patch */
  versionNumber: string | undefined;
  status: PushStatus;
  scheduledStartTime?: string;
  startTime?: string;
  endTime?: string;
  durationSeconds?: number;
  /** Jobs per status (every status present, 0 when none). */
  jobs: Record<PushStatus, number>;
  /** Jobs of every status: one per org scheduled. */
  orgsScheduled: number;
}

export interface PushJob {
  /** 0DX… */
  id: string;
  /** 0DV… */
  requestId: string;
  /** The subscriber org id, 15 characters. */
  orgKey: string;
  status: PushStatus;
}

export interface PushError {
  /** 0DX… */
  jobId: string;
  /** The job's subscriber org id, 15 characters. */
  orgKey: string;
  type: string;
  title: string;
  message: string;
  severity: string;
}

export interface PushErrorGroup {
  type: string;
  title: string;
  /** 15 characters, sorted, each once. */
  orgKeys: string[];
  /** The first error's message and severity (the group shares type and title, not always the text). */
  message: string;
  severity: string;
}

/** A status as Salesforce spells it, normalised; undefined for a value we do not know. */
export function pushStatusOf(raw: unknown): PushStatus | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');
  if (text === 'cancelled' || text === 'canceled') return 'Canceled';
  if (text === 'inprogress') return 'In Progress';
  return PUSH_STATUSES.find((s) => s.toLowerCase() === text);
}

export function isEndedPushStatus(status: PushStatus): boolean {
  return ENDED_PUSH_STATUSES.includes(status);
}

/** Every status at 0. */
export function emptyJobCounts(): Record<PushStatus, number> {
  return { Created: 0, Pending: 0, 'In Progress': 0, Succeeded: 0, Failed: 0, Canceled: 0 };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Errors grouped by type and title: most orgs first, then type, then title. An org counts once per group. */
export function groupPushErrors(errors: readonly PushError[]): PushErrorGroup[] {
  const groups = new Map<string, { first: PushError; orgs: Set<string> }>();
  for (const e of errors) {
    const key = JSON.stringify([e.type, e.title]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { first: e, orgs: new Set() }));
    group.orgs.add(orgKey(e.orgKey));
  }
  return [...groups.values()]
    .map(({ first, orgs }) => ({
      type: first.type,
      title: first.title,
      orgKeys: [...orgs].sort(byText),
      message: first.message,
      severity: first.severity,
    }))
    .sort((a, b) => b.orgKeys.length - a.orgKeys.length || byText(a.type, b.type) || byText(a.title, b.title));
}

/**
 * The orgs to push again: jobs that failed or never started (Created, Pending), minus orgs whose
 * current version (the LMO's word) is already the target or later. 15-character ids, sorted, each once.
 * An org whose current version is unknown or unreadable stays in.
 */
export function retryOrgs(jobs: readonly PushJob[], currentVersionOf: (orgKey15: string) => string | undefined, targetVersionNumber: string): string[] {
  const out = new Set<string>();
  for (const job of jobs) {
    if (job.status !== 'Failed' && !NOT_STARTED_PUSH_STATUSES.includes(job.status)) continue;
    const org = orgKey(job.orgKey);
    if (!org) continue;
    const current = currentVersionOf(org);
    if (current && parseVersionNumber(current) && parseVersionNumber(targetVersionNumber) && compareVersionNumbers(current, targetVersionNumber) >= 0) continue;
    out.add(org);
  }
  return [...out].sort(byText);
}

/** What the LMO says about a subscriber org, for a push's package. */
export interface PushSubscriber {
  /** 15 characters. */
  readonly orgKey: string;
  readonly name: string;
  /** The newest version among its licenses that are not uninstalled; undefined when none says. */
  readonly versionNumber: string | undefined;
}

/**
 * The LMO's licenses of one package, by 15-character org id (an org with several licenses: the
 * newest installed version, the first name). Pass only the push's package's licenses.
 */
export function pushSubscribers(licenses: readonly License[]): Map<string, PushSubscriber> {
  const out = new Map<string, PushSubscriber>();
  for (const l of licenses) {
    const key = orgKey(l.subscriberOrgId);
    if (!key) continue;
    const known = out.get(key);
    const version = l.status === 'Uninstalled' ? undefined : l.versionNumber;
    const newer = !known?.versionNumber || (version !== undefined && compareVersionNumbers(version, known.versionNumber) > 0);
    out.set(key, { orgKey: key, name: known?.name ?? subscriberName(l), versionNumber: newer ? (version ?? known?.versionNumber) : known?.versionNumber });
  }
  return out;
}

/** An error group with the subscribers' names (as many as known, in org id order). */
export interface NamedPushErrorGroup extends PushErrorGroup {
  readonly names: string[];
}

/** One request as the user reads it: the request, its error groups with names, the orgs to push again. */
export interface PushRequestReport {
  readonly request: PushRequest;
  readonly ended: boolean;
  /** Whether the jobs were read (the orgs to push again are known only then). */
  readonly jobsRead: boolean;
  readonly errorGroups: NamedPushErrorGroup[];
  /** 15-character ids: see retryOrgs. Empty when the jobs were not read. */
  readonly retryOrgKeys: string[];
  /** Failed or not started, but already on the target version or later per the LMO. */
  readonly alreadyUpgraded: string[];
}

/** Joins a request's jobs and errors with the LMO's subscribers (see pushSubscribers). */
export function pushRequestReport(
  request: PushRequest,
  jobs: readonly PushJob[] | undefined,
  errors: readonly PushError[],
  subscribers: ReadonlyMap<string, PushSubscriber>,
): PushRequestReport {
  const groups = groupPushErrors(errors).map((g) => ({
    ...g,
    names: g.orgKeys.map((k) => subscribers.get(k)?.name).filter((n): n is string => !!n),
  }));
  const versionOf = (k: string) => subscribers.get(k)?.versionNumber;
  const retry = jobs && request.versionNumber ? retryOrgs(jobs, versionOf, request.versionNumber) : [];
  const everyone = jobs && request.versionNumber ? retryOrgs(jobs, () => undefined, request.versionNumber) : [];
  const kept = new Set(retry);
  return {
    request,
    ended: isEndedPushStatus(request.status),
    jobsRead: !!jobs,
    errorGroups: groups,
    retryOrgKeys: retry,
    alreadyUpgraded: everyone.filter((k) => !kept.has(k)),
  };
}

/** Jobs that failed, summed over requests: what makes `packages push-status` exit 1. */
export function failedJobCount(requests: readonly Pick<PushRequest, 'jobs'>[]): number {
  return requests.reduce((n, r) => n + r.jobs.Failed, 0);
}

/** The retry org file's name for a request: its version and its id, e.g. `push-retry-2.3.0-0DV5g0000000002.csv`. */
export function retryOrgFileName(request: Pick<PushRequest, 'id' | 'versionNumber'>): string {
  const version = /\d+(?:\.\d+)*/.exec(request.versionNumber ?? '')?.[0] ?? '';
  return `push-retry-${version ? `${version}-` : ''}${request.id.replace(/[^a-zA-Z0-9]/g, '').slice(0, 15)}.csv`;
}
