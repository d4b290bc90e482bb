/**
 * The push-upgrade hand-off: which orgs to push (from the LMO's licenses, checked against the
 * packaging org's PackageSubscriber rows when connected), the org file `sf package push-upgrade
 * schedule --org-file` reads (one 15-character org id per line: the command silently drops any
 * other line, 18-character ids included), and the exact command, quoted for a shell — for
 * second-generation packages only; which hand-off a package gets is pushGeneration.ts's call
 * (docs/salesforce/push-upgrades.md). Nothing here runs it: the user does, after seeing the orgs.
 */
import { type Shell, shellQuote } from '../shellQuote';
import { type License, subscriberName } from '../license';
import { orgKey } from '../orgId';
import { compareVersionNumbers, parseVersionNumber } from '../versionNumber';
import { id15 } from './ownedPackages';
import { type SubscriberIndex, isInstalled } from './subscribers';

export interface PushTarget {
  /** 04t… of the version to push. */
  readonly subscriberPackageVersionId: string;
  readonly versionNumber: string;
  /** 033… of its package (to look installs up), when known. */
  readonly subscriberPackageId?: string;
}

export interface PushCandidate {
  /** 15 characters, as the org file needs it. */
  readonly orgId: string;
  readonly name: string;
  /** The version the org is on (the packaging org's word when it has one, else the license's). */
  readonly versionNumber: string;
  readonly isSandbox: boolean;
  readonly licenseId: string;
}

export interface PushSkip {
  readonly orgId: string;
  readonly name: string;
  readonly reason: string;
}

export interface PushCandidates {
  readonly target: PushTarget;
  readonly candidates: readonly PushCandidate[];
  /** Orgs on an older version that cannot be pushed, and why. */
  readonly skipped: readonly PushSkip[];
}

export interface CandidateOptions {
  /** Record ids of the LMO's beta Package Versions: a beta cannot be upgraded. */
  readonly betaVersionRecordIds?: ReadonlySet<string>;
  /** Include sandbox orgs (default true: sandboxes take push upgrades too). */
  readonly includeSandboxes?: boolean;
  /** The packaging org's installs: orgs it does not see installed, or sees inactive, are skipped. */
  readonly installs?: SubscriberIndex;
  /** 04t (15) → version number, to read an install's version. */
  readonly versionNumbers?: ReadonlyMap<string, string>;
}

const ORG_FILE_LINE = /^00D[a-zA-Z0-9]{12}$/;

/** Licenses of the target's package on an older released version, one per org (exact 15-character ids). */
export function pushUpgradeCandidates(licenses: readonly License[], target: PushTarget, options: CandidateOptions = {}): PushCandidates {
  if (!parseVersionNumber(target.versionNumber)) throw new RangeError(`Not a version number: ${target.versionNumber}`);
  const candidates = new Map<string, PushCandidate>();
  const skipped = new Map<string, PushSkip>();
  for (const l of licenses) {
    if (l.status === 'Uninstalled' || !l.versionNumber) continue;
    if (!parseVersionNumber(l.versionNumber) || compareVersionNumbers(l.versionNumber, target.versionNumber) >= 0) continue;
    if (l.isSandbox && options.includeSandboxes === false) continue;
    const org = orgKey(l.subscriberOrgId);
    if (candidates.has(org) || skipped.has(org)) continue;
    const name = subscriberName(l);
    const skip = (reason: string) => skipped.set(org, { orgId: org, name, reason });
    if (!ORG_FILE_LINE.test(org)) {
      skip('not a valid org id');
      continue;
    }
    if (l.packageVersionId && options.betaVersionRecordIds?.has(l.packageVersionId)) {
      skip(`on beta ${l.versionNumber}: a beta cannot be upgraded`);
      continue;
    }
    let versionNumber = l.versionNumber;
    if (options.installs && target.subscriberPackageId) {
      const row = options.installs.installOf(org, target.subscriberPackageId);
      if (!row || !isInstalled(row)) {
        skip('the packaging org does not see the package installed there');
        continue;
      }
      if ((row.orgStatus ?? '').toLowerCase() === 'inactive') {
        skip('the org is inactive: inactive orgs cannot take push upgrades');
        continue;
      }
      const installed = row.subscriberPackageVersionId ? options.versionNumbers?.get(id15(row.subscriberPackageVersionId)) : undefined;
      if (installed && compareVersionNumbers(installed, target.versionNumber) >= 0) continue;
      if (installed) versionNumber = installed;
    }
    candidates.set(org, { orgId: org, name, versionNumber, isSandbox: l.isSandbox, licenseId: l.id });
  }
  const byOrg = (a: { orgId: string }, b: { orgId: string }) => (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0);
  return { target, candidates: [...candidates.values()].sort(byOrg), skipped: [...skipped.values()].sort(byOrg) };
}

