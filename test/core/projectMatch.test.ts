import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { type Package, type PackageVersion } from '../../src/core/package';
import { matchProject } from '../../src/core/projectMatch';
import { parseSfdxProject } from '../../src/core/sfdxProject';
import { packageAdoption, staleVersions } from '../../src/core/versionAdoption';

const pkg = (id: string, name: string, packageId: string): Package => ({
  id,
  name,
  packageId,
  developerName: undefined,
  developerOrgId: undefined,
  latestVersion: undefined,
  releaseDate: undefined,
  leadManagerId: undefined,
  lastLicenseRefresh: undefined,
});
const version = (id: string, packageId: string, versionNumber: string, versionId: string, isBeta = false): PackageVersion => ({
  id,
  packageId,
  name: versionNumber,
  versionNumber,
  versionId,
  releaseDate: calendarDate('2025-01-01'),
  isBeta,
  sequence: undefined,
});

const billing = pkg('a0P1', 'Acme Billing', '0335g0000000001AAA');
const legacy = pkg('a0P2', 'Legacy Tool', '0335g0000000007AAA');
const versions = [
  version('v1', 'a0P1', '1.9.0', '04t000000000001AAA'),
  version('v2', 'a0P1', '1.10.0', '04t000000000002AAA'),
  version('v3', 'a0P1', '1.11.0', '04t000000000003AAA', true),
  version('v4', 'a0P2', '3.0.0', '04t000000000004AAA'),
];
const live = new Map([
  ['v1', 30],
  ['v2', 60],
  ['v3', 10],
  ['v4', 5],
]);
const seats = new Map([
  ['v1', 300],
  ['v2', 900],
]);

describe('matching sfdx-project.json to the LMO', () => {
  it('computes adoption with the latest released (non-beta) version, numerically', () => {
    const a = packageAdoption(billing, versions, live, seats);
    assert.equal(a.live, 100);
    assert.equal(a.latest?.versionNumber, '1.10.0');
    assert.equal(a.shareOnLatest, 0.6);
    assert.deepEqual(
      staleVersions(a, 0.25).map((s) => [s.version.versionNumber, s.share]),
      [['1.9.0', 0.3]],
    );
    assert.deepEqual(staleVersions(a, 0.3), [], 'exactly the threshold is not over it');
  });

  it('matches packages by 033 id, by name, or through a version alias, and versions by 04t or name@version', () => {
    const text = JSON.stringify({
      packageDirectories: [
        { path: 'a', package: 'acme billing' },
        { path: 'b', package: 'Unknown Package' },
      ],
      packageAliases: {
        'Old Name': '0335g0000000007AAA',
        'Acme Billing@1.9.0-1': '04t000000000001AAA',
        'Acme Billing@1.10.0-1': '04tXXXXXXXXXXXXXXX',
        Renamed: '04t000000000004',
      },
    });
    const parsed = parseSfdxProject(text);
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    const match = matchProject(parsed.project, { packages: [billing, legacy], versions, liveByVersion: live, seatsByVersion: seats });
    assert.deepEqual(
      match.packages.map((p) => [p.entry.name, p.adoption?.pkg.name]),
      [
        ['acme billing', 'Acme Billing'],
        ['Unknown Package', undefined],
        ['Old Name', 'Legacy Tool'],
      ],
    );
    assert.deepEqual(
      match.versions.map((v) => [v.entry.alias, v.adoption?.version.versionNumber, v.adoption?.live]),
      [
        ['Acme Billing@1.9.0-1', '1.9.0', 30],
        ['Acme Billing@1.10.0-1', '1.10.0', 60],
        ['Renamed', '3.0.0', 5],
      ],
    );
  });
});
