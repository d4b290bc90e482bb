import { type ChecklistInput, failureFinding, plural } from '../input';
import { PBO_NAMESPACES } from '../signals';
import { type Evidence, type Finding, type SetupStep, worstVerdict } from '../verdicts';

/** Where Salesforce lists the editions the LMA is available in (docs/salesforce/setup-checklist.md). */
export const LMA_EDITIONS_GUIDE = 'https://developer.salesforce.com/docs/platform/pkg2-dev/guide/lma-setup.md';
/**
 * `Organization.OrganizationType` values of the editions an LMO can be: Enterprise, Performance,
 * Unlimited, and the Partner Business Org. The object reference documents "Enterprise Edition"
 * and "Unlimited Edition"; what a Performance Edition org or a PBO reports is unconfirmed, so
 * their names are accepted too, and an org carrying the PBO's packages is never questioned.
 */
export const LMO_EDITIONS = ['Enterprise Edition', 'Unlimited Edition', 'Performance Edition', 'Partner Business Org'] as const;
const isLmoEdition = (edition: string) => (LMO_EDITIONS as readonly string[]).some((e) => e.toLowerCase() === edition.trim().toLowerCase());

export const PERMANENCE = 'Linking a package makes this org its LMO for good: the package’s licenses and leads stay here and cannot be moved to another org.';

/** Step 1: the connected org is (or can be) the LMO: production, normally the Partner Business Org. */
export function lmoStep({ signals }: ChecklistInput): SetupStep {
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  const { org, installed, packages } = signals;
  let notAnLmo = false;
  if (!org.ok) findings.push(failureFinding(org, 'The organization’s facts'));
  else {
    const o = org.value;
    const kind = o.isScratch ? 'scratch org' : o.isSandbox ? 'sandbox' : 'production org';
    evidence.push({
      label: 'Organization',
      detail: `${o.name} — ${o.edition}, ${kind}, instance ${o.instance || 'unknown'}`,
      source: org.source,
      recordId: o.id,
    });
    if (o.isSandbox) {
      notAnLmo = true;
      findings.push({
        level: 'missing',
        text: `This is a ${kind}, not an LMO. The LMO is a production org (normally your Partner Business Org); connect to that one.`,
      });
    }
  }
  const pbo = installed.ok ? PBO_NAMESPACES.filter((ns) => installed.value.some((p) => p.namespace.toLowerCase() === ns.toLowerCase())) : [];
  const isPbo = pbo.length >= 3;
  if (installed.ok) {
    evidence.push({
      label: 'Installed packages',
      detail: pbo.length
        ? `Partner Business Org packages: ${pbo.join(', ')} (${pbo.length} of ${PBO_NAMESPACES.length})`
        : 'none of the Partner Business Org packages',
      source: installed.source,
    });
  }
  const linked = packages.ok ? packages.value.length : undefined;
  let wrongEdition = false;
  if (!notAnLmo && org.ok && org.value.edition && !isLmoEdition(org.value.edition) && !isPbo) {
    wrongEdition = true;
    findings.push({
      level: 'attention',
      text: `This org is ${org.value.edition}. The LMA is available in Enterprise, Performance and Unlimited Editions (normally your Partner Business Org): make sure this is the org you mean as your LMO before linking a package to it.`,
    });
  }
  if (!notAnLmo && org.ok) {
    if (linked) findings.push({ level: 'done', text: `This org is the LMO for ${plural(linked, 'linked package')}.` });
    else if (isPbo) findings.push({ level: 'done', text: 'This is a Partner Business Org, the usual LMO. No package is linked to it yet.' });
    else if (linked === 0)
      findings.push({
        level: 'attention',
        text: 'No package is linked here and this does not look like a Partner Business Org. Make sure it is the org you mean before linking anything.',
      });
  }
  findings.push({ level: 'info', text: PERMANENCE });
  const verdict = worstVerdict(findings);
  return {
    id: 'lmo',
    number: 1,
    title: 'The License Management Org',
    verdict,
    summary:
      verdict === 'done'
        ? isPbo
          ? 'A production Partner Business Org.'
          : 'A production org holding your licenses.'
        : verdict === 'missing'
          ? 'The connected org cannot be an LMO.'
          : verdict === 'attention'
            ? wrongEdition
              ? 'Not an edition the LMA is documented for.'
              : 'Check this is the org you mean to use as your LMO.'
            : 'The organization could not be read.',
    findings,
    evidence,
    action: notAnLmo
      ? { kind: 'connect', label: 'Connect to your LMO…' }
      : wrongEdition
        ? { kind: 'openUrl', label: 'Which editions can be an LMO', target: LMA_EDITIONS_GUIDE }
        : { kind: 'openInOrg', label: 'Open Company Information', target: '/lightning/setup/CompanyProfileInfo/home' },
  };
}
