import * as assert from 'node:assert/strict';
import { LINKED_ELSEWHERE, LINK_PACKAGE_COMMAND, NOT_LINKED, analyzeSfdxProject } from '../../../src/core/projectInsights/sfdxProjectAnalyzer';
import { linkReport } from '../../../src/core/linking/linkState';
import { aPackage, anOwnedPackage } from '../../support/builders';

const HUB = '00D5g0000DEVHUBEAQ';
const project = JSON.stringify({
  packageDirectories: [
    { path: 'a', package: 'Billing' },
    { path: 'b', package: 'Acme Payroll' },
    { path: 'c', package: 'Acme Field Service' },
  ],
  packageAliases: { Billing: '0Ho5g0000000001AAA', 'Acme Payroll': '0Ho5g0000000009AAA', 'Acme Field Service': '0Ho5g0000000003AAA' },
});
// The LMO calls the first package "Acme Billing"; the project calls it "Billing".
const billingRecord = aPackage({ name: 'Acme Billing', packageId: '0335g0000000001AAA', developerOrgId: HUB });
const fieldServiceRecord = aPackage({ name: 'Acme Field Service', packageId: '0335g0000000003AAA', developerOrgId: '00D5g00000PKG03EAH' });
const data = {
  packages: [billingRecord, fieldServiceRecord],
  versions: [],
  liveByVersion: new Map<string, number>(),
  seatsByVersion: new Map<string, number>(),
};
const links = linkReport({
  lmoOrgId: HUB,
  lmoPackages: data.packages,
  lmoVersions: [],
  owner: {
    orgId: HUB,
    name: 'Hub',
    packages: [
      anOwnedPackage({ name: 'Acme Billing', package2Id: '0Ho5g0000000001CAA', subscriberPackageId: '0335g0000000001AAA' }),
      anOwnedPackage({ name: 'Acme Payroll', package2Id: '0Ho5g0000000009CAA', subscriberPackageId: '0335g0000000009AAA' }),
      anOwnedPackage({ name: 'Acme Field Service', package2Id: '0Ho5g0000000003CAA', subscriberPackageId: '0335g0000000003AAA' }),
    ],
  },
  project: [
    { name: 'Billing', packageId: '0Ho5g0000000001AAA' },
    { name: 'Acme Payroll', packageId: '0Ho5g0000000009AAA' },
    { name: 'Acme Field Service', packageId: '0Ho5g0000000003AAA' },
  ],
});

describe('sfdx-project.json: "not linked", exact through the Dev Hub', () => {
  it('by name alone (no Dev Hub), a package the LMO names differently reads as not linked', () => {
    const findings = analyzeSfdxProject(project, data, { oldVersionShare: 0.1, orgLabel: 'my-lmo' });
    assert.deepEqual(
      findings.diagnostics.filter((d) => d.code === NOT_LINKED).map((d) => d.message.split(' is not')[0]),
      ['Billing', 'Acme Payroll'],
    );
  });

  it('with the link report: only the package really not linked, with its 033 id and a fix that links it', () => {
    const findings = analyzeSfdxProject(project, data, { oldVersionShare: 0.1, orgLabel: 'my-lmo', links });
    const notLinked = findings.diagnostics.filter((d) => d.code === NOT_LINKED);
    assert.equal(notLinked.length, 1);
    assert.equal(notLinked[0].severity, 'warning');
    assert.match(
      notLinked[0].message,
      /^Acme Payroll \(0335g0000000009AAA\) is not linked to the LMA in my-lmo: .*Verified by package id in my-lmo, which owns the package \(it is LMO and Dev Hub\)\.$/,
    );
    // Verified in a Dev Hub of its own: the message says so (the checklist's step 3 reads the same report).
    const apart = analyzeSfdxProject(project, data, { oldVersionShare: 0.1, orgLabel: 'my-lmo', links: { ...links, sameOrg: false } });
    assert.match(apart.diagnostics.find((d) => d.code === NOT_LINKED)?.message ?? '', /Verified by package id in the Dev Hub that owns the package\.$/);
    assert.deepEqual(notLinked[0].fixes[0], {
      title: 'Link this package…',
      action: { kind: 'command', id: LINK_PACKAGE_COMMAND, args: [{ subscriberPackageId: '0335g0000000009AAA', name: 'Acme Payroll' }] },
      preferred: true,
    });
    assert.equal(project.slice(notLinked[0].span.offset, notLinked[0].span.offset + notLinked[0].span.length), '"Acme Payroll"');
    const elsewhere = findings.diagnostics.filter((d) => d.code === LINKED_ELSEWHERE);
    assert.deepEqual(
      elsewhere.map((d) => d.message),
      ["Acme Field Service: the LMO's Package record (my-lmo) was registered from org 00D5g00000PKG03EAH, not from the Dev Hub that owns the package."],
    );
  });
});
