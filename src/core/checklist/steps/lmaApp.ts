import { assessLmaCurrency, describeBaseline } from '../../lmaCurrency';
import { type ChecklistInput, failureFinding } from '../input';
import { LICENSE_OBJECT } from '../signals';
import { type Evidence, type Finding, type SetupStep, worstVerdict } from '../verdicts';

export const LMA_GUIDE = 'https://developer.salesforce.com/docs/platform/pkg2-dev/guide/lma-setup.md';

/** Whether the LMA is installed: its objects exist (a failed read of them says "not installed"), or Tooling lists sfLma. */
export function lmaInstalled({ signals }: ChecklistInput): boolean | undefined {
  if (signals.license.ok || signals.packages.ok) return true;
  if (!signals.license.ok && signals.license.failure.kind === 'notInstalled') return false;
  if (signals.installed.ok) return signals.installed.value.some((p) => p.namespace === 'sfLma');
  return undefined;
}

/** Step 2: the LMA installed, current against the baseline, and usable by the running user. */
export function lmaAppStep(input: ChecklistInput): SetupStep {
  const { signals, baseline } = input;
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  const installedNow = lmaInstalled(input);
  if (installedNow === false) {
    findings.push({
      level: 'missing',
      text: 'The License Management App is not installed in this org. It comes with your Partner Business Org; if it is missing, ask Salesforce Partner Support.',
    });
    return {
      id: 'lmaApp',
      number: 2,
      title: 'The License Management App',
      verdict: 'missing',
      summary: 'The LMA is not installed.',
      findings,
      evidence,
      action: { kind: 'openUrl', label: 'How to get the LMA', target: LMA_GUIDE },
    };
  }
  // Version against the baseline.
  const lma = signals.installed.ok ? signals.installed.value.find((p) => p.namespace === 'sfLma') : undefined;
  let behind = false;
  if (!signals.installed.ok) findings.push(failureFinding(signals.installed, 'The installed LMA version'));
  else if (lma) {
    evidence.push({ label: 'Installed LMA', detail: `${lma.name} ${lma.version}`, source: signals.installed.source });
    if (!baseline) findings.push({ level: 'unverifiable', text: `LMA ${lma.version} is installed; no baseline to compare it with.` });
    else {
      const currency = assessLmaCurrency(lma.version, baseline);
      const against = describeBaseline(baseline);
      if (currency.kind === 'behind') {
        behind = true;
        findings.push({
          level: 'attention',
          text: `LMA ${lma.version} is behind the newest release known, ${against}. Salesforce updates the LMA periodically: upgrade it.`,
        });
      } else if (currency.kind === 'current') findings.push({ level: 'done', text: `LMA ${lma.version} is current. The newest release known is ${against}.` });
      else findings.push({ level: 'unverifiable', text: `LMA ${lma.version}: ${currency.kind === 'unknown' ? currency.reason : 'not comparable'}.` });
    }
  }
  // The running user's access.
  const license = signals.license;
  if (!license.ok) findings.push(failureFinding(license, 'License access'));
  else {
    evidence.push({
      label: 'License object',
      detail: `you can ${license.value.readable ? 'read' : 'not read'} and ${license.value.editable ? 'edit' : 'not edit'} licenses`,
      source: license.source,
    });
    if (!license.value.readable)
      findings.push({ level: 'missing', text: 'You cannot read licenses: ask your admin for Read on License, Package and Package Version.' });
    else if (!license.value.editable)
      findings.push({
        level: 'attention',
        text: 'You can read licenses but not edit them: Modify License needs Edit on License. Ask your admin for a permission set that grants it.',
      });
    else findings.push({ level: 'done', text: 'You can read and edit licenses.' });
  }
  if (!signals.packages.ok && signals.packages.failure.kind === 'noAccess')
    findings.push({ level: 'missing', text: 'You cannot read packages: ask your admin for Read on Package and Package Version.' });
  const access = signals.objectAccess;
  if (access.ok) {
    for (const a of access.value) {
      evidence.push({
        label: `Object permissions: ${a.sobject}`,
        detail: a.read ? `read${a.edit ? ' and edit' : ''}, granted by ${a.grantedBy.join(', ') || 'a permission set'}` : 'no access',
        source: access.source,
      });
    }
    const packageVersion = access.value.find((a) => a.sobject === 'sfLma__Package_Version__c');
    if (packageVersion && !packageVersion.read)
      findings.push({ level: 'missing', text: 'You cannot read package versions: ask your admin for Read on Package Version.' });
    if (!access.value.some((a) => a.sobject === LICENSE_OBJECT && a.read) && license.ok && license.value.readable)
      findings.push({ level: 'info', text: 'License access comes from somewhere the permission sets do not show (View All Data, perhaps).' });
  } else findings.push({ level: 'info', text: 'Which permission sets grant this cannot be listed: that needs View Setup and Configuration.' });
  const verdict = worstVerdict(findings);
  return {
    id: 'lmaApp',
    number: 2,
    title: 'The License Management App',
    verdict,
    summary:
      verdict === 'done'
        ? 'Installed, current, and you can work with licenses.'
        : behind
          ? 'Installed, but behind the latest known release.'
          : 'Installed; see below.',
    findings,
    evidence,
    action: behind
      ? { kind: 'checkLmaVersion', label: 'Check LMA Version' }
      : { kind: 'openInOrg', label: 'Open Installed Packages', target: '/lightning/setup/ImportedPackage/home' },
  };
}
