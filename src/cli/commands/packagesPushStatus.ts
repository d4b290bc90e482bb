/**
 * `packages push-status`: the push upgrades of the owning org's packages, read-only — each
 * request's status and job counts, its errors grouped by type and title with the subscribers'
 * names from the LMO, and the orgs to push again written as an org file (one 15-character org id
 * per line, as `sf package push-upgrade schedule --org-file` reads it). The owning org is the Dev
 * Hub role's org: the Dev Hub for 2GP and unlocked, the packaging org for 1GP
 * (docs/salesforce/push-status.md). Exit 1 while any job failed; --follow polls until every
 * shown request has ended. Nothing is scheduled, started or cancelled here.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { singleLine } from '../../core/displayText';
import type { License } from '../../core/license';
import { findOwnedPackage, id15 } from '../../core/linking/ownedPackages';
import {
  type PushRequest,
  type PushRequestReport,
  type PushSubscriber,
  NOT_STARTED_PUSH_STATUSES,
  failedJobCount,
  isEndedPushStatus,
  pushRequestReport,
  pushSubscribers,
} from '../../core/linking/pushStatus';
import { orgFileContent } from '../../core/linking/pushUpgrade';
import { pollWithBackoff } from '../../core/polling';
import type { PushRequestReader } from '../../data/devHub/pushRequests';
import { usageError } from '../../data/org/errors';
import { CallMeter } from '../../data/org/orgApi';
import { EXIT } from '../output';
import { type CommandContext, wholeNumber } from '../session';
import { linkContext } from './packagesContext';

/** How long --follow keeps going at most (a push of many orgs can take hours). */
const FOLLOW_MAX_MS = 24 * 3_600_000;
const DEFAULT_INTERVAL_S = 30;

