/**
 * `packages`: every package the Dev Hub owns or the project names, linked to the LMO or not
 * (verified by package id and developer org), with the released versions the LMO lacks.
 *   packages                     the report; exit 1 when a package is not linked
 *   packages wait-link           wait until a package is linked (after registering it in the Partner Console)
 *   packages push-command        the org file and, by generation, the `sf package push-upgrade schedule` command (2GP, beta) or the packaging org's steps (1GP)
 *   packages push-status         the push requests' status, errors grouped, the orgs to push again (read-only)
 */
import { LINK_STATE_LABELS, type LinkReport, MISSING_VERSIONS_NOTE, type PackageLink, packagesNeedingLinks } from '../../core/linking/linkState';
import { singleLine } from '../../core/displayText';
import type { LinkInventory } from '../../data/devHub/linkInventory';
import { usageError } from '../../data/org/errors';
import type { OrgClient } from '../../data/org/orgClient';
import { EXIT } from '../output';
import { type CliCommand, type CommandContext } from '../session';
import { linkContext } from './packagesContext';
import { pushCommand } from './packagesPush';
import { pushStatus } from './packagesPushStatus';
import { waitLink } from './packagesWait';

const MARK: Record<PackageLink['state'], string> = { linked: '✔', linkedElsewhere: '!', notLinked: '✖', unverified: '?' };

function ownerLine(inventory: LinkInventory, lmo: OrgClient): string {
  const lmoText = `${lmo.target.label}${inventory.lmo.orgId ? ` (org ${inventory.lmo.orgId})` : ''}`;
  const owner = inventory.owner;
  if (!owner.ok)
    return `Packages of the project, matched in ${lmoText} by name only: ${owner.triedLmo ? `${lmo.target.label} is not a Dev Hub either; pass --target-dev-hub <alias>` : owner.error.message}`;
  if (owner.sameOrg) return `Packages of ${lmoText}, which is both the LMO and the Dev Hub that owns them`;
  return `Packages of ${owner.label}${owner.org.orgId ? ` (org ${owner.org.orgId})` : ''}, linked to the LMO ${lmoText}`;
}

export function reportText(report: LinkReport, inventory: LinkInventory, lmo: OrgClient): string {
  const lines = [ownerLine(inventory, lmo), ''];
  for (const p of report.packages) {
    const ids = [p.package2Id, p.subscriberPackageId].filter(Boolean).join(', ');
    const where = [p.ownedByDevHub ? undefined : 'in sfdx-project.json', ids].filter(Boolean).join('; ');
    lines.push(`${MARK[p.state]} ${singleLine(p.name, 80)}${where ? ` (${where})` : ''}: ${LINK_STATE_LABELS[p.state]}`);
    lines.push(`    ${p.reason}`);
    if (p.state !== 'notLinked' && p.releasedVersions.length) {
      lines.push(
        p.missingVersions.length
          ? `    ! ${p.missingVersions.length} of ${p.releasedVersions.length} released versions not in the LMO yet: ${p.missingVersions.map((v) => v.versionNumber).join(', ')}. ${MISSING_VERSIONS_NOTE}`
          : `    All ${p.releasedVersions.length} released versions are in the LMO.`,
      );
    }
    if (p.linkable && p.state === 'notLinked' && p.subscriberPackageId)
      lines.push(`    → Register it in the Partner Console, then: lma-workbench packages wait-link --package ${p.subscriberPackageId}`);
  }
  if (!report.packages.length) lines.push('No packages: the Dev Hub owns none and the project names none.');
  return lines.join('\n');
}

