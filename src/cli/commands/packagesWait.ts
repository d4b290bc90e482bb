/** `packages wait-link`: after the Partner Console's Register, checks the LMO until the package's record arrives. */
import { type LinkTarget } from '../../core/linking/linkPoll';
import { findOwnedPackage } from '../../core/linking/ownedPackages';
import { singleLine } from '../../core/displayText';
import { LINK_POLL_SCHEDULE } from '../../core/polling';
import { usageError } from '../../data/org/errors';
import { EXIT } from '../output';
import { type CommandContext, wholeNumber } from '../session';
import { linkContext } from './packagesContext';

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

export async function waitLink(ctx: CommandContext): Promise<number> {
  const wanted = typeof ctx.args.package === 'string' ? ctx.args.package.trim() : '';
  if (!wanted) throw usageError('wait-link needs --package <0Ho…|033…|name>: the package you registered in the Partner Console.');
  const waitMinutes = wholeNumber('wait', ctx.args.wait, 1, 1440, 240);
  const intervalSeconds = wholeNumber('interval', ctx.args.interval, 1, 300, LINK_POLL_SCHEDULE.firstDelayMs / 1000);
  const { lmo, inventory, stack } = await linkContext(ctx);
  const owner = inventory.owner.ok ? inventory.owner.org : undefined;
  let target: LinkTarget;
  let name = wanted;
  const found = owner ? findOwnedPackage(owner.packages, wanted) : undefined;
  if (found?.found) {
    if (!found.found.managed) throw usageError(`${found.found.name} is an unlocked package: it has no licenses and cannot be linked to the LMA.`);
    name = found.found.name;
    target = {
      subscriberPackageId: found.found.subscriberPackageId,
      ownerOrgId: owner?.orgId,
      releasedVersionIds: found.found.releasedVersions.map((v) => v.subscriberPackageVersionId),
    };
  } else if (/^033[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(wanted)) {
    // Not one of the connected org's packages (or no owner org): any Package record for the id ends the wait.
    target = { subscriberPackageId: wanted };
  } else {
    const names = owner?.packages.filter((p) => p.managed).map((p) => `  ${p.name} (${p.subscriberPackageId})`) ?? [];
    throw usageError(
      owner
        ? `${found && 'ambiguous' in found && found.ambiguous.length > 1 ? `Several packages are named "${wanted}"; pass its id.` : `${inventory.owner.label} owns no package "${wanted}".`} Its packages:\n${names.join('\n') || '  (none)'}`
        : `Without a Dev Hub (pass --target-dev-hub <alias>), name the package by its 033 subscriber package id.`,
    );
  }
  const startedAt = ctx.clock.now().getTime();
  const schedule = {
    ...LINK_POLL_SCHEDULE,
    firstDelayMs: intervalSeconds * 1000,
    maxDelayMs: Math.max(LINK_POLL_SCHEDULE.maxDelayMs, intervalSeconds * 1000),
    maxTotalMs: waitMinutes * 60_000,
  };
  const before = lmo.apiCalls;
  const outcome = await stack.waitForLink(lmo, target, {
    startedAt,
    schedule,
    signal: ctx.signal,
    onProgress: (p) => {
      const why = p.error ? ` (the check failed: ${(p.error as Error).message})` : '';
      if (p.nextInMs !== undefined)
        ctx.out.note(`${singleLine(name, 60)} is not linked yet${why}; check ${p.attempt} done, the next in ${seconds(p.nextInMs)}.`);
    },
  });
  const poll = outcome.kind === 'done' ? outcome.value : outcome.last;
  ctx.out.data({
    package: name,
    subscriberPackageId: target.subscriberPackageId,
    outcome: outcome.kind,
    state: poll?.state ?? 'notLinked',
    attempts: outcome.attempts,
    apiCalls: lmo.apiCalls - before,
    elapsedMs: outcome.elapsedMs,
    packageRecordId: poll?.packageRecord?.id,
    developerOrgId: poll?.packageRecord?.developerOrgId,
    versionsArrived: poll?.versionIds.length ?? 0,
    missingVersionIds: poll?.missingVersionIds ?? [],
  });
  if (outcome.kind === 'cancelled') return EXIT.interrupted;
  if (outcome.kind === 'timedOut') {
    ctx.out.text(
      `${singleLine(name, 80)} is still not linked to ${lmo.target.label} after ${waitMinutes} minute${waitMinutes === 1 ? '' : 's'} (${outcome.attempts} checks).`,
    );
    return EXIT.findings;
  }
  const record = outcome.value.packageRecord;
  const released = target.releasedVersionIds?.length;
  const versions =
    released === undefined
      ? `${outcome.value.versionIds.length} version records`
      : `${released - outcome.value.missingVersionIds.length} of ${released} released versions`;
  if (outcome.value.state === 'linkedElsewhere') {
    ctx.out.text(
      `${singleLine(name, 80)} has a package record in ${lmo.target.label} (${record?.id}), but it was registered from org ${record?.developerOrgId ?? '(none)'}, not from ${inventory.owner.label}.`,
    );
    return EXIT.findings;
  }
  ctx.out.text(
    `${singleLine(name, 80)} is linked to ${lmo.target.label}: package record ${record?.id}${outcome.value.state === 'unverified' ? ` (developer org ${record?.developerOrgId ?? 'unknown'})` : ''}, ${versions} arrived.`,
  );
  return EXIT.ok;
}
