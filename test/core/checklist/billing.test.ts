/**
 * Step 6 from hand-built signals: what stops the LMA creating leads and licenses (automation
 * that runs on create, on Lead, License, Package and Package Version) is broken; automation that
 * runs on update only needs attention; automation on License carries license changes to billing.
 */
import * as assert from 'node:assert/strict';
import { stepsNeedingFixes } from '../../../src/core/checklist/checklist';
import { type FlowFacts, type SetupSignals, type TriggerFacts } from '../../../src/core/checklist/signals';
import { LICENSE, check, failed, ok, step, texts } from './fixture';

const PACKAGE = 'sfLma__Package__c';
const VERSION = 'sfLma__Package_Version__c';
const trigger = (name: string, object: string, before: TriggerFacts['before'], after: TriggerFacts['after'] = []): TriggerFacts => ({
  name,
  object,
  namespace: undefined,
  active: true,
  before,
  after,
});
const flow = (label: string, object: string, triggerType: string, recordTriggerType: string): FlowFacts => ({
  apiName: label.replace(/\W/g, '_'),
  label,
  object,
  triggerType,
  recordTriggerType,
  namespace: undefined,
});
/** The clean LMO's after trigger on License, so billing stays done unless something else speaks. */
const BILLING_SYNC = trigger('LicenseBillingSync', LICENSE, [], ['insert', 'update']);
const required = (sobject: string) => ok({ sobject, readable: true, editable: true, requiredCustomFields: [{ name: 'Region__c', label: 'Region' }] });

