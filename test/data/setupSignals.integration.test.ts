/**
 * The setup checklist's reads through the real stack (@salesforce/core's auth store, jsforce over
 * HTTP) against demo LMOs broken on purpose, one switch at a time: each break shows as the
 * verdict a partner would see, and the whole read costs three API calls at any size.
 */
import * as assert from 'node:assert/strict';
import shippedBaseline from '../../src/core/lmaBaseline.json';
import { calendarDate } from '../../src/core/calendarDate';
import { parseShippedBaseline } from '../../src/core/lmaCurrency';
import { type Checklist, buildChecklist, stepsNeedingFixes, verdictsOf } from '../../src/core/checklist/checklist';
import { type SetupSignals } from '../../src/core/checklist/signals';
import { type StepId } from '../../src/core/checklist/verdicts';
import { readSetupSignals } from '../../src/data/lmo/checklistSignals';
import { openOrg } from '../../src/data/org/connect';
import { type OrgClient } from '../../src/data/org/orgClient';
import { type DemoLmo } from '../../src/demo/http/server';
import { type SetupBreak } from '../../src/demo/setup';
import { NO_RETRY, TODAY, loginWithCli, openDemo, requestsOf, startDemo } from '../support/demoOrg';

const baseline = (() => {
  const parsed = parseShippedBaseline(shippedBaseline);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.baseline;
})();
/** An LMA as current as the shipped baseline (major.minor.patch). */
const CURRENT_LMA = [...baseline.version.split('.'), '0', '0'].slice(0, 3).join('.');

function checklistOf(signals: SetupSignals): Checklist {
  return buildChecklist({ signals, today: calendarDate(TODAY), checkedAt: `${TODAY}T09:00:00.000Z`, baseline, projectPackages: undefined });
}
const step = (c: Checklist, id: StepId) => c.steps.find((s) => s.id === id) as Checklist['steps'][number];
const findings = (c: Checklist, id: StepId) =>
  step(c, id)
    .findings.map((f) => `${f.level}: ${f.text}`)
    .join('\n');

