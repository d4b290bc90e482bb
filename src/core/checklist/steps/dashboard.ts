import { type ChecklistInput, type StepContribution, failureFinding, plural } from '../input';
import { type Finding, type SetupStep, type Verdict, worstVerdict } from '../verdicts';

/** Where the LMO's own dashboards are listed, to check step 5 by hand. */
export const LMO_DASHBOARDS_PATH = '/lightning/o/Dashboard/home';

/**
 * Step 5: the install-base dashboard. The setup step is a dashboard built in the LMO and pinned
 * to the executives' Home page; nothing here verifies that yet, so the verdict is "cannot be
 * verified" with what to check by hand — never "done" because licenses exist
 * (docs/salesforce/setup-checklist.md). Today's license counts stay as information, to compare
 * with what that dashboard shows. Only a missing LMA (no objects to build a dashboard on) is
 * a verdict of its own.
 */
export function dashboardStep({ signals, lmoDashboard }: ChecklistInput): SetupStep {
  if (lmoDashboard) return verifiedStep(lmoDashboard);
  const findings: Finding[] = [];
  const reading = signals.licensesByStatus;
  if (!reading.ok) {
    if (reading.failure.kind === 'notInstalled') findings.push(failureFinding(reading, 'The install-base dashboard'));
    else findings.push({ level: 'info', text: `Today’s license counts could not be read: ${reading.failure.message}` });
  } else {
    const count = (status: string) => reading.value.find((s) => s.status === status);
    const total = reading.value.reduce((n, s) => n + s.licenses, 0);
    const active = count('Active');
    const trial = count('Trial');
    const numbers = `${plural(active?.licenses ?? 0, 'active license')} in ${plural(active?.orgs ?? 0, 'org')}, ${plural(trial?.licenses ?? 0, 'trial')} in ${plural(trial?.orgs ?? 0, 'org')} (production)`;
    findings.push({
      level: 'info',
      text: total
        ? `Today this LMO has ${plural(total, 'production license')}: ${numbers}. The dashboard should show the same.`
        : 'This LMO has no production licenses yet: the dashboard fills in with the first customer install.',
    });
  }
  const missing = worstVerdict(findings) === 'missing';
  if (!missing)
    findings.unshift({
      level: 'unverifiable',
      text: `Check by hand, in the LMO (Dashboards, ${LMO_DASHBOARDS_PATH}): a dashboard shows active subscribers, total seats, the renewal pipeline and churn, and it is pinned to your executives’ Home page. Verify the Dashboard in the LMO reads them and compares each report’s total with this product’s.`,
    });
  return {
    id: 'dashboard',
    number: 5,
    title: 'The install-base dashboard',
    verdict: worstVerdict(findings),
    summary: missing
      ? 'There is no LMA to build a dashboard on.'
      : 'Check by hand: a dashboard in the LMO with subscribers, seats, renewals and churn, pinned to the executives’ Home page.',
    findings,
    evidence: [
      {
        label: 'Licenses by status',
        detail: reading.ok ? reading.value.map((s) => `${s.status || '(none)'} ${s.licenses.toLocaleString('en-US')}`).join(', ') || 'none' : 'not read',
        source: reading.source,
      },
    ],
    // lmo-dashboard verify reads the LMO's dashboard, Home page and report totals.
    action: { kind: 'verifyLmoDashboard', label: 'Verify the Dashboard in the LMO' },
  };
}

/** Step 5 from the dashboard's verification (lmo-dashboard verify): the reports, the Home page and the numbers. */
function verifiedStep(c: StepContribution): SetupStep {
  const summaries: Record<Verdict, string> = {
    done: 'The dashboard is in the LMO, on the executives’ Home page, and its numbers equal this product’s.',
    attention: 'The dashboard is in the LMO, but it is not pinned or its numbers differ from this product’s.',
    missing: 'The executives’ dashboard is not in this LMO yet.',
    broken: 'The dashboard in the LMO is broken.',
    unverifiable: 'Part of the dashboard could not be checked.',
  };
  return {
    id: 'dashboard',
    number: 5,
    title: 'The install-base dashboard',
    verdict: c.verdict,
    summary: summaries[c.verdict],
    findings: c.findings,
    evidence: c.evidence,
    action: c.action,
  };
}
