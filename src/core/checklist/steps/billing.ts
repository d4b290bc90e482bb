import { type ChecklistInput, failureFinding } from '../input';
import {
  type DescribeFacts,
  type FlowFacts,
  LICENSE_CHANGE_EVENT,
  LICENSE_OBJECT,
  LMA_NAMESPACES,
  PACKAGE_OBJECT,
  PACKAGE_VERSION_OBJECT,
  type Reading,
  type TriggerFacts,
} from '../signals';
import { type Evidence, type Finding, type SetupStep, worstVerdict } from '../verdicts';

/** The objects whose records the LMA creates, by label (docs/salesforce/setup-checklist.md). */
const OBJECT_LABEL: Record<string, string> = {
  Lead: 'Lead',
  [LICENSE_OBJECT]: 'License',
  [PACKAGE_OBJECT]: 'Package',
  [PACKAGE_VERSION_OBJECT]: 'Package Version',
};
const WATCHED_LIST = 'License, Lead, Package and Package Version';
const isWatched = (object: string) => object in OBJECT_LABEL;
const isOurs = (namespace: string | undefined) => !!namespace && (LMA_NAMESPACES as readonly string[]).includes(namespace);
/** What an install fails to create when a record of this object cannot be saved. */
const LOST: Record<string, string> = {
  Lead: 'no lead',
  [LICENSE_OBJECT]: 'no license',
  [PACKAGE_OBJECT]: 'no package record, and so no license',
  [PACKAGE_VERSION_OBJECT]: 'no package version record, and so no license',
};

/**
 * A before-save flow runs on create unless it is update-only (or delete). An empty trigger type
 * (not read) is counted as running on create: the safe reading.
 */
export function flowRunsOnCreate(f: FlowFacts): boolean {
  return f.recordTriggerType !== 'Update' && f.recordTriggerType !== 'Delete';
}

/**
 * Step 6: license changes reach billing. Automation on License (an after trigger, a
 * record-triggered flow, Change Data Capture, this product's change feed) is the evidence.
 * First, what Salesforce forbids on the objects the LMA creates records of (Lead, License,
 * Package, Package Version): automation that runs when a record is created — before-insert
 * triggers, before-save flows that run on create, validation rules, required custom fields —
 * can stop the LMA creating leads and licenses, and is broken. Before-update automation cannot
 * stop a creation: it needs attention at most (docs/salesforce/setup-checklist.md).
 */
export function billingStep({ signals, changeFeed }: ChecklistInput): SetupStep {
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  const automation: string[] = [];
  const note = <T>(reading: Reading<T>, what: string): reading is Extract<Reading<T>, { ok: true }> => {
    if (!reading.ok) findings.push(failureFinding(reading, what));
    return reading.ok;
  };
  const { triggers, validationRules, flows, license, lead, packageObject, packageVersion, changeEvents } = signals;
  if (note(triggers, `Apex triggers on ${WATCHED_LIST}`)) {
    for (const t of triggers.value.filter((t) => t.active && isWatched(t.object) && !isOurs(t.namespace))) {
      evidence.push({ label: `Apex trigger ${t.name}`, detail: `on ${OBJECT_LABEL[t.object]}: ${triggerEvents(t)}`, source: triggers.source });
      const finding = triggerFinding(t);
      if (finding) findings.push(finding);
      if (t.object === LICENSE_OBJECT && t.after.length) automation.push(`Apex trigger ${t.name} (after ${t.after.join(', ')})`);
    }
  }
  if (note(flows, 'Record-triggered flows')) {
    for (const f of flows.value.filter((f) => isWatched(f.object) && !isOurs(f.namespace))) {
      const on = OBJECT_LABEL[f.object];
      evidence.push({
        label: `Flow ${f.label}`,
        detail: `${f.apiName}, ${f.triggerType}${f.recordTriggerType ? ` (${f.recordTriggerType})` : ''} on ${on}`,
        source: flows.source,
      });
      if (f.triggerType === 'RecordBeforeSave') findings.push(beforeSaveFinding(f, on));
      else if (f.object === LICENSE_OBJECT) automation.push(`flow “${f.label}”`);
    }
  }
  if (note(validationRules, `Validation rules on ${WATCHED_LIST}`)) {
    for (const r of validationRules.value.filter((r) => r.active && isWatched(r.object) && !isOurs(r.namespace))) {
      const on = OBJECT_LABEL[r.object];
      evidence.push({ label: `Validation rule ${r.name}`, detail: `on ${on}: “${r.errorMessage}”`, source: validationRules.source });
      // The formula is readable only one rule per query (Tooling's Metadata field): not within
      // the checklist's three calls. A rule fires on create unless its formula excludes new
      // records, and Salesforce forbids validation rules on these objects: broken, and said so.
      findings.push({
        level: 'broken',
        text: `Validation rule ${r.name} is active on ${on}. It fires when the LMA creates a record unless its formula excludes new records (with ISNEW()), which this check does not read; Salesforce’s LMA guidance forbids validation rules on ${WATCHED_LIST}: an install it rejects creates ${LOST[r.object]}. Deactivate it, or confirm by hand that its formula skips new records.`,
      });
    }
  }
  for (const [reading, object] of [
    [license, LICENSE_OBJECT],
    [lead, 'Lead'],
    [packageObject, PACKAGE_OBJECT],
    [packageVersion, PACKAGE_VERSION_OBJECT],
  ] as const) {
    if (note(reading, `Required fields on ${OBJECT_LABEL[object]}`)) requiredFields(reading.value, reading.source, object, findings, evidence);
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
        ? `Something on ${WATCHED_LIST} can stop license creation.`
        : verdict === 'done'
          ? 'License changes reach your other systems.'
          : verdict === 'missing'
            ? 'No automation on license changes was found.'
            : verdict === 'attention'
              ? 'Automation runs when the LMA updates its records: check it.'
              : 'The automation on License could not all be read.',
    findings,
    evidence,
    action: { kind: 'copyFeedCommand', label: 'Copy the change-feed command' },
  };
}

