import { type ChecklistInput, failureFinding, plural } from '../input';
import { type Evidence, type Finding, type SetupAction, type SetupStep, worstVerdict } from '../verdicts';

export const LINKING_GUIDE = 'https://developer.salesforce.com/docs/atlas.en-us.packagingGuide.meta/packagingGuide/appexchange_publish_manage.htm';

const key = (text: string) => text.trim().toLowerCase();
const id15 = (id: string | undefined) => (id ? id.slice(0, 15) : '');

/** Step 3: every package linked, each with an active lead manager and its versions; the workspace's packages among them. */
export function packagesStep({ signals, projectPackages, linking }: ChecklistInput): SetupStep {
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  let action: SetupAction | undefined = { kind: 'openInOrg', label: 'Open Packages', target: '/lightning/o/sfLma__Package__c/list' };
  let brokenAction: SetupAction | undefined;
  const { packages } = signals;
  if (!packages.ok) {
    findings.push(failureFinding(packages, 'The linked packages'));
  } else if (packages.value.length === 0) {
    findings.push({ level: 'missing', text: 'No package is linked to this LMO: Salesforce creates no license until you link one in the Partner Console.' });
    action = { kind: 'openUrl', label: 'How to link a package', target: LINKING_GUIDE };
  } else {
    evidence.push({ label: 'Linked packages', detail: plural(packages.value.length, 'package'), source: packages.source });
    for (const p of packages.value) {
      const manager = p.leadManager;
      evidence.push({
        label: p.name,
        detail: [
          `package ${p.packageId || 'id unknown'}`,
          manager ? `lead manager ${manager.name}${manager.active ? '' : ' (inactive)'}` : 'no lead manager (the license manager gets the leads)',
          p.versionCount === undefined ? 'versions unknown' : plural(p.versionCount, 'version'),
        ].join(' · '),
        source: packages.source,
        recordId: p.id,
      });
      if (manager && !manager.active) {
        findings.push({
          level: 'broken',
          text: `${p.name}: its lead manager, ${manager.name}, is an inactive user. New installs create no lead and no license until you choose an active lead manager on the package record.`,
        });
        brokenAction ??= packageAction(p.id, p.name);
      }
      if (p.versionCount === 0)
        findings.push({ level: 'attention', text: `${p.name}: no version records yet. They appear after the first install of each version.` });
    }
    if (!findings.some((f) => f.level !== 'info'))
      findings.push({ level: 'done', text: `${plural(packages.value.length, 'package')} linked, each with an active lead manager.` });
  }
  if (linking && packages.ok) {
    // Verified through the owning org: every package it owns or the project names, by id and developer org.
    findings.push(...linking.findings.filter((f) => f.level !== 'done'));
    evidence.push(...linking.evidence);
    if (linking.action && linking.verdict !== 'done') action = linking.action;
  } else if (projectPackages && packages.ok) {
    for (const wanted of projectPackages) {
      const found = packages.value.find(
        (p) =>
          (wanted.subscriberPackageId && id15(p.packageId) === id15(wanted.subscriberPackageId)) ||
          (!wanted.subscriberPackageId && key(p.name) === key(wanted.name)),
      );
      if (!found) {
        findings.push({
          level: 'attention',
          text: `${wanted.name} (in sfdx-project.json) is not linked to this LMO: link it in the Partner Console before customers install it, or their installs create no license.`,
        });
        action = { kind: 'openUrl', label: 'How to link a package', target: LINKING_GUIDE };
      }
    }
    if (projectPackages.length && !projectPackages.some((p) => p.subscriberPackageId))
      findings.push({ level: 'info', text: 'The workspace’s packages are matched by name; connect a Dev Hub to match them by package id.' });
  }
  const verdict = worstVerdict(findings);
  if (brokenAction) action = brokenAction;
  return {
    id: 'packages',
    number: 3,
    title: 'Packages linked to the LMA',
    verdict,
    summary:
      verdict === 'done'
        ? 'Every package is linked and creates licenses.'
        : verdict === 'broken'
          ? 'A linked package is not creating licenses.'
          : verdict === 'missing'
            ? 'No package is linked yet.'
            : verdict === 'attention'
              ? 'Linked, with something to check.'
              : 'The linked packages could not be read.',
    findings,
    evidence,
    action,
  };
}

function packageAction(id: string, name: string): SetupAction {
  return { kind: 'openInOrg', label: `Open ${name}`, target: `/lightning/r/sfLma__Package__c/${id}/view` };
}
