import { type ChecklistInput, failureFinding } from '../input';
import { LICENSE_CHANGE_EVENT, LICENSE_OBJECT, LMA_NAMESPACES, type Reading } from '../signals';
import { type Evidence, type Finding, type SetupStep, worstVerdict } from '../verdicts';

const OBJECT_LABEL: Record<string, string> = { [LICENSE_OBJECT]: 'License', Lead: 'Lead' };
const isWatched = (object: string) => object in OBJECT_LABEL;
const isOurs = (namespace: string | undefined) => !!namespace && (LMA_NAMESPACES as readonly string[]).includes(namespace);

/**
 * Step 6: license changes reach billing. Automation on License (an after trigger, a
 * record-triggered flow, Change Data Capture, this product's change feed) is the evidence;
 * what the LMA's docs forbid on License and Lead (before-triggers, before-save flows,
 * validation rules, required custom fields) breaks license creation and is flagged first.
 */
export function billingStep({ signals, changeFeed }: ChecklistInput): SetupStep {
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  const automation: string[] = [];
  const note = <T>(reading: Reading<T>, what: string): reading is Extract<Reading<T>, { ok: true }> => {
    if (!reading.ok) findings.push(failureFinding(reading, what));
    return reading.ok;
  };
  const { triggers, validationRules, flows, license, lead, changeEvents } = signals;
  if (note(triggers, 'Apex triggers on License and Lead')) {
    for (const t of triggers.value.filter((t) => t.active && isWatched(t.object) && !isOurs(t.namespace))) {
      const on = OBJECT_LABEL[t.object];
      evidence.push({
        label: `Apex trigger ${t.name}`,
        detail: `on ${on}: ${[...t.before.map((e) => `before ${e}`), ...t.after.map((e) => `after ${e}`)].join(', ')}`,
        source: triggers.source,
      });
      if (t.before.length)
        findings.push({
          level: 'broken',
          text: `Apex trigger ${t.name} runs before ${t.before.join(' and ')} on ${on}. The LMA forbids before-triggers on License and Lead: one that fails stops license creation. Move its logic to an after trigger.`,
        });
      if (t.object === LICENSE_OBJECT && t.after.length) automation.push(`Apex trigger ${t.name} (after ${t.after.join(', ')})`);
    }
  }
  if (note(flows, 'Record-triggered flows')) {
    for (const f of flows.value.filter((f) => isWatched(f.object) && !isOurs(f.namespace))) {
      const on = OBJECT_LABEL[f.object];
      evidence.push({ label: `Flow ${f.label}`, detail: `${f.apiName}, ${f.triggerType} on ${on}`, source: flows.source });
      if (f.triggerType === 'RecordBeforeSave')
        findings.push({
          level: 'broken',
          text: `Flow “${f.label}” runs before save on ${on}: like a before-trigger, it can stop license creation. Make it an after-save flow.`,
        });
      else if (f.object === LICENSE_OBJECT) automation.push(`flow “${f.label}”`);
    }
  }
  if (note(validationRules, 'Validation rules on License and Lead')) {
    for (const r of validationRules.value.filter((r) => r.active && isWatched(r.object) && !isOurs(r.namespace))) {
      evidence.push({ label: `Validation rule ${r.name}`, detail: `on ${OBJECT_LABEL[r.object]}: “${r.errorMessage}”`, source: validationRules.source });
      findings.push({
        level: 'broken',
        text: `Validation rule ${r.name} is active on ${OBJECT_LABEL[r.object]}. The LMA forbids validation rules there: an install it rejects creates no lead or license. Deactivate it.`,
      });
    }
  }
  for (const [reading, object] of [
    [license, LICENSE_OBJECT],
    [lead, 'Lead'],
  ] as const) {
    if (!note(reading, `Required fields on ${OBJECT_LABEL[object]}`)) continue;
    for (const field of reading.value.requiredCustomFields) {
      evidence.push({ label: `Required field ${field.name}`, detail: `on ${OBJECT_LABEL[object]} (${field.label})`, source: reading.source });
      findings.push({
        level: 'broken',
        text: `${OBJECT_LABEL[object]}.${field.name} is a required custom field. The LMA cannot fill it, so installs create no ${object === 'Lead' ? 'lead' : 'license'}. Make it optional (require it on the page layout instead).`,
      });
    }
  }
  if (note(changeEvents, 'Change Data Capture selections') && changeEvents.value.includes(LICENSE_CHANGE_EVENT)) {
    automation.push('Change Data Capture on License');
    evidence.push({ label: 'Change Data Capture', detail: `${LICENSE_CHANGE_EVENT} is selected`, source: changeEvents.source });
  }
  if (changeFeed?.configured) automation.push(changeFeed.detail);
  if (automation.length) findings.push({ level: 'done', text: `License changes reach other systems through ${automation.join(', ')}.` });
  else if (triggers.ok && flows.ok)
    findings.push({
      level: 'missing',
      text: 'Nothing in this org reacts to license changes (no trigger or flow on License, no Change Data Capture): your billing system does not hear of them. The license change feed needs no code in the org.',
    });
  const verdict = worstVerdict(findings);
  return {
    id: 'billing',
    number: 6,
    title: 'Billing integration',
    verdict,
    summary:
      verdict === 'broken'
        ? 'Something on License or Lead can stop license creation.'
        : verdict === 'done'
          ? 'License changes reach your other systems.'
          : verdict === 'missing'
            ? 'No automation on license changes was found.'
            : 'The automation on License could not all be read.',
    findings,
    evidence,
    action: { kind: 'copyFeedCommand', label: 'Copy the change-feed command' },
  };
}
