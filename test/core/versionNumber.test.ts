import * as assert from 'node:assert/strict';
import { compareVersionNumbers, parseVersionNumber } from '../../src/core/versionNumber';
import { latestReleasedVersion, sortVersionsNewestFirst } from '../../src/core/package';

describe('version numbers', () => {
  it('compares numerically, not as text', () => {
    assert.ok(compareVersionNumbers('1.10', '1.9') > 0);
    assert.ok(compareVersionNumbers('1.10.0', '1.9.9') > 0);
    assert.ok(compareVersionNumbers('2.0', '10.0') < 0);
    assert.equal(compareVersionNumbers('1.2', '1.2.0'), 0);
    // Missing parts count as 0, whichever side is shorter.
    assert.ok(compareVersionNumbers('1.2', '1.2.1') < 0);
    assert.ok(compareVersionNumbers('1.2.1', '1.2') > 0);
    assert.ok(compareVersionNumbers('1.2.0.1', '1.2') > 0);
    assert.equal(compareVersionNumbers('1.2.0.0', '1.2'), 0);
    // Text that is no version sorts below any version, and among itself as text.
    assert.ok(compareVersionNumbers('beta', '0.1') < 0);
    assert.ok(compareVersionNumbers('0.1', 'beta') > 0);
    assert.ok(compareVersionNumbers('1.2.3-4', '1.2.3-10') < 0);
  });

  it('parses the forms found in the LMA and in sfdx-project.json', () => {
    assert.deepEqual(parseVersionNumber('1.2.3'), [1, 2, 3]);
    assert.deepEqual(parseVersionNumber('ver 1.2'), [1, 2]);
    assert.deepEqual(parseVersionNumber('1.2.3-1'), [1, 2, 3, 1]);
    assert.equal(parseVersionNumber('1.2.NEXT'), undefined);
    assert.equal(parseVersionNumber(''), undefined);
  });

  it('finds the latest released version, skipping betas', () => {
    const versions = [
      { versionNumber: '1.9.0', isBeta: false },
      { versionNumber: '1.10.0', isBeta: false },
      { versionNumber: '1.11.0', isBeta: true },
      { versionNumber: '1.2.0', isBeta: false },
    ];
    assert.equal(latestReleasedVersion(versions)?.versionNumber, '1.10.0');
    assert.deepEqual(
      sortVersionsNewestFirst(versions).map((v) => v.versionNumber),
      ['1.11.0', '1.10.0', '1.9.0', '1.2.0'],
    );
    assert.equal(latestReleasedVersion([{ versionNumber: '1.0', isBeta: true }]), undefined);
  });
});