export function reportJson(report: LinkReport, inventory: LinkInventory, lmo: OrgClient) {
  const owner = inventory.owner;
  return {
    lmo: { label: lmo.target.label, orgId: inventory.lmo.orgId },
    owner: owner.ok ? { label: owner.label, orgId: owner.org.orgId, sameOrg: owner.sameOrg } : { label: owner.label, error: owner.error.message },
    apiCalls: inventory.apiCalls,
    needsLinking: packagesNeedingLinks(report).map((p) => p.name),
    packages: report.packages.map((p) => ({
      name: p.name,
      state: p.state,
      reason: p.reason,
      linkable: p.linkable,
      generation: p.generation,
      package2Id: p.package2Id,
      subscriberPackageId: p.subscriberPackageId,
      ownedByDevHub: p.ownedByDevHub,
      inProject: p.inProject,
      lmoPackageId: p.lmoPackage?.id,
      developerOrgId: p.lmoPackage?.developerOrgId,
      releasedVersions: p.releasedVersions.map((v) => v.versionNumber),
      missingVersions: p.missingVersions.map((v) => ({ versionNumber: v.versionNumber, subscriberPackageVersionId: v.subscriberPackageVersionId })),
    })),
  };
}

async function list(ctx: CommandContext): Promise<number> {
  const { project, lmo, devHub, inventory, report } = await linkContext(ctx);
  const hint = 'Pass --target-dev-hub <alias> (the Dev Hub or packaging org that owns your packages), or run in a Salesforce DX project.';
  if (!project && !inventory.owner.ok) throw usageError(`${inventory.owner.error.message} ${hint}`);
  // The LMO tried as its own Dev Hub and owning nothing: the packages are elsewhere.
  if (!project && !devHub && inventory.owner.ok && inventory.owner.org.packages.length === 0)
    throw usageError(`${lmo.target.label} owns no packages, so there is nothing to check. ${hint}`);
  const failing = packagesNeedingLinks(report);
  ctx.out.data(reportJson(report, inventory, lmo));
  ctx.out.text(reportText(report, inventory, lmo));
  if (failing.length)
    ctx.out.note(
      `${failing.length} package${failing.length === 1 ? '' : 's'} not linked to this LMO: ${failing.map((p) => singleLine(p.name, 60)).join(', ')}.`,
    );
  return failing.length ? EXIT.findings : EXIT.ok;
}