describe('setup checklist reads (real @salesforce/core + jsforce over HTTP → demo LMO)', function () {
  this.timeout(60_000);

  describe('the default demo, through a Salesforce CLI login', () => {
    let demo: DemoLmo;
    let client: OrgClient;
    let session: number;
    before(async () => {
      demo = await startDemo({ licenses: 3000 });
      session = await loginWithCli(demo, 'setup-lmo');
      client = await openOrg({ kind: 'cli', aliasOrUsername: 'setup-lmo' }, { retry: NO_RETRY });
    });
    after(() => demo.close());

    it('costs three API calls: two REST Composites and one Tooling Composite', async () => {
      const { requests } = await requestsOf(demo, session, () => readSetupSignals(client));
      assert.deepEqual(requests.map((r) => `${r.method} ${r.path.replace(/\/v\d+\.\d/, '/vXX')}`).sort(), [
        'POST /services/data/vXX/composite',
        'POST /services/data/vXX/composite',
        'POST /services/data/vXX/tooling/composite',
      ]);
    });

    it('reads every signal, and the default demo has its one thing to fix: an inactive lead manager', async () => {
      const signals = await readSetupSignals(client);
      for (const [name, reading] of Object.entries(signals)) assert.equal(reading.ok, true, `${name}: ${reading.ok ? '' : reading.failure.message}`);
      const c = checklistOf(signals);
      assert.deepEqual(verdictsOf(c), {
        lmo: 'done',
        lmaApp: 'attention', // the demo's LMA is behind the shipped baseline on purpose
        packages: 'broken',
        provisioning: 'unverifiable',
        dashboard: 'unverifiable', // until the LMO's own dashboard is read: what to check by hand
        billing: 'done',
      });
      const inactive = demo.store.rows('sfLma__Package__c').filter((p) => demo.store.lookup(String(p.sfLma__Lead_Manager__c))?.IsActive === false);
      assert.equal(inactive.length, 1);
      assert.match(findings(c, 'packages'), new RegExp(`broken: ${String(inactive[0].Name)}: its lead manager, Former Lead Manager, is an inactive user`));
      assert.match(
        findings(c, 'lmaApp'),
        new RegExp(`LMA ${demo.lmaVersion.replace(/\./g, '\\.')} is behind the newest release known, ${baseline.version}, seen in an LMO on`),
      );
    });

    it("matches the dashboard's headline numbers and the Recycle Bin count to the demo's own records", async () => {
      const signals = await readSetupSignals(client);
      const licenses = demo.store.rows('sfLma__License__c');
      const live = licenses.filter((l) => l.IsDeleted !== true && l.sfLma__Subscriber_Org_Is_Sandbox__c !== true);
      const active = live.filter((l) => l.sfLma__Status__c === 'Active');
      const orgs = new Set(active.map((l) => String(l.sfLma__Subscriber_Org_ID__c).toLowerCase()));
      assert.ok(signals.licensesByStatus.ok);
      const row = signals.licensesByStatus.value.find((s) => s.status === 'Active');
      assert.equal(row?.licenses, active.length);
      assert.equal(row?.orgs, orgs.size);
      assert.ok(signals.deletedLicenses.ok);
      const deleted = licenses.filter((l) => l.IsDeleted === true).length;
      assert.ok(deleted > 0, 'the demo keeps some licenses in the Recycle Bin');
      assert.equal(signals.deletedLicenses.value, deleted);
      const g = checklistOf(signals).gotchas.find((x) => x.id === 'deletedLicenses');
      assert.match(g?.text ?? '', new RegExp(`^${deleted} licenses were deleted in the last 15 days`));
    });

    it('names the permission sets that grant access, and the console pages the user has', async () => {
      const signals = await readSetupSignals(client);
      assert.ok(signals.objectAccess.ok && signals.supportPages.ok);
      assert.deepEqual(
        signals.objectAccess.value.map((a) => [a.sobject, a.read, a.edit, a.grantedBy.join()]),
        [
          ['sfLma__License__c', true, true, 'License Management'],
          ['sfLma__Package__c', true, false, 'License Management'],
          ['sfLma__Package_Version__c', true, false, 'License Management'],
        ],
      );
      assert.deepEqual([...signals.supportPages.value].sort(), ['LoginToPartnerBT', 'SubscriberSupport']);
    });
  });

  describe('each step broken on purpose (a demo per case)', () => {
    const cases: [SetupBreak[], StepId | 'gotcha', (c: Checklist, s: SetupSignals) => void][] = [
      [[], 'lmo', (c) => assert.deepEqual(stepsNeedingFixes(c), [])],
      [['sandbox'], 'lmo', (c) => assert.equal(step(c, 'lmo').verdict, 'missing')],
      [
        ['no-license-edit'],
        'lmaApp',
        (c, s) => {
          assert.equal(step(c, 'lmaApp').verdict, 'attention');
          assert.match(findings(c, 'lmaApp'), /read licenses but not edit them/);
          assert.ok(s.objectAccess.ok && s.objectAccess.value[0].edit === false);
        },
      ],
      [
        ['before-trigger'],
        'billing',
        (c) => assert.match(findings(c, 'billing'), /broken: Apex trigger LicenseDefaults runs before insert and update on License/),
      ],
      [
        ['before-update-trigger'],
        'billing',
        (c) => {
          assert.equal(step(c, 'billing').verdict, 'attention', 'a before-update trigger cannot stop license creation');
          assert.match(findings(c, 'billing'), /attention: Apex trigger LicenseAuditStamp runs before update on License, not on create/);
          assert.deepEqual(stepsNeedingFixes(c), []);
        },
      ],
      [
        ['package-version-trigger'],
        'billing',
        (c, s) => {
          assert.ok(s.triggers.ok && s.triggers.value.some((t) => t.name === 'VersionNaming' && t.object === 'sfLma__Package_Version__c'));
          assert.match(findings(c, 'billing'), /broken: Apex trigger VersionNaming runs before insert on Package Version/);
        },
      ],
      [
        ['developer-edition'],
        'lmo',
        (c, s) => {
          assert.equal(s.org.ok && s.org.value.edition, 'Developer Edition');
          assert.equal(step(c, 'lmo').verdict, 'attention');
          assert.match(findings(c, 'lmo'), /attention: This org is Developer Edition\. The LMA is available in Enterprise, Performance and Unlimited Editions/);
          assert.deepEqual(stepsNeedingFixes(c), []);
        },
      ],
      [['before-save-flow'], 'billing', (c) => assert.match(findings(c, 'billing'), /broken: Flow “Lead defaults \(before save\)” runs before save on Lead/)],
      [['validation-rule'], 'billing', (c) => assert.match(findings(c, 'billing'), /broken: Validation rule Require_Region is active on Lead/)],
      [['required-field'], 'billing', (c) => assert.match(findings(c, 'billing'), /broken: Lead\.Region__c is a required custom field/)],
      [
        ['no-billing'],
        'billing',
        (c) => {
          assert.equal(step(c, 'billing').verdict, 'missing');
          assert.equal(step(c, 'billing').action?.kind, 'copyFeedCommand');
        },
      ],
      [
        ['no-support-console'],
        'gotcha',
        (c) =>
          assert.match(
            c.gotchas.find((g) => g.id === 'subscriberSupport')?.text ?? '',
            /do not grant the console’s pages \(sfLma\.SubscriberSupport, sfLma\.LoginToPartnerBT\)/,
          ),
      ],
      [
        ['no-view-setup'],
        'lmaApp',
        (c, s) => {
          assert.equal(s.objectAccess.ok, false);
          assert.equal(!s.objectAccess.ok && s.objectAccess.failure.kind, 'noAccess');
          assert.equal(step(c, 'lmaApp').verdict, 'done', 'the describe still proves access');
          assert.match(findings(c, 'lmaApp'), /info: Which permission sets grant this cannot be listed/);
        },
      ],
    ];
    for (const [breaks, focus, verify] of cases) {
      it(`${breaks.join(', ') || 'nothing broken (LMA current)'} → ${focus}`, async () => {
        const demo = await startDemo({ setup: breaks, lmaVersion: CURRENT_LMA });
        try {
          const { client } = await openDemo(demo);
          const signals = await readSetupSignals(client);
          const c = checklistOf(signals);
          verify(c, signals);
          // Every other step stays as it was in the clean demo.
          const clean = { lmo: 'done', lmaApp: 'done', packages: 'done', provisioning: 'unverifiable', dashboard: 'unverifiable', billing: 'done' } as const;
          for (const s of c.steps) if (s.id !== focus) assert.equal(s.verdict, clean[s.id], `${s.id}: ${findings(c, s.id)}`);
        } finally {
          await demo.close();
        }
      });
    }

    it('the LMA missing: the steps that need it say so, the others still answer; no error escapes', async () => {
      const demo = await startDemo({ lmaInstalled: false });
      try {
        const { client, session } = await openDemo(demo);
        const { result: signals, requests } = await requestsOf(demo, session, () => readSetupSignals(client));
        assert.equal(requests.length, 3);
        const c = checklistOf(signals);
        assert.equal(c.lmaInstalled, false);
        assert.equal(step(c, 'lmaApp').verdict, 'missing');
        assert.equal(step(c, 'packages').verdict, 'missing');
        assert.equal(step(c, 'dashboard').verdict, 'missing');
        assert.equal(step(c, 'lmo').verdict, 'done');
      } finally {
        await demo.close();
      }
    });

    it('the control API switches breaks on a running demo, and the next read sees them', async () => {
      const demo = await startDemo({ setup: [] });
      try {
        const { client } = await openDemo(demo);
        assert.equal(step(checklistOf(await readSetupSignals(client)), 'packages').verdict, 'done');
        demo.setSetup(['lead-manager-inactive', 'before-trigger']);
        const c = checklistOf(await readSetupSignals(client));
        assert.equal(step(c, 'packages').verdict, 'broken');
        assert.equal(step(c, 'billing').verdict, 'broken');
      } finally {
        await demo.close();
      }
    });
  });

  it("escapes the running user's name in the permission queries (a quote in a username stays text)", async () => {
    const demo = await startDemo({ username: 'o\'hara\\x"@acme-lmo.demo' });
    try {
      const { client } = await openDemo(demo);
      const signals = await readSetupSignals(client);
      assert.ok(signals.objectAccess.ok, signals.objectAccess.ok ? '' : signals.objectAccess.failure.message);
      assert.equal(signals.objectAccess.value[0].read, true);
    } finally {
      await demo.close();
    }
  });

  it('three calls at 100 and at 50,000 licenses alike', async () => {
    for (const licenses of [100, 50_000]) {
      const demo = await startDemo({ licenses });
      try {
        const { client, session } = await openDemo(demo);
        const { requests } = await requestsOf(demo, session, () => readSetupSignals(client));
        assert.equal(requests.length, 3, `${licenses} licenses`);
      } finally {
        await demo.close();
      }
    }
  });
});
