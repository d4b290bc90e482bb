import * as assert from 'node:assert/strict';
import { type OwnedPackage, type OwningOrg } from '../../../src/core/linking/ownedPackages';
import { type GenerationInput, firstGenerationSteps, handOffKind, packageGeneration } from '../../../src/core/linking/pushGeneration';

const HUB = '00D5g0000DEVHUBEAB';
const PACKAGING_ORG = '00D5g00000PKG1GAAA';
const owned = (generation: '2gp' | '1gp', subscriberPackageId: string, managed = true): OwnedPackage => ({
  generation,
  package2Id: generation === '2gp' ? `0Ho${subscriberPackageId.slice(3)}` : undefined,
  subscriberPackageId,
  name: `pkg ${subscriberPackageId}`,
  namespace: 'ns',
  managed,
  releasedVersions: [],
});
const hub = (packages: OwnedPackage[], isDevHub = true): OwningOrg => ({ orgId: HUB, name: 'Acme Dev Hub', packages, isDevHub });
const input = (over: Partial<GenerationInput>): GenerationInput => ({
  name: 'Acme Insights (legacy)',
  subscriberPackageId: '0335g0000000004AAA',
  developerOrgId: PACKAGING_ORG,
  owner: undefined,
  ownerLabel: 'acme-hub',
  ...over,
});

describe('push-upgrade hand-off by package generation', () => {
  it('a Package2 of the Dev Hub is 2GP and gets the sf command; an unlocked one says so', () => {
    const v = packageGeneration(input({ subscriberPackageId: '0335g0000000002AAA', owner: hub([owned('2gp', '0335g0000000002AAA')]) }));
    assert.equal(v.generation, '2gp');
    assert.equal(handOffKind(v), 'sfCommand');
    assert.equal(v.pushOrgId, HUB);
    assert.match(v.basis, /Package2 of the Dev Hub acme-hub/);
    const unlocked = packageGeneration(input({ subscriberPackageId: '0335g0000000007AAA', owner: hub([owned('2gp', '0335g0000000007AAA', false)]) }));
    assert.equal(unlocked.unlocked, true);
    assert.equal(handOffKind(unlocked), 'sfCommand');
  });

  it("a MetadataPackage of the owning org is 1GP: the packaging org's hand-off, never the sf command", () => {
    const v = packageGeneration(input({ owner: hub([owned('2gp', '0335g0000000002AAA'), owned('1gp', '0335g0000000004AAA')]) }));
    assert.equal(v.generation, '1gp');
    assert.equal(handOffKind(v), 'packagingOrg');
    assert.equal(v.pushOrgId, HUB);
  });

  it("a linked package that is not a Package2 of the partner's Dev Hub is 1GP, pushed from the org that registered it", () => {
    const v = packageGeneration(input({ owner: hub([owned('2gp', '0335g0000000002AAA')]) }));
    assert.equal(v.generation, '1gp');
    assert.equal(v.pushOrgId, PACKAGING_ORG);
    assert.match(v.basis, /not a Package2 of the Dev Hub acme-hub.*registered from its packaging org 00D5g00000PKG1GAAA/);
    // Registered from the Dev Hub itself but not one of its Package2: 1GP too, even when it owns no 2GP.
    assert.equal(packageGeneration(input({ developerOrgId: HUB, owner: hub([]) })).generation, '1gp');
  });

  it('sfdx-project.json naming it with a 0Ho id makes it 2GP, whatever the Dev Hub', () => {
    const v = packageGeneration(input({ name: 'Acme Billing', project: [{ name: 'acme billing', packageId: '0Ho5g0000000001AAA' }] }));
    assert.equal(v.generation, '2gp');
    assert.match(v.basis, /sfdx-project\.json names it with a Package2 id \(0Ho5g0000000001AAA\)/);
    // A 033 alias says nothing about the generation.
    assert.equal(packageGeneration(input({ project: [{ name: 'Acme Insights (legacy)', packageId: '0335g0000000004AAA' }] })).generation, undefined);
  });

  it('says it cannot tell, rather than guess, when nothing connected can: no Dev Hub, an org that is no Dev Hub, a Dev Hub unrelated to the package', () => {
    const none = packageGeneration(input({ owner: undefined }));
    assert.equal(none.generation, undefined);
    assert.equal(handOffKind(none), 'undetermined');
    assert.match(none.basis, /^No Dev Hub is connected, so whether it is a first- or second-generation package cannot be known/);
    const notHub = packageGeneration(input({ owner: hub([owned('1gp', '0335g0000000099AAA')], false) }));
    assert.equal(notHub.generation, undefined);
    assert.match(notHub.basis, /acme-hub is not a Dev Hub/);
    // A Dev Hub that owns no 2GP package and did not register this one (the LMO alone, tried as its own Dev Hub).
    assert.equal(packageGeneration(input({ owner: hub([]) })).generation, undefined);
  });

  it('the 1GP steps: the Push Upgrades page and the PackagePushRequest/PackagePushJob API, with no sf command', () => {
    const steps = firstGenerationSteps({
      packageName: 'Acme Insights (legacy)\n$(rm -rf ~)',
      versionNumber: '3.2.0',
      packageVersionId: '04t5g0400000003AAA',
      orgFile: '/tmp/orgs.csv',
      orgCount: 13,
      packagingOrgId: PACKAGING_ORG,
      startTime: '2026-04-01T21:00:00',
    }).join('\n');
    assert.match(steps, /packaging org \(org 00D5g00000PKG1GAAA\)/);
    assert.match(steps, /Packages → Acme Insights \(legacy\) \$\(rm -rf ~\) → Versions tab → Push Upgrades → Schedule Push Upgrades/);
    assert.match(steps, /PackagePushRequest: PackageVersionId = 04t5g0400000003AAA, ScheduledStartTime = 2026-04-01T21:00:00Z/);
    assert.match(steps, /PackagePushJob per line .* SubscriberOrganizationKey = the org id/);
    assert.match(steps, /Status = Pending/);
    assert.match(steps, /the 13 orgs in \/tmp\/orgs\.csv/);
    assert.doesNotMatch(steps, /sf package push-upgrade/);
  });
});