describe('setup checklist, 6. billing', () => {
  const breaking: [string, Partial<SetupSignals>, RegExp][] = [
    [
      'a before-insert trigger on License',
      { triggers: ok([trigger('LicenseDefaults', LICENSE, ['insert'])]) },
      /Apex trigger LicenseDefaults runs before insert on License/,
    ],
    ['a before-insert trigger on Lead', { triggers: ok([trigger('LeadFix', 'Lead', ['insert', 'update'])]) }, /runs before insert and update on Lead/],
    [
      'a before-insert trigger on Package',
      { triggers: ok([BILLING_SYNC, trigger('PackageDefaults', PACKAGE, ['insert'])]) },
      /Apex trigger PackageDefaults runs before insert on Package\. .*the install creates no package record, and so no license/,
    ],
    [
      'a before-insert trigger on Package Version',
      { triggers: ok([BILLING_SYNC, trigger('VersionNaming', VERSION, ['insert'])]) },
      /Apex trigger VersionNaming runs before insert on Package Version\. .*no package version record, and so no license/,
    ],
    [
      'a before-save flow on Lead that runs on create and update',
      { flows: ok([flow('Lead defaults', 'Lead', 'RecordBeforeSave', 'CreateAndUpdate')]) },
      /Flow “Lead defaults” runs before save on Lead when a record is created \(CreateAndUpdate\)/,
    ],
    [
      'a create-only before-save flow on Package',
      { flows: ok([flow('Package stamp', PACKAGE, 'RecordBeforeSave', 'Create')]) },
      /runs before save on Package when a record is created/,
    ],
    [
      'a before-save flow whose trigger type was not read (counted as running on create)',
      { flows: ok([flow('Unknown', LICENSE, 'RecordBeforeSave', '')]) },
      /Flow “Unknown” runs before save on License when a record is created:/,
    ],
    [
      'a validation rule on Lead',
      { validationRules: ok([{ name: 'Require_Region', object: 'Lead', namespace: undefined, active: true, errorMessage: 'Region!' }]) },
      /Validation rule Require_Region is active on Lead\. It fires when the LMA creates a record unless its formula excludes new records/,
    ],
    [
      'a validation rule on Package Version',
      { validationRules: ok([{ name: 'Version_Format', object: VERSION, namespace: undefined, active: true, errorMessage: 'No' }]) },
      /Validation rule Version_Format is active on Package Version/,
    ],
    ['a required custom field on License', { license: required(LICENSE) }, /License\.Region__c is a required custom field/],
    ['a required custom field on Package', { packageObject: required(PACKAGE) }, /Package\.Region__c is a required custom field\. .*no package record/],
    ['a required custom field on Package Version', { packageVersion: required(VERSION) }, /Package Version\.Region__c is a required custom field/],
  ];
  for (const [what, change, text] of breaking) {
    it(`is broken by ${what}`, () => {
      const c = check(change);
      assert.equal(step(c, 'billing').verdict, 'broken', texts(c, 'billing').join('\n'));
      assert.match(texts(c, 'billing').join('\n'), text);
      assert.deepEqual(
        stepsNeedingFixes(c).map((s) => s.id),
        ['billing'],
      );
    });
  }

  const updateOnly: [string, Partial<SetupSignals>, RegExp][] = [
    [
      'a before-update-only trigger on License',
      { triggers: ok([BILLING_SYNC, trigger('LicenseAuditStamp', LICENSE, ['update'])]) },
      /attention: Apex trigger LicenseAuditStamp runs before update on License, not on create: it cannot stop license creation/,
    ],
    [
      'a before-update-only trigger on Lead',
      { triggers: ok([BILLING_SYNC, trigger('LeadFix', 'Lead', ['update'])]) },
      /attention: Apex trigger LeadFix runs before update on Lead, not on create/,
    ],
    [
      'an update-only before-save flow on Package Version',
      { flows: ok([flow('Version touch', VERSION, 'RecordBeforeSave', 'Update')]) },
      /attention: Flow “Version touch” runs before save on Package Version when a record is updated only: it cannot stop license creation/,
    ],
  ];
  for (const [what, change, text] of updateOnly) {
    it(`needs attention, not broken, for ${what} (it cannot stop a creation), with the reason`, () => {
      const c = check(change);
      assert.equal(step(c, 'billing').verdict, 'attention', texts(c, 'billing').join('\n'));
      assert.match(texts(c, 'billing').join('\n'), text);
      assert.equal(step(c, 'billing').summary, 'Automation runs when the LMA updates its records: check it.');
      assert.deepEqual(stepsNeedingFixes(c), [], 'the CLI does not fail on it');
    });
  }

  it('names the trigger type of a flow in its evidence', () => {
    const c = check({ flows: ok([flow('Version touch', VERSION, 'RecordBeforeSave', 'Update')]) });
    assert.ok(
      step(c, 'billing').evidence.some((e) => e.label === 'Flow Version touch' && e.detail === 'Version_touch, RecordBeforeSave (Update) on Package Version'),
    );
  });

  it('ignores what is inactive, on other objects, or shipped by the LMA and FMA; after triggers on Package are no billing evidence', () => {
    const c = check({
      triggers: ok([
        { ...trigger('Off', LICENSE, ['insert']), active: false },
        trigger('Acct', 'Account', ['insert']),
        { ...trigger('Ours', PACKAGE, ['insert']), namespace: 'sfLma' },
        trigger('LicenseBillingSync', LICENSE, [], ['update']),
        trigger('PackageAfter', PACKAGE, [], ['insert']),
      ]),
      validationRules: ok([
        { name: 'Off', object: 'Lead', namespace: undefined, active: false, errorMessage: '' },
        { name: 'Fma', object: LICENSE, namespace: 'sfFma', active: true, errorMessage: '' },
        { name: 'Acct', object: 'Account', namespace: undefined, active: true, errorMessage: '' },
      ]),
    });
    assert.equal(step(c, 'billing').verdict, 'done');
    assert.match(texts(c, 'billing').join('\n'), /through Apex trigger LicenseBillingSync \(after update\)\.$/);
  });

  it('is done through an after trigger, an after-save flow, Change Data Capture or the change feed — and missing with none', () => {
    const none = { triggers: ok([]), flows: ok([]), changeEvents: ok([]) };
    assert.equal(step(check(none), 'billing').verdict, 'missing');
    assert.match(texts(check(none), 'billing').join('\n'), /Nothing in this org reacts to license changes/);
    assert.equal(step(check({ ...none, flows: ok([flow('Renew', LICENSE, 'RecordAfterSave', 'CreateAndUpdate')]) }), 'billing').verdict, 'done');
    assert.equal(step(check({ ...none, changeEvents: ok(['sfLma__License__ChangeEvent']) }), 'billing').verdict, 'done');
    assert.equal(step(check({ ...none, changeEvents: ok(['AccountChangeEvent']) }), 'billing').verdict, 'missing');
    assert.equal(step(check(none, { changeFeed: { configured: true, detail: 'the change feed' } }), 'billing').verdict, 'done');
  });

  it('cannot verify when Tooling is unreadable (not "missing": it may be there)', () => {
    const c = check({ triggers: failed('noAccess'), changeEvents: failed('noAccess') });
    assert.notEqual(step(c, 'billing').verdict, 'missing');
    assert.equal(step(check({ triggers: failed('noAccess'), flows: ok([]), changeEvents: ok([]) }), 'billing').verdict, 'unverifiable');
    // The Package describe unreadable: that object's required fields cannot be verified.
    const noDescribe = check({ packageVersion: failed('error', 'timeout') });
    assert.equal(step(noDescribe, 'billing').verdict, 'unverifiable');
    assert.match(texts(noDescribe, 'billing').join('\n'), /Required fields on Package Version could not be read: timeout/);
  });
});
