/**
 * `packages push-command`: the push-upgrade hand-off. Picks the orgs on older versions of the
 * version's package from the LMO's licenses (cross-checked with the owning org's PackageSubscriber
 * rows when it is readable) and writes them to an org file; then, by the package's generation
 * (docs/salesforce/push-upgrades.md): for 2GP the exact `sf package push-upgrade schedule` command
 * (beta), for 1GP the packaging org's steps (the CLI does not push 1GP), and when the generation
 * cannot be known, no command at all (exit 1). Nothing is pushed: the user does it.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { id15 } from '../../core/linking/ownedPackages';
import { NO_CLI_FOR_1GP, SF_PUSH_BETA_NOTE, firstGenerationSteps, handOffKind, packageGeneration } from '../../core/linking/pushGeneration';
import {
  type PushTarget,
  type Shell,
  orgFileContent,
  orgFileName,
  pushUpgradeCandidates,
  pushUpgradeCommand,
  startTimeText,
} from '../../core/linking/pushUpgrade';
import { SubscriberIndex } from '../../core/linking/subscribers';
import { singleLine } from '../../core/displayText';
import { usageError } from '../../data/org/errors';
import { EXIT } from '../output';
import { type CommandContext } from '../session';
import { linkContext } from './packagesContext';

export async function pushCommand(ctx: CommandContext): Promise<number> {
  const version = typeof ctx.args.version === 'string' ? ctx.args.version.trim() : '';
  if (!/^04t[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(version)) throw usageError('push-command needs --version <04t…>: the package version to push.');
  const shellArg = ctx.args.shell;
  if (shellArg !== undefined && shellArg !== 'posix' && shellArg !== 'powershell') throw usageError('--shell is posix or powershell.');
  const shell: Shell = (shellArg as Shell | undefined) ?? (process.platform === 'win32' ? 'powershell' : 'posix');
  const { lmo, devHub, inventory, stack, project } = await linkContext(ctx);

  // The target: a version the LMO has recorded, or one the owning org released that nobody installed yet.
  const lmoVersion = inventory.lmo.versions.find((v) => id15(v.versionId) === id15(version));
  const owner = inventory.owner.ok ? inventory.owner.org : undefined;
  const owned = owner?.packages.find((p) => p.releasedVersions.some((v) => id15(v.subscriberPackageVersionId) === id15(version)));
  const ownedVersion = owned?.releasedVersions.find((v) => id15(v.subscriberPackageVersionId) === id15(version));
  const record = lmoVersion
    ? inventory.lmo.packages.find((p) => p.id === lmoVersion.packageId)
    : owned && inventory.lmo.packages.find((p) => id15(p.packageId) === id15(owned.subscriberPackageId));
  if (lmoVersion?.isBeta) throw usageError(`${version} is a beta version: only released versions can be pushed.`);
  if (!lmoVersion && !ownedVersion)
    throw usageError(
      `${version} is not a released version the LMO or ${owner ? inventory.owner.label : 'a Dev Hub'} knows.${owner ? '' : ' Pass --target-dev-hub <alias> for versions nobody has installed yet.'}`,
    );
  if (!record) throw usageError(`${owned?.name ?? 'Its package'} is not linked to this LMO: there are no licenses to pick the orgs from.`);
  const target: PushTarget = {
    subscriberPackageVersionId: ownedVersion?.subscriberPackageVersionId ?? lmoVersion?.versionId ?? version,
    versionNumber: ownedVersion?.versionNumber ?? (lmoVersion?.versionNumber as string),
    subscriberPackageId: record.packageId ?? owned?.subscriberPackageId,
  };

  const reader = new stack.LicenseManagementOrg(lmo, ctx.clock);
  // Only the org that owns the package has its PackageSubscriber rows: another org's (none) would skip every org.
  const ownsTarget = !!owner?.packages.some((p) => id15(p.subscriberPackageId) === id15(target.subscriberPackageId));
  const [licenses, installs] = await Promise.all([
    reader.licenses({ packageId: record.id }, { signal: ctx.signal }),
    ownsTarget && target.subscriberPackageId
      ? (inventory.owner.ok && inventory.owner.sameOrg ? new stack.DevHubReader(lmo) : devHub)?.subscribers([target.subscriberPackageId], {
          signal: ctx.signal,
        })
      : undefined,
  ]);
  const versionNumbers = new Map(
    (owned ?? owner?.packages.find((p) => id15(p.subscriberPackageId) === id15(target.subscriberPackageId)))?.releasedVersions.map((v) => [
      id15(v.subscriberPackageVersionId),
      v.versionNumber,
    ]) ?? [],
  );
  const picked = pushUpgradeCandidates(licenses.records, target, {
    betaVersionRecordIds: new Set(inventory.lmo.versions.filter((v) => v.isBeta).map((v) => v.id)),
    includeSandboxes: ctx.args['exclude-sandboxes'] !== true,
    installs: installs ? new SubscriberIndex(installs.subscribers) : undefined,
    versionNumbers,
  });
  const orgFile = typeof ctx.args['org-file'] === 'string' && ctx.args['org-file'].trim() ? ctx.args['org-file'] : orgFileName(target);
  const verdict = packageGeneration({
    name: record.name,
    subscriberPackageId: target.subscriberPackageId,
    developerOrgId: record.developerOrgId,
    owner,
    ownerLabel: inventory.owner.label,
    project,
  });
  const handOff = handOffKind(verdict);
  const start = typeof ctx.args['start-time'] === 'string' ? ctx.args['start-time'] : undefined;
  let command: ReturnType<typeof pushUpgradeCommand> | undefined;
  let startTime: string | undefined;
  try {
    startTime = start === undefined ? undefined : startTimeText(start);
    if (picked.candidates.length && handOff === 'sfCommand') {
      const hub = devHubAlias(ctx, lmo.target.label, lmo.target.source, inventory.owner.ok && inventory.owner.sameOrg);
      command = pushUpgradeCommand({ packageVersionId: target.subscriberPackageVersionId, orgFile, targetDevHub: hub, startTime: start }, shell);
    }
  } catch (err) {
    if (err instanceof RangeError) throw usageError(err.message);
    throw err;
  }
  const written = picked.candidates.length > 0;
  if (written) await writeFile(resolve(orgFile), orgFileContent(picked.candidates), 'utf8');
  const steps =
    written && handOff === 'packagingOrg'
      ? firstGenerationSteps({
          packageName: record.name,
          versionNumber: target.versionNumber,
          packageVersionId: target.subscriberPackageVersionId,
          orgFile: resolve(orgFile),
          orgCount: picked.candidates.length,
          packagingOrgId: verdict.pushOrgId,
          startTime,
        })
      : undefined;

  ctx.out.data({
    package: record.name,
    version: target,
    generation: verdict.generation ?? null,
    generationBasis: verdict.basis,
    handOff,
    beta: handOff === 'sfCommand' ? true : undefined,
    pushOrgId: verdict.pushOrgId,
    orgFile: written ? resolve(orgFile) : undefined,
    candidates: picked.candidates,
    skipped: picked.skipped,
    checkedWithDevHub: !!installs,
    command: command?.text,
    argv: command?.argv,
    steps,
    why: handOff === 'packagingOrg' ? NO_CLI_FOR_1GP : undefined,
  });
  if (!written) {
    ctx.out.text(`No org is on a version of ${singleLine(record.name, 80)} older than ${target.versionNumber} that can be pushed: nothing to schedule.`);
    return EXIT.ok;
  }
  ctx.out.note(
    `${picked.candidates.length} org${picked.candidates.length === 1 ? '' : 's'} on versions of ${singleLine(record.name, 60)} older than ${target.versionNumber} written to ${orgFile}${installs ? ` (checked against the ${verdict.generation === '1gp' ? 'packaging org' : 'Dev Hub'}’s installs)` : ''}.`,
  );
  for (const s of picked.skipped) ctx.out.note(`Skipped ${s.orgId} (${singleLine(s.name, 60)}): ${s.reason}.`);
  ctx.out.note(verdict.basis);
  if (command) {
    ctx.out.note(SF_PUSH_BETA_NOTE);
    ctx.out.note('Review the orgs, then run this command yourself (LMA Workbench never runs it):');
    ctx.out.text(command.text);
    return EXIT.ok;
  }
  if (steps) {
    ctx.out.note(NO_CLI_FOR_1GP);
    ctx.out.note('Review the orgs, then schedule the push yourself (LMA Workbench never does):');
    ctx.out.text(steps.join('\n'));
    return EXIT.ok;
  }
  ctx.out.note(
    'No push command is offered: for a second-generation package it is `sf package push-upgrade schedule` against its Dev Hub; for a first-generation one, the packaging org’s Push Upgrades page or its API. Pass --target-dev-hub <alias> so LMA Workbench can tell which.',
  );
  return EXIT.findings;
}

/** The Dev Hub the command names: --target-dev-hub, the project's, else the LMO itself when it owns the package. */
function devHubAlias(ctx: CommandContext, lmoLabel: string, source: 'cli' | 'demo', lmoIsOwner: boolean): string {
  const given = ctx.args['target-dev-hub'];
  if (typeof given === 'string' && given.trim()) return given.trim();
  if (lmoIsOwner) return source === 'demo' ? 'demo-lmo' : lmoLabel;
  throw usageError('Pass --target-dev-hub <alias>: the Dev Hub that owns the package, which the command runs against.');
}
