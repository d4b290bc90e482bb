import * as assert from 'node:assert/strict';
import { linkingContribution } from '../../../src/core/linking/checklist';
import { linkingGuide } from '../../../src/core/linking/guide';
import { linkPollOf, linkPollStep } from '../../../src/core/linking/linkPoll';
import { linkReport } from '../../../src/core/linking/linkState';
import { aPackage, anOwnedPackage, anOwnedVersion } from '../../support/builders';
import { HOSTILE_NAMES } from '../../support/hostile';

const HUB = '00D5g0000DEVHUBEAQ';
const PAYROLL = '0335g0000000009AAA';

describe('linking: one poll, the guide, the checklist', () => {
  describe('a poll', () => {
    const target = { subscriberPackageId: PAYROLL, ownerOrgId: HUB, releasedVersionIds: ['04t5g0900000001AAA', '04t5g0900000002AAA'] };

    it('not linked while there is no record for the exact 033 id (a case twin does not count)', () => {
      const twin = aPackage({ packageId: '0335G0000000009AAA', developerOrgId: HUB });
      const poll = linkPollOf(target, [twin], [{ packageId: twin.id, versionId: '04t5g0900000001AAA' }]);
      assert.equal(poll.state, 'notLinked');
      assert.deepEqual(poll.versionIds, []);
      assert.equal(linkPollStep(poll).done, false);
    });

    it('linked once the record names the owning org; says which released versions have arrived', () => {
      const record = aPackage({ packageId: '0335g0000000009', developerOrgId: HUB.slice(0, 15) });
      const poll = linkPollOf(
        target,
        [record],
        [
          { packageId: record.id, versionId: '04t5g0900000001AAA' },
          { packageId: 'a0P5g0000000OTHER', versionId: '04t5g0900000002AAA' },
        ],
      );
      assert.equal(poll.state, 'linked');
      assert.deepEqual(poll.versionIds, ['04t5g0900000001AAA']);
      assert.deepEqual(poll.missingVersionIds, ['04t5g0900000002AAA']);
      assert.equal(linkPollStep(poll).done, true);
      assert.equal(linkPollStep(poll, true).done, false, 'waiting for the versions too');
    });

    it('linked elsewhere ends the wait too (waiting longer would not change it); no owner org: unverified', () => {
      const record = aPackage({ packageId: PAYROLL, developerOrgId: '00D5g00000OTHER' });
      const elsewhere = linkPollOf(target, [record], []);
      assert.equal(elsewhere.state, 'linkedElsewhere');
      assert.equal(linkPollStep(elsewhere, true).done, true);
      assert.equal(linkPollOf({ subscriberPackageId: PAYROLL }, [record], []).state, 'unverified');
    });
  });

  describe('the Partner Console guide', () => {
    it('numbers the steps, gives the values to copy and warns that linking is permanent', () => {
      const guide = linkingGuide({
        packageName: 'Acme Payroll',
        subscriberPackageId: PAYROLL,
        generation: '2gp',
        ownerLabel: 'acme-hub',
        lmoLabel: 'acme-lmo',
        lmoOrgId: '00D5g0000LMODEMEQ5',
        lmoUsername: 'admin@acme.example',
      });
      assert.deepEqual(
        guide.steps.map((s) => s.number),
        [1, 2, 3, 4, 5, 6],
      );
      assert.deepEqual(
        guide.steps.filter((s) => s.copy).map((s) => s.copy),
        [
          { label: 'Package ID', value: PAYROLL },
          { label: 'LMO org ID', value: '00D5g0000LMODEMEQ5' },
        ],
      );
      assert.match(guide.steps[1].text, /Dev Hub that owns Acme Payroll \(acme-hub\)/);
      assert.match(guide.permanence, /permanent.*cannot be moved/);
      assert.match(guide.afterwards, /30 minutes or more/);
      assert.equal(guide.consoleUrl, 'https://partners.salesforce.com/');
      assert.match(
        linkingGuide({
          ...guide,
          packageName: 'X',
          subscriberPackageId: PAYROLL,
          generation: '1gp',
          ownerLabel: undefined,
          lmoLabel: 'l',
          lmoOrgId: undefined,
          lmoUsername: undefined,
        }).steps[1].text,
        /packaging org/,
      );
    });

    it('keeps hostile names on one line', () => {
      const guide = linkingGuide({
        packageName: String(HOSTILE_NAMES[7]),
        subscriberPackageId: PAYROLL,
        generation: '2gp',
        ownerLabel: undefined,
        lmoLabel: 'lmo\nsecond line',
        lmoOrgId: undefined,
        lmoUsername: undefined,
      });
      for (const text of [guide.title, guide.permanence, ...guide.steps.map((s) => s.text)]) assert.doesNotMatch(text, /[\n\u202E]/);
    });
  });

  describe('the setup checklist', () => {
    const billing = anOwnedPackage({
      name: 'Acme Billing',
      subscriberPackageId: '0335g0000000001AAA',
      releasedVersions: [anOwnedVersion('2.3.0', '04t5g0100000010AAA')],
    });
    const payroll = anOwnedPackage({ name: 'Acme Payroll', subscriberPackageId: PAYROLL });
    const billingRecord = aPackage({ name: 'Acme Billing', packageId: '0335g0000000001AAA', developerOrgId: HUB });
    const report = linkReport({
      lmoOrgId: HUB,
      lmoPackages: [billingRecord],
      lmoVersions: [],
      owner: { orgId: HUB, name: 'Hub', packages: [billing, payroll] },
      project: [{ name: 'Acme Payroll', packageId: payroll.package2Id }],
    });

    it('turns the report into findings: not linked is attention, missing versions a note', () => {
      const c = linkingContribution(report, 'acme-hub');
      assert.equal(c.verdict, 'attention');
      assert.deepEqual(
        c.findings.map((f) => f.level),
        ['info', 'attention'],
      );
      assert.match(c.findings[0].text, /Acme Billing: 1 released version not in the LMO yet \(2\.3\.0\)/);
      assert.match(c.findings[1].text, /Acme Payroll is not linked/);
      assert.equal(c.action?.target, 'https://partners.salesforce.com/');
    });

    it('says done when every package is linked', () => {
      const all = linkReport({
        lmoOrgId: HUB,
        lmoPackages: [billingRecord],
        lmoVersions: [{ packageId: billingRecord.id, versionId: '04t5g0100000010AAA' }],
        owner: { orgId: HUB, name: 'Hub', packages: [billing] },
        project: undefined,
      });
      const c = linkingContribution(all, 'acme-hub');
      assert.equal(c.verdict, 'done');
      assert.match(c.findings[0].text, /Every package acme-hub owns is linked/);
    });
  });
});
