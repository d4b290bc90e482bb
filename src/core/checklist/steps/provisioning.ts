import { type ChecklistInput } from '../input';
import { type SetupStep, worstVerdict } from '../verdicts';

export const PARTNER_CONSOLE = 'https://partners.salesforce.com/';

/** Step 4: default license settings. They live only in the Partner Console (no API): inferred and audited when the rules feature contributes. */
export function provisioningStep({ provisioning }: ChecklistInput): SetupStep {
  if (provisioning) {
    return {
      id: 'provisioning',
      number: 4,
      title: 'Provisioning defaults',
      verdict: worstVerdict(provisioning.findings) === 'done' ? provisioning.verdict : worstVerdict(provisioning.findings),
      summary: 'Defaults inferred from recent installs, audited against your rules.',
      findings: provisioning.findings,
      evidence: provisioning.evidence,
      action: provisioning.action ?? { kind: 'openUrl', label: 'Open the Partner Console', target: PARTNER_CONSOLE },
    };
  }
  return {
    id: 'provisioning',
    number: 4,
    title: 'Provisioning defaults',
    verdict: 'unverifiable',
    summary: 'Default seats, trial length and expiration live in the Partner Console, which has no API.',
    findings: [
      {
        level: 'unverifiable',
        text: 'Check each package’s defaults in the Partner Console (Manage Licenses): Free Trial or Active, the trial length (up to 90 days), seats or site-wide.',
      },
    ],
    evidence: [],
    action: { kind: 'openUrl', label: 'Open the Partner Console', target: PARTNER_CONSOLE },
  };
}
