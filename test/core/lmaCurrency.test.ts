import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { assessLmaCurrency, describeBaseline, findingKey, parseShippedBaseline, resolveBaseline } from '../../src/core/lmaCurrency';
import shipped from '../../src/core/lmaBaseline.json';

/** The shipped baseline's version, as the file says: the fallback the tests expect. */
const SHIPPED = shipped.latestKnownVersion;
const baseline = (version: string) => ({ version, asOf: calendarDate('2021-11-21'), source: 'test', origin: 'shipped' as const });

describe('LMA currency', () => {
  it('reads the shipped baseline file', () => {
    const result = parseShippedBaseline(shipped);
    assert.equal(result.ok, true);
    if (result.ok) {
      assert.equal(result.baseline.version, SHIPPED);
      assert.equal(result.baseline.asOf, '2021-11-21');
      assert.equal(result.baseline.origin, 'shipped');
    }
  });

  it('reports a missing or malformed baseline instead of throwing', () => {
    assert.deepEqual(parseShippedBaseline(undefined), { ok: false, problem: 'the baseline file is not a JSON object' });
    assert.match((parseShippedBaseline({ formatVersion: 2 }) as { problem: string }).problem, /format 2, expected 1/);
    assert.match((parseShippedBaseline({ formatVersion: 1, latestKnownVersion: 'latest' }) as { problem: string }).problem, /not a version number/);
  });

  it('lets a valid setting override the shipped baseline, and warns about an invalid one', () => {
    const overridden = resolveBaseline(shipped, { version: '1.25', asOf: '2026-10-01' });
    assert.equal(overridden.ok && overridden.baseline.version, '1.25');
    assert.equal(overridden.ok && overridden.baseline.origin, 'setting');
    const invalid = resolveBaseline(shipped, { version: 'newest' });
    assert.equal(invalid.ok && invalid.baseline.version, SHIPPED);
    assert.match(invalid.warning ?? '', /not a version number/);
    const blank = resolveBaseline(shipped, { version: '  \t', asOf: '2026-10-01' });
    assert.deepEqual(blank, resolveBaseline(shipped, {}), 'a blank setting is no setting: the shipped baseline, no warning');
    assert.equal(blank.ok && blank.baseline.origin, 'shipped');
    assert.equal(blank.ok && blank.baseline.version, SHIPPED);
    assert.equal(blank.warning, undefined);
    const padded = resolveBaseline(shipped, { version: ' 1.25 ' });
    assert.equal(padded.ok && padded.baseline.version, '1.25', 'a padded version is read without its spaces');
    assert.equal(padded.ok && padded.baseline.origin, 'setting');
  });

  it('compares at the baseline precision, numerically', () => {
    assert.equal(assessLmaCurrency('1.18.0', baseline('1.20')).kind, 'behind');
    assert.equal(assessLmaCurrency('1.20.3', baseline('1.20')).kind, 'current');
    assert.equal(assessLmaCurrency('1.20', baseline('1.20.2')).kind, 'current', 'major.minor from Publisher meets a patch baseline');
    assert.equal(assessLmaCurrency('1.9.0', baseline('1.10')).kind, 'behind');
    assert.equal(assessLmaCurrency('2.0.0', baseline('1.20')).kind, 'current');
    assert.equal(assessLmaCurrency('garbage', baseline('1.20')).kind, 'unknown');
  });

  it('says which baseline it used and where it comes from, calmly, in one clause (no nested parentheses)', () => {
    assert.equal(describeBaseline(baseline('1.20')), '1.20, seen in an LMO on 2021-11-21 (Salesforce publishes no list of LMA releases)');
    assert.equal(
      describeBaseline({ ...baseline('1.25'), origin: 'setting', asOf: calendarDate('2026-10-01') }),
      '1.25, from your lmaWorkbench.lmaBaseline.version setting (as of 2026-10-01)',
    );
    assert.equal(describeBaseline({ ...baseline('1.25'), origin: 'setting', asOf: undefined }), '1.25, from your lmaWorkbench.lmaBaseline.version setting');
  });

  it('keys findings so the same one is recognised again', () => {
    assert.equal(findingKey(assessLmaCurrency('1.18.0', baseline('1.20'))), 'behind:1.18.0:1.20');
    assert.notEqual(findingKey(assessLmaCurrency('1.19.0', baseline('1.20'))), findingKey(assessLmaCurrency('1.18.0', baseline('1.20'))));
  });
});