type Context = Awaited<ReturnType<typeof linkContext>>;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export async function pushStatus(ctx: CommandContext): Promise<number> {
  const requestId = typeof ctx.args.request === 'string' ? ctx.args.request.trim() : undefined;
  if (requestId !== undefined && !/^0DV[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(requestId))
    throw usageError(`--request takes a push request id (0DV…, 15 or 18 characters), not ${JSON.stringify(requestId)}.`);
  const retryFile = typeof ctx.args['retry-file'] === 'string' ? ctx.args['retry-file'] : undefined;
  if (retryFile !== undefined && (!retryFile.trim() || !requestId))
    throw usageError('--retry-file <path> needs --request <0DV…>: the orgs to push again are those of one request.');
  const follow = ctx.args.follow === true;
  if (!follow && ctx.args.interval !== undefined) throw usageError('--interval goes with --follow.');
  const intervalSeconds = wholeNumber('interval', ctx.args.interval, 5, 3600, DEFAULT_INTERVAL_S);

  const context = await linkContext(ctx);
  const { lmo, devHub, inventory, stack } = context;
  if (!inventory.owner.ok)
    throw usageError(
      `${inventory.owner.triedLmo ? `${lmo.target.label} owns no packages.` : inventory.owner.error.message} Pass --target-dev-hub <alias>: the Dev Hub (2GP, unlocked) or the packaging org (1GP) that owns the package.`,
    );
  const owner = inventory.owner;
  const ownerClient = owner.sameOrg || !devHub ? lmo : devHub.client;
  const packageIds = packageFilter(ctx, context);
  const reader = new stack.PushRequestReader(ownerClient);
  const meter = new CallMeter();
  const call = { signal: ctx.signal, meter };
  const filter = { packageIds, requestId };

  let requests = await reader.requests(filter, call);
  if (requestId && requests.length === 0) throw usageError(`${owner.label} has no push request ${requestId}${packageIds ? ' of that package' : ''}.`);
  let followed: { outcome: string; polls: number } | undefined;
  if (follow && requests.some((r) => !isEndedPushStatus(r.status))) {
    const outcome = await pollWithBackoff<PushRequest[]>(
      async () => {
        requests = await reader.requests(filter, call);
        const running = requests.filter((r) => !isEndedPushStatus(r.status));
        return running.length ? { done: false, value: requests } : { done: true, value: requests };
      },
      {
        startedAt: ctx.clock.now().getTime(),
        schedule: { firstDelayMs: intervalSeconds * 1000, factor: 1, maxDelayMs: intervalSeconds * 1000, maxTotalMs: FOLLOW_MAX_MS },
        signal: ctx.signal,
        onProgress: (p) => {
          for (const r of (p.value ?? requests).filter((x) => !isEndedPushStatus(x.status))) ctx.out.note(`${requestLine(r)} — ${countsLine(r)}`);
        },
      },
    );
    followed = { outcome: outcome.kind, polls: outcome.attempts + 1 };
    if (outcome.kind === 'cancelled') {
      ctx.out.data({ owner: ownerJson(context), apiCalls: meter.calls, followed, requests: requests.map((r) => requestJson(r)) });
      ctx.out.note('Stopped following; nothing was changed in the org.');
      return EXIT.interrupted;
    }
  }

  const reports = await detail(ctx, context, reader, requests, { retryFile: !!retryFile, meter });
  let written: string | undefined;
  if (retryFile && reports[0]?.retryOrgKeys.length) {
    written = resolve(retryFile);
    await writeFile(written, orgFileContent(reports[0].retryOrgKeys.map((orgId) => ({ orgId }))), 'utf8');
    if (!reports[0].ended)
      ctx.out.note(
        `${reports[0].request.id} is still ${reports[0].request.status}: its jobs not started yet may still run. Pass --follow to write the file when it ends.`,
      );
  }
  const failed = failedJobCount(requests);
  ctx.out.data({
    owner: ownerJson(context),
    apiCalls: meter.calls,
    failedJobs: failed,
    ...(followed ? { followed } : {}),
    requests: reports.map((r, i) => requestJson(r.request, r, i === 0 ? written : undefined)),
  });
  ctx.out.text(reportText(context, reports, written, !!retryFile));
  return failed > 0 ? EXIT.findings : EXIT.ok;
}

/** --package: a package the owning org owns (name, 0Ho or 033), or any 033 id. */
function packageFilter(ctx: CommandContext, { inventory }: Context): string[] | undefined {
  const wanted = typeof ctx.args.package === 'string' ? ctx.args.package.trim() : undefined;
  if (wanted === undefined) return undefined;
  const packages = inventory.owner.ok ? inventory.owner.org.packages : [];
  const found = findOwnedPackage(packages, wanted);
  if (found.found) return [found.found.subscriberPackageId];
  if (/^033[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(wanted)) return [wanted];
  const names = packages.map((p) => `  ${singleLine(p.name, 60)} (${p.subscriberPackageId})`);
  throw usageError(
    `${found.ambiguous.length > 1 ? `Several packages are named "${singleLine(wanted, 60)}"; pass its 033 id.` : `${inventory.owner.label} owns no package "${singleLine(wanted, 60)}".`} Its packages:\n${names.join('\n') || '  (none)'}`,
  );
}

/**
 * Errors and the orgs to push again, for the requests that have any: errors of requests with failed
 * jobs, jobs (failed or not started) of ended requests with such jobs, or of the one request whose
 * retry file is asked for; the LMO's licenses of their packages for names and current versions.
 */
async function detail(
  ctx: CommandContext,
  { lmo, inventory, stack }: Context,
  reader: PushRequestReader,
  requests: readonly PushRequest[],
  options: { retryFile: boolean; meter: CallMeter },
): Promise<PushRequestReport[]> {
  const call = { signal: ctx.signal, meter: options.meter };
  const notStarted = (r: PushRequest) => NOT_STARTED_PUSH_STATUSES.reduce((n, s) => n + r.jobs[s], 0);
  const wantsJobs = (r: PushRequest) => options.retryFile || (isEndedPushStatus(r.status) && r.jobs.Failed + notStarted(r) > 0);
  const lmoPackages = new Map<string, string>();
  for (const p of inventory.lmo.packages) if (p.packageId) lmoPackages.set(id15(p.packageId), p.id);
  const licenseReader = new stack.LicenseManagementOrg(lmo, ctx.clock);
  const licensesOf = new Map<string, Promise<License[]>>();
  const subscribersOf = async (r: PushRequest): Promise<Map<string, PushSubscriber>> => {
    const record = r.packageId ? lmoPackages.get(id15(r.packageId)) : undefined;
    if (!record) return new Map();
    if (!licensesOf.has(record))
      licensesOf.set(
        record,
        licenseReader.licenses({ packageId: record }, { signal: ctx.signal }).then((l) => l.records),
      );
    return pushSubscribers(await (licensesOf.get(record) as Promise<License[]>));
  };
  return Promise.all(
    requests.map(async (r) => {
      const needsErrors = r.jobs.Failed > 0;
      const needsJobs = wantsJobs(r);
      if (!needsErrors && !needsJobs) return pushRequestReport(r, undefined, [], new Map());
      const [errors, jobs, subscribers] = await Promise.all([
        needsErrors ? reader.errors(r.id, call) : [],
        needsJobs ? reader.jobs(r.id, { ...call, statuses: ['Failed', ...NOT_STARTED_PUSH_STATUSES] }) : undefined,
        subscribersOf(r),
      ]);
      return pushRequestReport(r, jobs, errors, subscribers);
    }),
  );
}

function ownerJson({ inventory }: Context) {
  const owner = inventory.owner;
  return owner.ok ? { label: owner.label, orgId: owner.org.orgId, sameOrgAsLmo: owner.sameOrg } : { label: owner.label };
}

function requestJson(r: PushRequest, report?: PushRequestReport, retryFile?: string) {
  return {
    id: r.id,
    packageId: r.packageId,
    packageName: r.packageName,
    packageVersionId: r.packageVersionId,
    versionName: r.versionName,
    versionNumber: r.versionNumber,
    status: r.status,
    ended: isEndedPushStatus(r.status),
    scheduledStartTime: r.scheduledStartTime,
    startTime: r.startTime,
    endTime: r.endTime,
    durationSeconds: r.durationSeconds,
    orgsScheduled: r.orgsScheduled,
    orgsSucceeded: r.jobs.Succeeded,
    orgsFailed: r.jobs.Failed,
    jobs: r.jobs,
    errorGroups: (report?.errorGroups ?? []).map((g) => ({
      type: g.type,
      title: g.title,
      message: g.message,
      severity: g.severity,
      orgCount: g.orgKeys.length,
      orgKeys: g.orgKeys,
      names: g.names,
    })),
    retryOrgKeys: report?.jobsRead ? report.retryOrgKeys : null,
    alreadyUpgraded: report?.alreadyUpgraded ?? [],
    retryFile: retryFile ?? null,
  };
}

function requestLine(r: PushRequest): string {
  const what = `${singleLine(r.packageName ?? r.packageId ?? 'package', 60)} ${r.versionNumber ?? r.packageVersionId}`;
  const when = r.endTime
    ? `ended ${r.endTime}`
    : r.startTime
      ? `started ${r.startTime}`
      : r.scheduledStartTime
        ? `scheduled for ${r.scheduledStartTime}`
        : 'not scheduled yet';
  return `${r.id}  ${r.status}  ${what}  (${when})`;
}

function countsLine(r: PushRequest): string {
  const parts = [
    `${plural(r.orgsScheduled, 'org')} scheduled`,
    `${r.jobs.Succeeded.toLocaleString('en-US')} succeeded`,
    `${r.jobs.Failed.toLocaleString('en-US')} failed`,
  ];
  for (const s of ['In Progress', 'Pending', 'Created', 'Canceled'] as const)
    if (r.jobs[s]) parts.push(`${r.jobs[s].toLocaleString('en-US')} ${s.toLowerCase()}`);
  return parts.join(', ');
}

export function reportText({ inventory }: Context, reports: readonly PushRequestReport[], written: string | undefined, askedForFile: boolean): string {
  const lines = [`Push upgrades in ${inventory.owner.label} (read-only):`, ''];
  if (!reports.length) lines.push('No push requests.');
  reports.forEach((report, i) => {
    const r = report.request;
    lines.push(requestLine(r), `    ${countsLine(r)}`);
    for (const g of report.errorGroups) {
      const names = g.names.slice(0, 2).map((n) => singleLine(n, 40));
      const more = g.orgKeys.length - names.length;
      const who = names.length ? `  (${names.join(', ')}${more > 0 ? `, +${more.toLocaleString('en-US')} more` : ''})` : '';
      lines.push(`    ${plural(g.orgKeys.length, 'org').padEnd(9)}  ${g.type}  ${singleLine(g.title || g.message, 100)}${who}`);
    }
    if (report.retryOrgKeys.length || report.alreadyUpgraded.length) {
      const already = report.alreadyUpgraded.length ? ` (${plural(report.alreadyUpgraded.length, 'org')} already on ${r.versionNumber} or later left out)` : '';
      lines.push(`    To push again: ${plural(report.retryOrgKeys.length, 'org')}${already}`);
      if (i === 0 && written) lines.push(`    Org file: ${written}`);
      else if (i === 0 && askedForFile && !report.retryOrgKeys.length) lines.push('    No org file written: no org to push again.');
      else if (!askedForFile && report.retryOrgKeys.length)
        lines.push(`    Write them to an org file: lma-workbench packages push-status --request ${r.id} --retry-file <path>`);
    } else if (i === 0 && askedForFile) lines.push('    No org file written: no org to push again.');
  });
  return lines.join('\n');
}
