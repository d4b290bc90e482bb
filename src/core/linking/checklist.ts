/**
 * The link report as the setup checklist's step 3 sees it: packages the Dev Hub owns (or the
 * workspace names) that are not linked, or linked from another org, and released versions the
 * LMO has not recorded yet (a note: they appear after the first install).
 */
import { singleLine } from '../displayText';
import { type StepContribution, plural } from '../checklist/input';
import { PARTNER_CONSOLE } from '../checklist/steps/provisioning';
import { type Evidence, type Finding, worstVerdict } from '../checklist/verdicts';
import { LINK_STATE_LABELS, type LinkReport, MISSING_VERSIONS_NOTE } from './linkState';

export function linkingContribution(report: LinkReport, ownerLabel: string): StepContribution {
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  const source = 'Package2 / MetadataPackage (owning org) × sfLma__Package__c (LMO)';
  for (const p of report.packages) {
    if (!p.linkable) continue;
    const name = singleLine(p.name, 80);
    evidence.push({
      label: name,
      detail: `${LINK_STATE_LABELS[p.state]} · ${p.subscriberPackageId ?? 'package id unknown'}`,
      source,
      recordId: p.lmoPackage?.id,
    });
    if (p.state === 'notLinked')
      findings.push({
        level: 'attention',
        text: `${name} is not linked to this LMO: link it in the Partner Console before customers install it, or their installs create no license.`,
      });
    else if (p.state === 'linkedElsewhere')
      findings.push({
        level: 'attention',
        text: `${name}: the LMO's package record was registered from org ${p.lmoPackage?.developerOrgId ?? '(none)'}, not from ${singleLine(ownerLabel, 60)}, which owns the package.`,
      });
    if (p.state !== 'notLinked' && p.missingVersions.length)
      findings.push({
        level: 'info',
        text: `${name}: ${plural(p.missingVersions.length, 'released version')} not in the LMO yet (${p.missingVersions.map((v) => v.versionNumber).join(', ')}). ${MISSING_VERSIONS_NOTE}`,
      });
  }
  if (!findings.some((f) => f.level !== 'info') && evidence.length)
    findings.push({ level: 'done', text: `Every package ${singleLine(ownerLabel, 60)} owns is linked to this LMO, verified by package id and developer org.` });
  const verdict = worstVerdict(findings);
  return {
    verdict,
    findings,
    evidence,
    action: verdict === 'done' ? undefined : { kind: 'openUrl', label: 'Open the Partner Console', target: PARTNER_CONSOLE },
  };
}
