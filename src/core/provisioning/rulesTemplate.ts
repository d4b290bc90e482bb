/**
 * A rules file written from the inferred defaults (what "Edit Provisioning Rules" creates when
 * the file is missing, and `rules infer --write`): each package's defaults as recent installs
 * show them, with comments saying where they are really set and the values to enter there.
 */
import { singleLine } from '../displayText';
import { type PackageInference, defaultsOf, describeObserved } from './inference';
import { type PackageDefaults } from './rulesFile';

/** Salesforce's page on a package's default license settings (Partner Console → Manage Licenses). */
export const DEFAULT_LICENSE_HELP_URL =
  'https://developer.salesforce.com/docs/atlas.en-us.234.0.packagingGuide.meta/packagingGuide/appexchange_publish_manage.htm';

export const SUGGESTED_POLICIES = { maxTrialDays: 90, seatsNeverBelowUsed: true, sandboxesSiteWide: true, expiredGraceDays: 30, seatsAlwaysSet: true };

/** Customer or partner text inside a `//` comment: one line, whatever it holds. */
function commentText(text: string): string {
  return singleLine(text, 200).replace(/[\u2028\u2029\u0085]/g, ' ');
}

/** A JSON string whose invisible and direction-changing characters are escaped, so the file shows what it holds. */
function jsonString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u0085\u061C\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** What to enter in the Partner Console's default license form for these defaults. */
export function partnerConsoleValues(d: PackageDefaults): string {
  const parts = [`Default License: ${d.status === 'Trial' ? 'Free Trial' : 'Active'}`];
  if (d.status === 'Trial') parts.push(`Length: ${d.trialDays} days`);
  else parts.push(d.termDays === 'perpetual' ? 'License does not expire' : `Length: ${String(d.termDays)} days`);
  parts.push(d.seats === 'site' ? 'License is site-wide' : `Seats: ${d.seats}`);
  return parts.join(', ');
}

export function rulesFileFromInference(inferences: readonly PackageInference[], options: { schemaPath?: string; today?: string } = {}): string {
  const lines = [
    "// LMA Workbench provisioning rules: what each package's new licenses should get, and the policies every license should meet.",
    '// The defaults themselves are set in the Partner Console (Publishing > Packages > Manage Licenses), which has no API:',
    `// this file records them, it does not change them. How to set them: ${DEFAULT_LICENSE_HELP_URL}`,
    `// Written from the licenses recent installs really got${options.today ? ` (as of ${options.today})` : ''}; \`lma-workbench rules audit\` compares again.`,
    '{',
    ...(options.schemaPath ? [`  "$schema": ${JSON.stringify(options.schemaPath)},`] : []),
    '  "packages": {',
  ];
  const entries = inferences.filter((i) => i.defaults);
  entries.forEach((inference, index) => {
    const inferred = inference.defaults;
    if (!inferred) return;
    const d = defaultsOf(inferred);
    const evidence = [describeObserved('status', inferred.status), describeObserved('seats', inferred.seats)];
    if (inferred.trialDays) evidence.push(describeObserved('trialDays', inferred.trialDays));
    if (inferred.termDays) evidence.push(describeObserved('termDays', inferred.termDays));
    lines.push(`    // ${commentText(inference.packageName)}${inference.packageKey ? ` (${inference.packageKey})` : ''}`);
    lines.push(`    // Partner Console: ${partnerConsoleValues(d)}.`);
    lines.push(`    // Seen: ${commentText(evidence.join('; '))}.`);
    if (inference.sandboxes.installs)
      lines.push(`    // Sandboxes apart: ${inference.sandboxes.siteWide} of ${inference.sandboxes.installs} sandbox installs were site-wide.`);
    const fields = Object.entries(d).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    lines.push(`    ${jsonString(inference.packageName)}: { ${fields.join(', ')} }${index < entries.length - 1 ? ',' : ''}`);
  });
  const missing = inferences.filter((i) => !i.defaults);
  for (const m of missing) lines.push(`    // ${commentText(m.packageName)}: no recent unchanged install to read its defaults from; add them by hand.`);
  lines.push('  },');
  lines.push('  "policies": {');
  const policies = Object.entries(SUGGESTED_POLICIES);
  policies.forEach(([k, v], i) => lines.push(`    ${JSON.stringify(k)}: ${JSON.stringify(v)}${i < policies.length - 1 ? ',' : ''}`));
  lines.push('  }');
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
