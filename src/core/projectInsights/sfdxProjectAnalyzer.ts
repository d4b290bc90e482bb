/**
 * The install base, inline in sfdx-project.json, as findings: a lens per package (live
 * subscribers, share on the latest version), a hover per version alias, a warning on versions
 * that still hold too many live licenses, and a note on packages the LMO does not know.
 * Pure: the editor's providers and the command line use the same findings.
 */
import { singleLine } from '../displayText';
import { type LinkReport, type PackageLink } from '../linking/linkState';
import { type AdoptionData, type MatchedVersion, matchProject } from '../projectMatch';
import { parseSfdxProject } from '../sfdxProject';
import { percent, staleVersions } from '../versionAdoption';
import { type DiagnosticFinding, type Findings, type HoverFinding, type LensFinding, NO_FINDINGS } from './findings';

export const STALE_VERSION = 'lma-stale-version';
export const NOT_LINKED = 'lma-not-linked';
export const LINKED_ELSEWHERE = 'lma-linked-elsewhere';
/**
 * The command a "not linked" quick fix runs when the link was verified through the Dev Hub:
 * the editor's Link Package command, given `{ subscriberPackageId, name }`.
 */
export const LINK_PACKAGE_COMMAND = 'lma.linkPackage';
export const LINKING_HELP = 'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/lma_associate_package.htm';

export interface SfdxProjectOptions {
  /** Warn when an older released version holds more than this share of live licenses. */
  readonly oldVersionShare: number;
  /** The LMO's name, for messages. */
  readonly orgLabel: string;
  /**
   * Link states verified through the Dev Hub (core/linking): the "not linked" note becomes exact
   * (by 033 id and developer org, not by name) and offers to link the package.
   */
  readonly links?: LinkReport;
}

const linkOf = (links: LinkReport | undefined, name: string): PackageLink | undefined =>
  links?.packages.find((l) => l.projectName !== undefined && l.projectName.trim().toLowerCase() === name.trim().toLowerCase());

const count = (n: number) => n.toLocaleString('en-US');

export function analyzeSfdxProject(text: string, data: AdoptionData | undefined, options: SfdxProjectOptions): Findings {
  const parsed = parseSfdxProject(text);
  if (!parsed.ok) return { ...NO_FINDINGS, problem: `not valid JSON (${parsed.error})` };
  if (!data) return NO_FINDINGS;
  const match = matchProject(parsed.project, data);
  const diagnostics: DiagnosticFinding[] = [];
  const lenses: LensFinding[] = [];
  const hovers: HoverFinding[] = [];

  for (const v of match.versions) {
    hovers.push(versionHover(v, options));
    if (!v.adoption || !v.packageAdoption) continue;
    const stale = staleVersions(v.packageAdoption, options.oldVersionShare).find((s) => s.version.id === v.adoption?.version.id);
    if (!stale) continue;
    diagnostics.push({
      code: STALE_VERSION,
      severity: 'warning',
      span: v.entry.keySpan,
      message: `${percent(stale.share)} of ${singleLine(v.packageAdoption.pkg.name)}'s live licenses (${count(stale.live)}) are still on ${stale.version.versionNumber}; the latest released version is ${stale.latest.versionNumber}. They are push-upgrade candidates.`,
      fixes: [
        {
          title: `Show the ${count(stale.live)} live licenses on ${stale.version.versionNumber} in the Install Base view`,
          action: { kind: 'revealPackage', packageId: v.packageAdoption.pkg.id, versionId: stale.version.id, liveOnly: true },
          preferred: true,
        },
      ],
    });
  }

  for (const p of match.packages) {
    const link = linkOf(options.links, p.entry.name);
    if (link) {
      const verified = verifiedLinkFinding(link, p.entry.span, options);
      if (verified) diagnostics.push(verified);
      // Linked (or matched by id): no note by name, whatever the LMO calls the package.
      if (!p.adoption) continue;
    } else if (!p.adoption) {
      diagnostics.push({
        code: NOT_LINKED,
        severity: 'information',
        span: p.entry.span,
        message: `${singleLine(p.entry.name)} is not linked to the LMA in ${options.orgLabel}: no Package record, so no License records for its installs.`,
        fixes: [{ title: 'Link a package to the LMA (Partner Console help)…', action: { kind: 'openUrl', url: LINKING_HELP } }],
        helpUrl: LINKING_HELP,
      });
      continue;
    }
    const a = p.adoption;
    const share =
      a.shareOnLatest === undefined
        ? 'no live licenses yet'
        : `${percent(a.shareOnLatest)} on the latest version ${singleLine(a.latest?.versionNumber ?? '', 40)}`;
    lenses.push({
      span: p.entry.span,
      // A lens title renders $(icon) syntax: org text in it must not.
      title: noIconSyntax(`${count(a.live)} live ${a.live === 1 ? 'subscriber' : 'subscribers'} · ${share}`),
      tooltip: `Live licenses (Active or Trial, not expired), sandboxes excluded, in ${options.orgLabel}. Click to show the package in the Install Base view.`,
      action: { kind: 'revealPackage', packageId: a.pkg.id, versionId: a.latest?.id },
    });
  }
  return { diagnostics, lenses, hovers };
}