/** The org file: one 15-character org id per line, nothing else (no header: the command would drop it anyway). */
export function orgFileContent(candidates: readonly Pick<PushCandidate, 'orgId'>[]): string {
  const lines = candidates.map((c) => c.orgId);
  const bad = lines.find((l) => !ORG_FILE_LINE.test(l));
  if (bad !== undefined) throw new RangeError(`Not a 15-character org id: ${JSON.stringify(bad)}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** A file name for the org file of a version. */
export function orgFileName(target: Pick<PushTarget, 'subscriberPackageVersionId' | 'versionNumber'>): string {
  return `push-upgrade-${target.versionNumber.replace(/[^0-9.]/g, '')}-${id15(target.subscriberPackageVersionId)}.csv`;
}

export type { Shell };

/** One argument, quoted so that the shell passes it through literally (no expansion, no second command): see shellQuote.ts. */
export const quoteArg = (arg: string, shell: Shell = 'posix'): string => shellQuote(arg, shell);

export interface PushCommandInput {
  /** 04t… of the version to push. */
  readonly packageVersionId: string;
  /** Path of the org file, as the shell will see it (relative to where the command runs, or absolute). */
  readonly orgFile: string;
  /** Alias or username of the Dev Hub that owns the package (the command refuses any other org: 2GP and unlocked only, see pushGeneration.ts). */
  readonly targetDevHub: string;
  /** When Salesforce may start (UTC); omitted: as soon as possible. */
  readonly startTime?: string | Date;
  /** Pushing a 2GP version to orgs that have the 1GP version installed. */
  readonly migrateTo2gp?: boolean;
}

export interface PushCommand {
  /** The arguments, unquoted (for a process runner). */
  readonly argv: readonly string[];
  /** The command line for the shell, quoted. */
  readonly text: string;
}

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** `sf package push-upgrade schedule --package 04t… --org-file … --target-dev-hub … [--start-time …]`, never run here. */
export function pushUpgradeCommand(input: PushCommandInput, shell: Shell = 'posix'): PushCommand {
  const version = input.packageVersionId.trim();
  if (!/^04t[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(version))
    throw new RangeError(`A package version id starts with 04t and has 15 or 18 characters, not ${JSON.stringify(version)}`);
  const hub = input.targetDevHub;
  if (!hub.trim() || CONTROL.test(hub)) throw new RangeError('The Dev Hub alias is empty or holds control characters.');
  if (hub.startsWith('-')) throw new RangeError(`The Dev Hub alias ${JSON.stringify(hub)} starts with "-": the command would read it as a flag.`);
  if (!input.orgFile.trim() || CONTROL.test(input.orgFile)) throw new RangeError('The org file path is empty or holds control characters.');
  // A relative path that starts with "-" would read as a flag.
  const orgFile = input.orgFile.startsWith('-') ? `./${input.orgFile}` : input.orgFile;
  const argv = ['sf', 'package', 'push-upgrade', 'schedule', '--package', version, '--org-file', orgFile, '--target-dev-hub', hub];
  if (input.startTime !== undefined) argv.push('--start-time', startTimeText(input.startTime));
  if (input.migrateTo2gp) argv.push('--migrate-to-2gp');
  return { argv, text: argv.map((a) => quoteArg(a, shell)).join(' ') };
}

/** UTC, as the command's examples write it: 2024-12-06T21:00:00. A text without a zone is UTC. */
export function startTimeText(value: string | Date): string {
  let date = value instanceof Date ? value : undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text))
      throw new RangeError(`The start time is a UTC date and time, YYYY-MM-DDTHH:MM[:SS], not ${JSON.stringify(value)}`);
    date = new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`);
  }
  if (!date || Number.isNaN(date.getTime())) throw new RangeError(`Not a date and time: ${String(value)}`);
  return date.toISOString().slice(0, 19);
}

/**
 * What to tell the user when the command failed for want of push-upgrade access. Salesforce enables
 * push upgrades for second-generation managed packages only after security review, through a
 * support case; the exact error text is not documented, so this matches the likely wordings.
 * Undefined when the output does not look like that.
 */
export function explainPushUpgradeFailure(output: string, generation: '2gp' | '1gp' | undefined): string | undefined {
  const text = output.replace(/\s+/g, ' ');
  const looksLikeAccess =
    /security review/i.test(text) ||
    /support case/i.test(text) ||
    /push[- ]?upgrades? (?:is |are )?not (?:enabled|allowed|available|supported)/i.test(text) ||
    /not (?:enabled|allowed|available) for push/i.test(text) ||
    /(FUNCTIONALITY_NOT_ENABLED|INSUFFICIENT_ACCESS\w*|NOT_SUPPORTED)\b[^.]*push/i.test(text) ||
    /PackagePushRequest[^.]*(INSUFFICIENT_ACCESS|FUNCTIONALITY_NOT_ENABLED|not supported|not allowed|insufficient)/i.test(text) ||
    /(INSUFFICIENT_ACCESS|FUNCTIONALITY_NOT_ENABLED)[^.]*PackagePushRequest/i.test(text);
  if (!looksLikeAccess) return undefined;
  if (generation === '1gp')
    return 'Salesforce refused the push upgrade. A first-generation package is pushed from its packaging org (its Push Upgrades page or the PackagePushRequest API, not the Salesforce CLI), by a user with the "Upload AppExchange Packages" permission. Nothing was pushed.';
  return 'Salesforce refused the push upgrade. Push upgrades of second-generation managed packages are available only after the package passed AppExchange security review, and Salesforce turns them on when you log a support case in the Partner Community; the user also needs "Create and Update Second-Generation Packages". Unlocked packages can be pushed without that. Nothing was pushed.';
}