export const packagesCommand: CliCommand = {
  name: 'packages',
  summary: 'Packages linked to the LMA or not (verified through the Dev Hub), missing versions; wait for a link; the push-upgrade hand-off and its status',
  usage: `Usage: lma-workbench packages [--target-dev-hub <alias>] [--project <dir>] [org options]
       lma-workbench packages wait-link --package <0Ho…|033…|name> [--wait <minutes>] [--interval <seconds>] [--target-dev-hub <alias>] [org options]
       lma-workbench packages push-command --version <04t…> [--org-file <file>] [--start-time <UTC date-time>] [--exclude-sandboxes]
                                           [--shell posix|powershell] [--target-dev-hub <alias>] [org options]
       lma-workbench packages push-status [--package <033…|0Ho…|name>] [--request <0DV…> [--retry-file <path>]]
                                          [--follow [--interval <seconds>]] [--target-dev-hub <alias>] [org options]

  --target-dev-hub <alias>  The Dev Hub (2GP) or packaging org (1GP) that owns the packages (default: the project's
                            target-dev-hub; else the LMO itself, which a Partner Business Org usually is)
  --project <dir>           The Salesforce DX project whose packages to include (default: the current folder, if it is one)

packages: every package the Dev Hub owns or the project names — linked (the LMO's package record has its 033 id and the
  Dev Hub as developer org), linked from another org, or not linked — and released versions the LMO has no record of yet.
  Exit code 1 when a package is not linked (or linked from another org).

wait-link: after you registered the package in the Partner Console, checks the LMO until its package record arrives:
  at once, then after --interval seconds (default 15), doubling up to 5 minutes between checks, one API call each.
  --wait <minutes>  Give up after this long (1 to 1,440; default 240). Exit 0 when linked, 1 otherwise.

push-command: writes the org file of the orgs on older versions of the version's package (from the LMO's licenses; with
  the Dev Hub, only orgs it sees installed and active) and hands off the push by the package's generation. It never pushes.
  Second-generation (a Package2 of the Dev Hub, or a 0Ho alias in sfdx-project.json): the sf package push-upgrade
  schedule command (a beta of the Salesforce CLI; it needs the Dev Hub). First-generation (a MetadataPackage of the
  packaging org, or a linked package that is not a Package2 of your Dev Hub): no sf command — the CLI does not push 1GP —
  but the steps for the packaging org's Push Upgrades page and the PackagePushRequest API. Exit 0 with either hand-off;
  exit 1, with the org file and no command, when the generation cannot be known (no Dev Hub to tell: pass --target-dev-hub).
  --org-file <file>       Where to write the org ids (default: push-upgrade-<version>-<04t>.csv here); overwritten
  --start-time <UTC>      When Salesforce may start, e.g. 2026-04-01T21:00:00 (default: as soon as possible)
  --exclude-sandboxes     Leave sandbox orgs out
  --shell <posix|powershell>  Quote the command for this shell (default: powershell on Windows, else posix)

push-status: the push upgrades of the owning org's packages (the Dev Hub for 2GP and unlocked, the packaging org for 1GP),
  read-only: each request's status, its jobs by status, its errors grouped by type and title with the subscribers' names
  from the LMO, and the orgs to push again (failed or never started, minus orgs the LMO shows on the version already).
  Exit 1 while any job failed, 0 when none did. API calls: 2 for the requests, plus 1 per page of errors and of jobs of
  the requests that have failures, plus the LMO's licenses of those packages (1 per 2,000).
  --package <033…|0Ho…|name>  Only this package's requests (default: every package of the owning org; the newest 150)
  --request <0DV…>        Only this request
  --retry-file <path>     With --request: write the orgs to push again, one 15-character org id per line (the file
                          sf package push-upgrade schedule --org-file reads); overwritten; not written when there are none
  --follow                Check again until every request shown has ended (Succeeded, Failed, Canceled); Ctrl-C stops
  --interval <seconds>    Between checks with --follow (5 to 3,600; default 30); 2 API calls a check`,
  allowPositionals: true,
  options: {
    'target-dev-hub': { type: 'string' },
    project: { type: 'string' },
    package: { type: 'string' },
    wait: { type: 'string' },
    interval: { type: 'string' },
    request: { type: 'string' },
    'retry-file': { type: 'string' },
    follow: { type: 'boolean', default: false },
    version: { type: 'string' },
    'org-file': { type: 'string' },
    'start-time': { type: 'string' },
    'exclude-sandboxes': { type: 'boolean', default: false },
    shell: { type: 'string' },
  },
  async run(ctx) {
    const [sub, ...extra] = ctx.positionals;
    if (extra.length) throw usageError(`Unexpected argument: ${extra[0]}\n\n${packagesCommand.usage}`);
    const only = (allowed: readonly string[], name: string) => {
      const stray = ['package', 'wait', 'interval', 'version', 'org-file', 'start-time', 'shell', 'request', 'retry-file', 'follow'].find(
        (o) => !allowed.includes(o) && ctx.args[o] !== undefined && ctx.args[o] !== false,
      );
      if (stray) throw usageError(`--${stray} belongs to another subcommand than ${name}.\n\n${packagesCommand.usage}`);
    };
    switch (sub) {
      case undefined:
        only([], 'packages');
        return list(ctx);
      case 'wait-link':
        only(['package', 'wait', 'interval'], 'wait-link');
        return waitLink(ctx);
      case 'push-command':
        only(['version', 'org-file', 'start-time', 'shell'], 'push-command');
        return pushCommand(ctx);
      case 'push-status':
        only(['package', 'request', 'retry-file', 'follow', 'interval'], 'push-status');
        return pushStatus(ctx);
      default:
        throw usageError(`Unknown subcommand "${sub}": packages, packages wait-link, packages push-command, packages push-status.\n\n${packagesCommand.usage}`);
    }
  },
};
