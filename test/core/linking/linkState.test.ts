import * as assert from 'node:assert/strict';
import { type LinkReportInput, linkReport, packagesNeedingLinks } from '../../../src/core/linking/linkState';
import { findOwnedPackage } from '../../../src/core/linking/ownedPackages';
import { resolveProjectPackages } from '../../../src/core/linking/resolve';
import { aPackage, anOwnedPackage, anOwnedVersion } from '../../support/builders';

const HUB = '00D5g0000DEVHUBEAQ';
const LMO = '00D5g0000LMODEMEQ5';

const billing = anOwnedPackage({
  name: 'Acme Billing',
  package2Id: '0Ho5g0000000001CAA',
  subscriberPackageId: '0335g0000000001AAA',
  releasedVersions: [
    anOwnedVersion('1.0.0', '04t5g0100000001AAA'),
    anOwnedVersion('2.3.0', '04t5g0100000010AAA'),
    anOwnedVersion('2.4.0', '04t5g0100000011AAA'),
  ],
});
const payroll = anOwnedPackage({
  name: 'Acme Payroll',
  package2Id: '0Ho5g0000000009CAA',
  subscriberPackageId: '0335g0000000009AAA',
  releasedVersions: [anOwnedVersion('0.1.0', '04t5g0900000001AAA')],
});
const fieldService = anOwnedPackage({ name: 'Acme Field Service', package2Id: '0Ho5g0000000003CAA', subscriberPackageId: '0335g0000000003AAA' });
const tools = anOwnedPackage({ name: 'Acme Dev Tools', managed: false, namespace: undefined });
const legacy = anOwnedPackage({ generation: '1gp', package2Id: undefined, name: 'Acme Insights', subscriberPackageId: '0335g0000000004AAA' });

const billingRecord = aPackage({ name: 'Acme Billing', packageId: '0335g0000000001', developerOrgId: HUB });
const fieldServiceRecord = aPackage({ name: 'Acme Field Service', packageId: '0335g0000000003AAA', developerOrgId: '00D5g00000PKG03EAH' });
const legacyRecord = aPackage({ name: 'Acme Insights', packageId: '0335g0000000004AAA', developerOrgId: HUB.slice(0, 15) });

function input(overrides: Partial<LinkReportInput> = {}): LinkReportInput {
  return {
    lmoOrgId: LMO,
    lmoPackages: [billingRecord, fieldServiceRecord, legacyRecord],
    lmoVersions: [
      { packageId: billingRecord.id, versionId: '04t5g0100000001AAA' },
      { packageId: billingRecord.id, versionId: '04t5g0100000010' },
    ],
    owner: { orgId: HUB, name: 'Acme Dev Hub', packages: [billing, payroll, fieldService, tools, legacy] },
    project: undefined,
    ...overrides,
  };
}
const stateOf = (report: ReturnType<typeof linkReport>, name: string) => report.packages.find((p) => p.name === name)?.state;

