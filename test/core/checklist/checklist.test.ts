/**
 * Every verdict of every step, from hand-built signals: what a partner would read for each
 * state of their org. The signals builder starts from a clean, fully set-up LMO.
 */
import * as assert from 'node:assert/strict';
import { regressions, stepsNeedingFixes, verdictsOf } from '../../../src/core/checklist/checklist';
import { projectPackageRefs } from '../../../src/core/checklist/input';
import { worstVerdict } from '../../../src/core/checklist/verdicts';
import { LICENSE, check, cleanSignals, failed, ok, step, texts, valueOf } from './fixture';

describe('setup checklist', () => {
  it('a fully set-up LMO: four steps done, provisioning and the dashboard cannot be verified, nothing to fix', () => {
    const c = check();
    assert.deepEqual(verdictsOf(c), {
      lmo: 'done',
      lmaApp: 'done',
      packages: 'done',
      provisioning: 'unverifiable',
      dashboard: 'unverifiable',
      billing: 'done',
    });
    assert.deepEqual(stepsNeedingFixes(c), []);
    assert.deepEqual(
      c.steps.map((s) => s.number),
      [1, 2, 3, 4, 5, 6],
    );
    for (const s of c.steps) assert.ok(s.action, `step ${s.number} has an action`);
  });

  describe('1. the LMO', () => {
    it('refuses a sandbox and a scratch org as an LMO, and offers to connect another', () => {
      for (const [isScratch, word] of [
        [false, 'sandbox'],
        [true, 'scratch org'],
      ] as const) {
        const c = check({ org: ok({ id: '00D1', name: 'Dev', edition: 'Developer Edition', isSandbox: true, isScratch, instance: 'CS1' }) });
        assert.equal(step(c, 'lmo').verdict, 'missing');
        assert.match(texts(c, 'lmo').join('\n'), new RegExp(`This is a ${word}, not an LMO`));
        assert.equal(step(c, 'lmo').action?.kind, 'connect');
        assert.deepEqual(
          stepsNeedingFixes(c).map((s) => s.id),
          ['lmo'],
        );
      }
    });

    it('recognises a Partner Business Org by its four namespaces, and says so when nothing is linked yet', () => {
      const c = check({ packages: ok([]) });
      assert.equal(step(c, 'lmo').verdict, 'done');
      assert.match(texts(c, 'lmo').join('\n'), /Partner Business Org, the usual LMO\. No package is linked/);
      assert.match(
        step(c, 'lmo')
          .evidence.map((e) => e.detail)
          .join('\n'),
        /4 of 4/,
      );
    });

    it('recognises a Partner Business Org by any three of its four namespaces, and not by two', () => {
      const all = ['sfLma', 'sfFma', 'CHANNEL_ORDERS', 'sfcma'];
      const installed = (namespaces: readonly string[]) =>
        ok(namespaces.map((namespace) => ({ namespace, name: namespace, version: namespace === 'sfLma' ? '1.20.0' : '1.0.0' })));
      for (const left of all) {
        const three = all.filter((ns) => ns !== left);
        const c = check({ packages: ok([]), installed: installed(three) });
        const s = step(c, 'lmo');
        assert.equal(s.verdict, 'done', `without ${left}`);
        assert.equal(s.summary, 'A production Partner Business Org.');
        assert.match(texts(c, 'lmo').join('\n'), /Partner Business Org, the usual LMO\. No package is linked/);
        assert.ok(
          s.evidence.some((e) => e.detail === `Partner Business Org packages: ${three.join(', ')} (3 of 4)`),
          s.evidence.map((e) => e.detail).join('\n'),
        );
        // A PBO is never questioned for its edition, whatever Organization reports.
        const dev = check({ packages: ok([]), installed: installed(three), org: ok({ ...valueOf(cleanSignals().org), edition: 'Developer Edition' }) });
        assert.equal(step(dev, 'lmo').verdict, 'done', `a Developer Edition org without ${left}`);
      }
      // Two of the four: a production org like any other, which needs a look before linking.
      const two = check({ packages: ok([]), installed: installed(['sfLma', 'sfFma']) });
      assert.equal(step(two, 'lmo').verdict, 'attention');
      assert.match(texts(two, 'lmo').join('\n'), /does not look like a Partner Business Org/);
      assert.ok(step(two, 'lmo').evidence.some((e) => /\(2 of 4\)$/.test(e.detail)));
    });

    it('asks for attention on a production org that is neither a PBO nor holding packages (linking is permanent)', () => {
      const c = check({ packages: ok([]), installed: ok([{ namespace: 'sfLma', name: 'LMA', version: '1.20.0' }]) });
      assert.equal(c.productionWithoutPackages, true);
      assert.equal(check().productionWithoutPackages, false);
      assert.equal(step(c, 'lmo').verdict, 'attention');
      assert.match(texts(c, 'lmo').join('\n'), /does not look like a Partner Business Org/);
      assert.match(texts(c, 'lmo').join('\n'), /for good/);
    });

    it('asks for attention on an edition the LMA is not documented for (Developer, Professional), naming it', () => {
      for (const edition of ['Developer Edition', 'Professional Edition']) {
        const c = check({ org: ok({ id: '00D1', name: 'Dev', edition, isSandbox: false, isScratch: false, instance: 'NA1' }), installed: ok([]) });
        assert.equal(step(c, 'lmo').verdict, 'attention', edition);
        assert.match(
          texts(c, 'lmo').join('\n'),
          new RegExp(`attention: This org is ${edition}\\. The LMA is available in Enterprise, Performance and Unlimited Editions`),
        );
        assert.equal(step(c, 'lmo').summary, 'Not an edition the LMA is documented for.');
        assert.equal(step(c, 'lmo').action?.kind, 'openUrl');
        assert.deepEqual(stepsNeedingFixes(c), [], 'attention alone does not fail the checklist');
      }
    });

    it('accepts Enterprise, Unlimited and Performance Editions, and an org carrying the Partner Business Org packages whatever it reports', () => {
      for (const edition of ['Enterprise Edition', 'Unlimited Edition', 'Performance Edition', 'unlimited edition'])
        assert.equal(step(check({ org: ok({ ...valueOf(cleanSignals().org), edition }) }), 'lmo').verdict, 'done', edition);
      // The clean signals carry the PBO's four namespaces.
      assert.equal(step(check({ org: ok({ ...valueOf(cleanSignals().org), edition: 'Partner Edition' }) }), 'lmo').verdict, 'done');
      // A sandbox stays "missing" (not also an edition finding).
      const sandbox = check({ org: ok({ ...valueOf(cleanSignals().org), edition: 'Developer Edition', isSandbox: true }), installed: ok([]) });
      assert.deepEqual(
        step(sandbox, 'lmo').findings.map((f) => f.level),
        ['missing', 'info'],
      );
    });

    it('cannot verify the org when Organization is unreadable', () => {
      assert.equal(step(check({ org: failed('error', 'timeout') }), 'lmo').verdict, 'unverifiable');
    });
  });

  describe('2. the LMA', () => {
    it('is missing when the LMA objects do not exist, with the way to get it', () => {
      const c = check({ license: failed('notInstalled'), packages: failed('notInstalled'), installed: ok([]) });
      assert.equal(step(c, 'lmaApp').verdict, 'missing');
      assert.equal(c.lmaInstalled, false);
      assert.equal(step(c, 'lmaApp').action?.kind, 'openUrl');
      assert.equal(step(c, 'packages').verdict, 'missing');
    });

    it('asks for attention when the LMA is behind the baseline, naming both versions, and offers the version check', () => {
      const installed = ok(valueOf(cleanSignals().installed).map((p) => (p.namespace === 'sfLma' ? { ...p, version: '1.18.0' } : p)));
      const c = check({ installed });
      assert.equal(step(c, 'lmaApp').verdict, 'attention');
      assert.match(
        texts(c, 'lmaApp').join('\n'),
        /LMA 1\.18\.0 is behind the newest release known, 1\.20, seen in an LMO on \d{4}-\d{2}-\d{2} \(Salesforce publishes no list of LMA releases\)\./,
      );
      assert.equal(step(c, 'lmaApp').action?.kind, 'checkLmaVersion');
      // Said once: the reminder points at step 2 instead of asking for attention a second time.
      const reminder = c.gotchas.find((g) => g.id === 'lmaUpdates');
      assert.equal(reminder?.level, 'info');
      assert.match(reminder?.text ?? '', /step 2/);
    });

    it('is done with a current LMA (1.20.3 meets a 1.20 baseline)', () => {
      const c = check({ installed: ok([{ namespace: 'sfLma', name: 'LMA', version: '1.20.3' }]) });
      assert.equal(step(c, 'lmaApp').verdict, 'done');
      assert.equal(c.gotchas.find((g) => g.id === 'lmaUpdates')?.level, 'info');
    });

    it('asks for attention when the user can read but not edit licenses; missing when they cannot read them', () => {
      const readOnly = check({ license: ok({ sobject: LICENSE, readable: true, editable: false, requiredCustomFields: [] }) });
      assert.equal(step(readOnly, 'lmaApp').verdict, 'attention');
      assert.match(texts(readOnly, 'lmaApp').join('\n'), /read licenses but not edit them/);
      const none = check({ license: ok({ sobject: LICENSE, readable: false, editable: false, requiredCustomFields: [] }) });
      assert.equal(step(none, 'lmaApp').verdict, 'missing');
      const noVersions = check({
        objectAccess: ok([
          { sobject: LICENSE, read: true, edit: true, grantedBy: ['X'] },
          { sobject: 'sfLma__Package_Version__c', read: false, edit: false, grantedBy: [] },
        ]),
      });
      assert.equal(step(noVersions, 'lmaApp').verdict, 'missing');
    });

    it('names the permission sets as evidence, and only notes (does not fail) when they cannot be listed without View Setup', () => {
      assert.match(
        step(check(), 'lmaApp')
          .evidence.map((e) => e.detail)
          .join('\n'),
        /granted by License Management/,
      );
      const c = check({ objectAccess: failed('noAccess') });
      assert.equal(step(c, 'lmaApp').verdict, 'done');
      assert.match(texts(c, 'lmaApp').join('\n'), /info: .*View Setup and Configuration/);
    });

    it('cannot verify the version when Tooling is unreadable, and has no baseline to compare with', () => {
      assert.equal(step(check({ installed: failed('noAccess') }), 'lmaApp').verdict, 'unverifiable');
      assert.equal(step(check({}, { baseline: undefined }), 'lmaApp').verdict, 'unverifiable');
    });
  });

  describe('3. packages linked', () => {
    it('is broken by an inactive lead manager, naming the package and the user, with the package record as the action', () => {
      const [p] = valueOf(cleanSignals().packages);
      const c = check({ packages: ok([{ ...p, leadManager: { id: '0051', name: 'Former Manager', active: false } }]) });
      assert.equal(step(c, 'packages').verdict, 'broken');
      assert.match(texts(c, 'packages').join('\n'), /broken: Acme Billing: its lead manager, Former Manager, is an inactive user/);
      assert.equal(step(c, 'packages').action?.target, '/lightning/r/sfLma__Package__c/a0P000000000001AAA/view');
      assert.deepEqual(
        stepsNeedingFixes(c).map((s) => s.id),
        ['packages'],
      );
    });

    it('is missing with no linked package; attention for a package without versions; fine without a lead manager', () => {
      assert.equal(step(check({ packages: ok([]) }), 'packages').verdict, 'missing');
      const [base] = valueOf(cleanSignals().packages);
      assert.equal(step(check({ packages: ok([{ ...base, versionCount: 0 }]) }), 'packages').verdict, 'attention');
      assert.equal(step(check({ packages: ok([{ ...base, leadManager: undefined }]) }), 'packages').verdict, 'done');
    });

    it("flags the workspace's packages the LMO does not have: by name (any case), or by 033 id when known", () => {
      const refs = projectPackageRefs([
        { name: 'ACME billing', packageId: '0Ho000000000001AAA' },
        { name: 'Acme Payroll', packageId: '0Ho000000000009AAA' },
      ]);
      const c = check({}, { projectPackages: refs });
      assert.equal(step(c, 'packages').verdict, 'attention');
      assert.deepEqual(
        texts(c, 'packages').filter((t) => t.startsWith('attention')),
        [
          'attention: Acme Payroll (in sfdx-project.json) is not linked to this LMO: link it in the Partner Console before customers install it, or their installs create no license.',
        ],
      );
      // A 033 id decides, whatever the name says.
      const byId = check({}, { projectPackages: [{ name: 'Renamed', subscriberPackageId: '033000000000001' }] });
      assert.equal(step(byId, 'packages').verdict, 'done');
      const wrongId = check({}, { projectPackages: [{ name: 'Acme Billing', subscriberPackageId: '033000000000777' }] });
      assert.equal(step(wrongId, 'packages').verdict, 'attention');
    });

    it('with a linking contribution (the Dev Hub verified each link), takes its findings instead of matching the project by name', () => {
      const refs = projectPackageRefs([{ name: 'Acme Payroll', packageId: '0Ho000000000009AAA' }]);
      assert.match(texts(check({}, { projectPackages: refs }), 'packages').join('\n'), /matched by name; connect a Dev Hub/);
      const linking = {
        verdict: 'attention' as const,
        findings: [
          { level: 'info' as const, text: 'Acme Billing: 1 released version not in the LMO yet (2.4.0).' },
          { level: 'attention' as const, text: 'Acme Payroll is not linked to this LMO.' },
        ],
        evidence: [{ label: 'Acme Payroll', detail: 'Not linked · 033000000000009AAA', source: 'Package2 × sfLma__Package__c' }],
        action: { kind: 'openUrl' as const, label: 'Open the Partner Console', target: 'https://partners.salesforce.com/' },
      };
      const c = check({}, { projectPackages: refs, linking });
      assert.equal(step(c, 'packages').verdict, 'attention');
      assert.deepEqual(texts(c, 'packages').slice(1), [
        'info: Acme Billing: 1 released version not in the LMO yet (2.4.0).',
        'attention: Acme Payroll is not linked to this LMO.',
      ]);
      assert.equal(step(c, 'packages').action?.target, 'https://partners.salesforce.com/');
      assert.ok(step(c, 'packages').evidence.some((e) => e.label === 'Acme Payroll'));
    });

    it('reads 0Ho and 033 ids from the project as package and subscriber package ids', () => {
      assert.deepEqual(
        projectPackageRefs([
          { name: 'A', packageId: '0Ho1' },
          { name: 'B', packageId: '0331' },
          { name: 'C', packageId: undefined },
        ]),
        [
          { name: 'A', packageId: '0Ho1', subscriberPackageId: undefined },
          { name: 'B', packageId: undefined, subscriberPackageId: '0331' },
          { name: 'C', packageId: undefined, subscriberPackageId: undefined },
        ],
      );
    });
  });

  describe('4. provisioning defaults', () => {
    it('says it cannot be verified (no API) and links the Partner Console; a contribution from the rules audit replaces that', () => {
      const c = check();
      assert.equal(step(c, 'provisioning').verdict, 'unverifiable');
      assert.equal(step(c, 'provisioning').action?.target, 'https://partners.salesforce.com/');
      const audited = check(
        {},
        {
          provisioning: {
            verdict: 'attention',
            findings: [{ level: 'attention', text: 'The last 31 installs got 30-day trials; your rules say 14.' }],
            evidence: [],
          },
        },
      );
      assert.equal(step(audited, 'provisioning').verdict, 'attention');
      assert.match(texts(audited, 'provisioning')[0], /31 installs/);
    });
  });

  describe('5. the dashboard', () => {
    it('cannot be verified, never done because licenses exist: it says what to check by hand in the LMO, with today’s numbers as information', () => {
      const c = check();
      const s = step(c, 'dashboard');
      assert.equal(s.verdict, 'unverifiable');
      assert.match(s.summary, /^Check by hand: a dashboard in the LMO with subscribers, seats, renewals and churn, pinned to the executives’ Home page\.$/);
      assert.match(
        texts(c, 'dashboard')[0],
        /^unverifiable: Check by hand, in the LMO .*active subscribers, total seats, the renewal pipeline and churn.*pinned to your executives’ Home page/,
      );
      assert.match(
        texts(c, 'dashboard')[1],
        /^info: Today this LMO has 150 production licenses: 120 active licenses in 100 orgs, 30 trials in 29 orgs \(production\)/,
      );
      assert.equal(s.action?.kind, 'verifyLmoDashboard');
      // No licenses, or counts that could not be read: still "cannot be verified", not attention.
      assert.equal(step(check({ licensesByStatus: ok([]) }), 'dashboard').verdict, 'unverifiable');
      assert.equal(step(check({ licensesByStatus: failed('error', 'timeout') }), 'dashboard').verdict, 'unverifiable');
      // With no LMA there is nothing to build a dashboard on.
      assert.equal(step(check({ licensesByStatus: failed('notInstalled') }), 'dashboard').verdict, 'missing');
    });

    it('verified (lmo-dashboard verify): its verdict, findings and action replace the check by hand', () => {
      const lmoDashboard = {
        verdict: 'attention' as const,
        findings: [{ level: 'attention' as const, text: 'Seats (per-seat licenses): the report counts 338, this product 340.' }],
        evidence: [{ label: 'Seats (per-seat licenses)', detail: 'report 338 · product 340', source: 'Report (SOQL) · /analytics/reports/{id}' }],
        action: { kind: 'openInOrg' as const, label: 'Open Dashboards in the LMO', target: '/lightning/o/Dashboard/home' },
      };
      const c = check({}, { lmoDashboard });
      const s = step(c, 'dashboard');
      assert.equal(s.verdict, 'attention');
      assert.match(s.summary, /not pinned or its numbers differ/);
      assert.deepEqual(texts(c, 'dashboard'), ['attention: Seats (per-seat licenses): the report counts 338, this product 340.']);
      assert.equal(s.action?.kind, 'openInOrg');
      assert.equal(step(check({}, { lmoDashboard: { ...lmoDashboard, verdict: 'done', findings: [] } }), 'dashboard').verdict, 'done');
    });

    it('does not make the checklist fail, and is no regression from a remembered "done"', () => {
      const c = check();
      assert.deepEqual(stepsNeedingFixes(c), []);
      assert.deepEqual(regressions({ dashboard: 'done' }, c), []);
    });
  });

  describe('gotchas', () => {
    it('counts licenses deleted in the last 15 days and points at the Recycle Bin', () => {
      const c = check({ deletedLicenses: ok(3) });
      const g = c.gotchas.find((x) => x.id === 'deletedLicenses');
      assert.equal(g?.level, 'attention');
      assert.match(g?.text ?? '', /^3 licenses were deleted in the last 15 days: those customers lost access/);
      assert.equal(g?.action?.kind, 'openRecycleBin');
      assert.equal(
        check({ deletedLicenses: ok(1) })
          .gotchas.find((x) => x.id === 'deletedLicenses')
          ?.text.startsWith('1 license was deleted'),
        true,
      );
      assert.equal(check().gotchas.find((x) => x.id === 'deletedLicenses')?.level, 'info');
    });

    it('says plainly that customer consent is visible only in the console, and what is missing for access', () => {
      const granted = check().gotchas.find((x) => x.id === 'subscriberSupport');
      assert.match(granted?.text ?? '', /shown only in the console/);
      assert.equal(granted?.level, 'info');
      const denied = check({ supportPages: ok(['SubscriberSupport']) }).gotchas.find((x) => x.id === 'subscriberSupport');
      assert.equal(denied?.level, 'attention');
      assert.match(denied?.text ?? '', /do not grant the console’s pages \(sfLma\.LoginToPartnerBT\)/);
    });

    it('always states the permanence of the LMO', () => {
      assert.match(check().gotchas[0].text, /for good/);
    });
  });

  it('a step takes its worst finding; notes never change it', () => {
    assert.equal(worstVerdict([{ level: 'info', text: '' }]), 'done');
    assert.equal(
      worstVerdict([
        { level: 'done', text: '' },
        { level: 'unverifiable', text: '' },
      ]),
      'unverifiable',
    );
    assert.equal(
      worstVerdict([
        { level: 'missing', text: '' },
        { level: 'broken', text: '' },
        { level: 'attention', text: '' },
      ]),
      'broken',
    );
  });
});