/** Who verified a link state, in the words the setup checklist uses too (one source of truth: the link report). */
function verifiedBy(options: SfdxProjectOptions): string {
  return options.links?.sameOrg
    ? `Verified by package id in ${options.orgLabel}, which owns the package (it is LMO and Dev Hub).`
    : 'Verified by package id in the Dev Hub that owns the package.';
}

/** The note for a package whose link the Dev Hub verified: not linked (with the fix), or linked from another org. */
function verifiedLinkFinding(link: PackageLink, span: DiagnosticFinding['span'], options: SfdxProjectOptions): DiagnosticFinding | undefined {
  const name = singleLine(link.projectName ?? link.name);
  if (link.linkable && link.state === 'notLinked' && link.subscriberPackageId) {
    return {
      code: NOT_LINKED,
      severity: 'warning',
      span,
      message: `${name} (${link.subscriberPackageId}) is not linked to the LMA in ${options.orgLabel}: the LMO has no Package record for it, so its installs create no License. ${verifiedBy(options)}`,
      fixes: [
        {
          title: 'Link this package…',
          action: { kind: 'command', id: LINK_PACKAGE_COMMAND, args: [{ subscriberPackageId: link.subscriberPackageId, name: link.name }] },
          preferred: true,
        },
        { title: 'Link a package to the LMA (Partner Console help)…', action: { kind: 'openUrl', url: LINKING_HELP } },
      ],
      helpUrl: LINKING_HELP,
    };
  }
  if (link.state === 'linkedElsewhere') {
    return {
      code: LINKED_ELSEWHERE,
      severity: 'warning',
      span,
      message: `${name}: the LMO's Package record (${options.orgLabel}) was registered from org ${link.lmoPackage?.developerOrgId ?? '(none)'}, not from the Dev Hub that owns the package.`,
      fixes: [{ title: 'Link a package to the LMA (Partner Console help)…', action: { kind: 'openUrl', url: LINKING_HELP } }],
      helpUrl: LINKING_HELP,
    };
  }
  return undefined;
}

function versionHover(v: MatchedVersion, options: SfdxProjectOptions): HoverFinding {
  const spans = [v.entry.keySpan, v.entry.valueSpan];
  if (!v.adoption || !v.packageAdoption) {
    return { spans, title: v.entry.versionId, lines: [`${v.entry.versionId} is not a package version the LMO (${options.orgLabel}) knows.`] };
  }
  const version = v.adoption.version;
  const latest = v.packageAdoption.latest;
  const mark = version.isBeta ? ' (beta)' : latest?.id === version.id ? ' (latest released)' : '';
  const share = v.packageAdoption.live > 0 ? ` (${percent(v.adoption.live / v.packageAdoption.live)} of the package)` : '';
  return {
    spans,
    title: `${singleLine(v.packageAdoption.pkg.name)} ${singleLine(version.versionNumber, 40)}${mark}`,
    lines: [
      `Released: ${version.releaseDate ?? 'unknown'}`,
      `Live licenses: ${count(v.adoption.live)}${share}`,
      `Seats: ${count(v.adoption.seats)} (per-seat licenses; site licenses not summed)`,
      `Version ID: ${version.versionId ?? v.entry.versionId}`,
      'Sandboxes excluded.',
    ],
  };
}

/** A lens or message title must not render `$(icon)` syntax taken from org text. */
export function noIconSyntax(text: string): string {
  return text.replace(/\$\(/g, '$\u200B(');
}
