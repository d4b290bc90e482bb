/** A clean, fully set-up LMO as checklist signals, and helpers to read one step of a checklist built from it. */
import { calendarDate } from '../../../src/core/calendarDate';
import { type LmaBaseline } from '../../../src/core/lmaCurrency';
import { type Checklist, buildChecklist } from '../../../src/core/checklist/checklist';
import { type ChecklistInput } from '../../../src/core/checklist/input';
import { type ReadFailure, type Reading, type SetupSignals } from '../../../src/core/checklist/signals';
import { type StepId } from '../../../src/core/checklist/verdicts';

export const TODAY = calendarDate('2026-03-10');
export const BASELINE: LmaBaseline = { version: '1.20', asOf: calendarDate('2025-12-01'), source: 'test', origin: 'shipped' };
export const ok = <T>(value: T): Reading<T> => ({ ok: true, value, source: 'SELECT …' });
export const failed = (kind: ReadFailure['kind'], message = 'nope'): Reading<never> => ({ ok: false, source: 'SELECT …', failure: { kind, message } });
export const LICENSE = 'sfLma__License__c';
export const valueOf = <T>(reading: Reading<T>): T => {
  if (!reading.ok) throw new Error('a clean signal failed');
  return reading.value;
};

export function cleanSignals(): SetupSignals {
  return {
    org: ok({ id: '00D000000000001AAA', name: 'Acme PBO', edition: 'Enterprise Edition', isSandbox: false, isScratch: false, instance: 'NA1' }),
    installed: ok(
      ['sfLma', 'sfFma', 'CHANNEL_ORDERS', 'sfcma'].map((namespace) => ({ namespace, name: namespace, version: namespace === 'sfLma' ? '1.20.0' : '1.0.0' })),
    ),
    packages: ok([
      {
        id: 'a0P000000000001AAA',
        name: 'Acme Billing',
        packageId: '033000000000001AAA',
        developerOrgId: '00D000000000009AAA',
        leadManager: { id: '005000000000001AAA', name: 'Dana', active: true },
        latestVersion: '2.3.0',
        versionCount: 10,
      },
    ]),
    objectAccess: ok(
      [LICENSE, 'sfLma__Package__c', 'sfLma__Package_Version__c'].map((sobject) => ({
        sobject,
        read: true,
        edit: sobject === LICENSE,
        grantedBy: ['License Management'],
      })),
    ),
    license: ok({ sobject: LICENSE, readable: true, editable: true, requiredCustomFields: [] }),
    lead: ok({ sobject: 'Lead', readable: true, editable: true, requiredCustomFields: [] }),
    packageObject: ok({ sobject: 'sfLma__Package__c', readable: true, editable: false, requiredCustomFields: [] }),
    packageVersion: ok({ sobject: 'sfLma__Package_Version__c', readable: true, editable: false, requiredCustomFields: [] }),
    licensesByStatus: ok([
      { status: 'Active', licenses: 120, orgs: 100 },
      { status: 'Trial', licenses: 30, orgs: 29 },
    ]),
    deletedLicenses: ok(0),
    triggers: ok([{ name: 'LicenseBillingSync', object: LICENSE, namespace: undefined, active: true, before: [], after: ['insert', 'update'] }]),
    validationRules: ok([]),
    flows: ok([]),
    changeEvents: ok([]),
    supportPages: ok(['SubscriberSupport', 'LoginToPartnerBT']),
  };
}

export function check(change: Partial<SetupSignals> = {}, more: Partial<ChecklistInput> = {}): Checklist {
  return buildChecklist({
    signals: { ...cleanSignals(), ...change },
    today: TODAY,
    checkedAt: '2026-03-10T09:00:00.000Z',
    baseline: BASELINE,
    projectPackages: undefined,
    ...more,
  });
}
export const step = (c: Checklist, id: StepId) => c.steps.find((s) => s.id === id) as Checklist['steps'][number];
export const texts = (c: Checklist, id: StepId) => step(c, id).findings.map((f) => `${f.level}: ${f.text}`);
