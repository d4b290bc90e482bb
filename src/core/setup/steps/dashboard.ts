import { type ChecklistInput, failureFinding, plural } from '../input';
import { type Finding, type SetupStep, worstVerdict } from '../verdicts';

/** Step 5: the install-base dashboard has data for this LMO, with today's headline numbers. */
export function dashboardStep({ signals }: ChecklistInput): SetupStep {
  const findings: Finding[] = [];
  const reading = signals.licensesByStatus;
  let summary = 'The dashboard could not be loaded.';
  if (!reading.ok) findings.push(failureFinding(reading, 'The license counts'));
  else {
    const count = (status: string) => reading.value.find((s) => s.status === status);
    const total = reading.value.reduce((n, s) => n + s.licenses, 0);
    if (total === 0) {
      findings.push({ level: 'attention', text: 'No production licenses yet: the dashboard fills in with the first customer install.' });
      summary = 'Ready, with nothing to show yet.';
    } else {
      const active = count('Active');
      const trial = count('Trial');
      summary = `${plural(active?.licenses ?? 0, 'active license')} in ${plural(active?.orgs ?? 0, 'org')}, ${plural(trial?.licenses ?? 0, 'trial')} in ${plural(trial?.orgs ?? 0, 'org')} (production).`;
      findings.push({ level: 'done', text: `The dashboard reads ${plural(total, 'production license')} from this LMO.` });
    }
  }
  return {
    id: 'dashboard',
    number: 5,
    title: 'The install-base dashboard',
    verdict: worstVerdict(findings),
    summary,
    findings,
    evidence: [
      {
        label: 'Licenses by status',
        detail: reading.ok ? reading.value.map((s) => `${s.status || '(none)'} ${s.licenses.toLocaleString('en-US')}`).join(', ') || 'none' : 'not read',
        source: reading.source,
      },
    ],
    action: { kind: 'openDashboard', label: 'Open the Dashboard' },
  };
}
