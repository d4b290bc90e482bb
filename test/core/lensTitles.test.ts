/** CodeLens titles render `$(icon)` syntax: org text that reaches one must show as text, not as an icon. */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { analyzeSfdxProject } from '../../src/core/projectInsights/sfdxProjectAnalyzer';
import { type PackageVersion } from '../../src/core/package';
import { aPackage } from '../support/builders';
import { HOSTILE_NAMES } from '../support/hostile';

const ICONS = HOSTILE_NAMES.find((n) => n?.includes('$(')) as string;

describe('sfdx-project.json lenses from org text', () => {
  it('never lets a version number from the org render $(icon) syntax in a lens title', () => {
    const pkg = aPackage({ name: ICONS });
    const version: PackageVersion = {
      id: 'a0O5g0000000001AAA',
      packageId: pkg.id,
      name: ICONS,
      versionNumber: ICONS,
      versionId: '04t5g0000000001AAA',
      releaseDate: calendarDate('2025-06-01'),
      isBeta: false,
      sequence: 1,
    };
    const project = JSON.stringify({ packageDirectories: [{ path: 'a', package: ICONS }] });
    const findings = analyzeSfdxProject(
      project,
      { packages: [pkg], versions: [version], liveByVersion: new Map([[version.id, 3]]), seatsByVersion: new Map() },
      { oldVersionShare: 0.1, orgLabel: 'my-lmo' },
    );
    assert.equal(findings.lenses.length, 1);
    const title = findings.lenses[0].title;
    assert.match(title, /^3 live subscribers · 100% on the latest version /);
    assert.ok(title.includes('alert') && title.includes('rocket'), 'the text is still shown');
    assert.doesNotMatch(title, /\$\(/, 'no $( left for the editor to turn into an icon');
  });
});