const triggerEvents = (t: TriggerFacts) => [...t.before.map((e) => `before ${e}`), ...t.after.map((e) => `after ${e}`)].join(', ');

/** A before-insert trigger is broken; a before-update-only one needs attention (it cannot stop a creation). */
function triggerFinding(t: TriggerFacts): Finding | undefined {
  const on = OBJECT_LABEL[t.object];
  if (t.before.includes('insert'))
    return {
      level: 'broken',
      text: `Apex trigger ${t.name} runs before ${t.before.join(' and ')} on ${on}. Salesforce’s LMA guidance forbids before-create triggers on ${WATCHED_LIST}: if one fails, the install creates ${LOST[t.object]}. Move its logic to an after trigger.`,
    };
  if (t.before.includes('update'))
    return {
      level: 'attention',
      text: `Apex trigger ${t.name} runs before update on ${on}, not on create: it cannot stop license creation, but if it fails, the LMA’s own updates to the record (its syncs, Modify License) fail with it. Keep it tolerant of the LMA’s changes, or move it to an after trigger.`,
    };
  return undefined;
}

/** A before-save flow that runs on create is broken; an update-only one needs attention. */
function beforeSaveFinding(f: FlowFacts, on: string): Finding {
  if (flowRunsOnCreate(f))
    return {
      level: 'broken',
      text: `Flow “${f.label}” runs before save on ${on} when a record is created${f.recordTriggerType ? ` (${f.recordTriggerType})` : ''}: like a before-create trigger, if it fails, the install creates ${LOST[f.object]}. Make it an after-save flow.`,
    };
  return {
    level: 'attention',
    text: `Flow “${f.label}” runs before save on ${on} when a record is updated only: it cannot stop license creation, but if it fails, the LMA’s own updates to the record fail with it. Keep it tolerant of the LMA’s changes, or make it an after-save flow.`,
  };
}

function requiredFields(facts: DescribeFacts, source: string, object: string, findings: Finding[], evidence: Evidence[]): void {
  const on = OBJECT_LABEL[object];
  for (const field of facts.requiredCustomFields) {
    evidence.push({ label: `Required field ${field.name}`, detail: `on ${on} (${field.label})`, source });
    findings.push({
      level: 'broken',
      text: `${on}.${field.name} is a required custom field. The LMA cannot fill it, so installs create ${LOST[object]}. Make it optional (require it on the page layout instead).`,
    });
  }
}