describe('link states: the owning org × the LMO × the project', () => {
  it('linked: a record with the 033 id (15 or 18 characters) naming the owning org as developer (15 or 18)', () => {
    const report = linkReport(input());
    const p = report.packages.find((x) => x.name === 'Acme Billing');
    assert.equal(p?.state, 'linked');
    assert.equal(p?.lmoPackage?.id, billingRecord.id);
    assert.equal(stateOf(report, 'Acme Insights'), 'linked', '1GP: the packaging org, its id stored with 15 characters');
    assert.match(report.packages.find((x) => x.name === 'Acme Insights')?.reason ?? '', /packaging org/);
  });

  it('linked elsewhere: the record exists but names another developer org', () => {
    const p = linkReport(input()).packages.find((x) => x.name === 'Acme Field Service');
    assert.equal(p?.state, 'linkedElsewhere');
    assert.match(p?.reason ?? '', /registered from org 00D5g00000PKG03EAH, not from the Dev Hub/);
  });

  it('not linked: no record with its 033 id, even when one has its name', () => {
    const namesake = aPackage({ name: 'Acme Payroll', packageId: '0335g0000000099AAA', developerOrgId: HUB });
    const report = linkReport(input({ lmoPackages: [billingRecord, fieldServiceRecord, namesake] }));
    assert.equal(stateOf(report, 'Acme Payroll'), 'notLinked');
    assert.deepEqual(
      packagesNeedingLinks(report).map((p) => p.name),
      ['Acme Payroll', 'Acme Field Service', 'Acme Insights'],
    );
  });

  it('compares ids exactly: a 033 id that differs only in letter case is another package', () => {
    const twin = aPackage({ name: 'Acme Payroll', packageId: '0335G0000000009AAA', developerOrgId: HUB });
    assert.equal(stateOf(linkReport(input({ lmoPackages: [twin] })), 'Acme Payroll'), 'notLinked');
    const otherHub = aPackage({ packageId: '0335g0000000009AAA', developerOrgId: '00d5g0000DEVHUBEAQ' });
    assert.equal(stateOf(linkReport(input({ lmoPackages: [otherHub] })), 'Acme Payroll'), 'linkedElsewhere');
  });

  it('unverified: a record exists but the owning org id is unknown, so its developer org cannot be compared', () => {
    const report = linkReport(input({ owner: { orgId: undefined, name: undefined, packages: [billing] } }));
    assert.equal(stateOf(report, 'Acme Billing'), 'unverified');
    assert.deepEqual(packagesNeedingLinks(report), []);
  });

  it('lists released versions the LMO has no record of, oldest first; a warning, not a failure', () => {
    const p = linkReport(input()).packages.find((x) => x.name === 'Acme Billing');
    assert.deepEqual(
      p?.missingVersions.map((v) => v.versionNumber),
      ['2.4.0'],
    );
    assert.equal(p?.latestVersion?.versionNumber, '2.4.0');
  });

  it('leaves unlocked packages out, unless the project names one: then it is there, not linkable, and fails nothing', () => {
    assert.equal(stateOf(linkReport(input()), 'Acme Dev Tools'), undefined);
    const report = linkReport(input({ project: [{ name: 'Dev Tools', packageId: tools.package2Id }] }));
    const p = report.packages.find((x) => x.name === 'Acme Dev Tools');
    assert.equal(p?.linkable, false);
    assert.equal(p?.inProject, true);
    assert.ok(!packagesNeedingLinks(report).includes(p as never));
  });

  it('matches the project by 0Ho id, then 033 id, then name; marks the owned ones as in the project', () => {
    const report = linkReport(
      input({
        project: [
          { name: 'Billing (renamed locally)', packageId: '0Ho5g0000000001AAA' },
          { name: 'Whatever', packageId: '0335g0000000003AAA' },
          { name: 'acme payroll', packageId: undefined },
        ],
      }),
    );
    assert.deepEqual(
      report.packages.filter((p) => p.inProject).map((p) => p.name),
      ['Acme Billing', 'Acme Payroll', 'Acme Field Service'],
    );
    assert.ok(report.packages.every((p) => p.ownedByDevHub));
  });

  it('project packages the owning org does not have: matched by 033 or name, never verified', () => {
    const report = linkReport(
      input({
        project: [
          { name: 'Acme Billing', packageId: '0Ho5g0000000777AAA' },
          { name: 'Partner Thing', packageId: '0335g0000000004AAA' },
          { name: 'Ghost', packageId: '0Ho5g0000000888AAA' },
        ],
        owner: { orgId: HUB, name: 'Hub', packages: [] },
      }),
    );
    assert.deepEqual(
      report.packages.map((p) => [p.name, p.state]),
      [
        ['Acme Billing', 'unverified'],
        ['Partner Thing', 'unverified'],
        ['Ghost', 'notLinked'],
      ],
    );
    assert.match(report.packages[0].reason, /does not own it/);
  });

  it('without an owning org: only the project, matched by name', () => {
    const report = linkReport(
      input({
        owner: undefined,
        project: [
          { name: 'Acme Billing', packageId: '0Ho5g0000000001AAA' },
          { name: 'Acme Payroll', packageId: undefined },
        ],
      }),
    );
    assert.deepEqual(
      report.packages.map((p) => [p.name, p.state]),
      [
        ['Acme Billing', 'unverified'],
        ['Acme Payroll', 'notLinked'],
      ],
    );
    assert.match(report.packages[1].reason, /No Dev Hub is connected/);
    assert.equal(report.sameOrg, false);
  });

  it('says when the LMO is the owning org (15- and 18-character ids)', () => {
    assert.equal(linkReport(input({ lmoOrgId: HUB.slice(0, 15) })).sameOrg, true);
    assert.equal(linkReport(input()).sameOrg, false);
  });
});

describe('0Ho → 033 for the workspace, and naming a package', () => {
  it('fills the 033 id from the owning org by 0Ho id (15 or 18), 033 id or name; unknown 0Ho ids are not guessed by name', () => {
    const refs = resolveProjectPackages(
      [
        { name: 'Acme Billing', packageId: '0Ho5g0000000001AAA' },
        { name: 'Acme Payroll', packageId: undefined },
        { name: 'Acme Field Service', packageId: '0Ho5g0000000333AAA' },
        { name: 'Legacy', packageId: '0335g0000000004AAA' },
      ],
      [billing, payroll, fieldService, legacy],
    );
    assert.deepEqual(refs, [
      { name: 'Acme Billing', packageId: '0Ho5g0000000001AAA', subscriberPackageId: '0335g0000000001AAA' },
      { name: 'Acme Payroll', packageId: '0Ho5g0000000009CAA', subscriberPackageId: '0335g0000000009AAA' },
      { name: 'Acme Field Service', packageId: '0Ho5g0000000333AAA', subscriberPackageId: undefined },
      { name: 'Legacy', packageId: undefined, subscriberPackageId: '0335g0000000004AAA' },
    ]);
  });

  it('finds a package by 0Ho or 033 id exactly, or by its one name in any case', () => {
    const owned = [billing, payroll, anOwnedPackage({ name: 'Twin' }), anOwnedPackage({ name: 'twin' })];
    assert.equal(findOwnedPackage(owned, '0Ho5g0000000009').found, payroll);
    assert.equal(findOwnedPackage(owned, '0335g0000000001AAA').found, billing);
    assert.equal(findOwnedPackage(owned, ' ACME billing ').found, billing);
    assert.equal(findOwnedPackage(owned, '0Ho5G0000000009CAA').found, undefined);
    const twins = findOwnedPackage(owned, 'TWIN');
    assert.equal(twins.found, undefined);
    assert.equal('ambiguous' in twins && twins.ambiguous.length, 2);
  });
});
