import * as assert from 'node:assert/strict';
import { lineColumn } from '../../../src/core/jsonSchemaFile';
import { type PackageInference } from '../../../src/core/provisioning/inference';
import { parseRulesFile } from '../../../src/core/provisioning/rulesFile';
import { rulesFileFromInference } from '../../../src/core/provisioning/rulesTemplate';
import { HOSTILE_NAMES } from '../../support/hostile';

const at = (text: string, needle: string, nth = 0) => {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `${needle} is in the text`);
  return index;
};

describe('provisioning rules file', () => {
  it('reads a valid file with comments and trailing commas, and knows where each rule sits', () => {
    const text = `// our rules
{
  "packages": {
    "Acme Billing": { "status": "Trial", "trialDays": 30, "seats": 10 }, // the main one
    "0335g0000000002AAA": { "status": "Active", "seats": "site", "termDays": "perpetual", },
  },
  /* policies */
  "policies": { "maxTrialDays": 30, "sandboxesSiteWide": true },
}`;
    const parsed = parseRulesFile(text);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const [billing, cpq] = parsed.rules.packages;
    assert.deepEqual(billing.defaults, { status: 'Trial', trialDays: 30, seats: 10 });
    assert.deepEqual(cpq.defaults, { status: 'Active', seats: 'site', termDays: 'perpetual' });
    assert.equal(text.slice(billing.keySpan.offset, billing.keySpan.offset + billing.keySpan.length), '"Acme Billing"');
    const trial = billing.fieldSpans.trialDays;
    assert.ok(trial);
    assert.equal(text.slice(trial.offset, trial.offset + trial.length), '30');
    const policy = parsed.rules.policySpans.maxTrialDays;
    assert.ok(policy);
    assert.equal(text.slice(policy.offset, policy.offset + policy.length), '"maxTrialDays": 30');
    assert.deepEqual(parsed.rules.policies, { maxTrialDays: 30, sandboxesSiteWide: true });
  });

  it('reports each schema error with its JSON path and its place in the text', () => {
    const text = `{
  "packages": {
    "Acme Billing": { "status": "Trial", "trialDays": 91, "seats": "lots", "colour": "blue" },
    "Acme CPQ": { "status": "Trial", "seats": 5 },
    "Acme FS": { "status": "Active", "seats": 5, "termDays": 365, "trialDays": 7 },
    "Acme Old": { "status": "Expired", "seats": -1, "termDays": 0 }
  },
  "policies": { "maxTrialDays": "thirty", "expiredGraceDays": -1 },
  "extra": true
}`;
    const parsed = parseRulesFile(text);
    assert.ok(!parsed.ok);
    const byPath = new Map(parsed.problems.map((p) => [p.path.join('/'), p]));
    const expect = (path: string, message: RegExp, spanText: string) => {
      const problem = byPath.get(path);
      assert.ok(problem, `a problem at ${path}: ${JSON.stringify(parsed.problems.map((p) => p.path.join('/')))}`);
      assert.match(problem.message, message);
      assert.equal(text.slice(problem.span.offset, problem.span.offset + problem.span.length), spanText, path);
    };
    expect('packages/Acme Billing/trialDays', /^packages › "Acme Billing" › trialDays: must be at most 90\.$/, '91');
    expect('packages/Acme Billing/seats', /whole number of seats from 0 to 99,000,000, or "site"/, '"lots"');
    expect('packages/Acme Billing/colour', /"colour" is not a known setting here/, '"colour"');
    expect('packages/Acme CPQ', /needs "trialDays"/, '"Acme CPQ"');
    expect('packages/Acme FS', /an Active default has termDays, not trialDays/, '"Acme FS"');
    expect('packages/Acme Old/status', /must be one of "Trial", "Active"/, '"Expired"');
    expect('packages/Acme Old/seats', /or "site"/, '-1');
    expect('packages/Acme Old/termDays', /1 to 36,500\) or "perpetual"/, '0');
    expect('policies/maxTrialDays', /expected a whole number/, '"thirty"');
    expect('policies/expiredGraceDays', /must be at least 0/, '-1');
    expect('extra', /"extra" is not a known setting/, '"extra"');
    // In text order, so the command line prints them top to bottom.
    const offsets = parsed.problems.map((p) => p.span.offset);
    assert.deepEqual(
      offsets,
      [...offsets].sort((a, b) => a - b),
    );
    assert.deepEqual(lineColumn(text, at(text, '91')), { line: 3, column: 55 });
  });

  it('reports broken JSON where it breaks, and refuses a file nested too deep without overflowing', () => {
    const broken = parseRulesFile('{ "packages": { "A": { "status": "Trial" ');
    assert.ok(!broken.ok);
    assert.match(broken.problems[0].message, /^Not valid JSON/);
    const deep = parseRulesFile(`${'['.repeat(100_000)}`);
    assert.ok(!deep.ok);
    assert.match(deep.problems[0].message, /Nested more than/);
    const array = parseRulesFile('[]');
    assert.ok(!array.ok);
    assert.match(array.problems[0].message, /expected an object/);
  });

  it('writes a rules file from inferred defaults that reads back to the same defaults, whatever the package names hold', () => {
    const names = [...HOSTILE_NAMES.filter((n): n is string => n !== null), 'Comment */ breaker', 'Line\u2028separator'];
    const inferences: PackageInference[] = names.map((name, i) => ({
      packageId: `a0P5g00000000${String(i).padStart(2, '0')}AAA`,
      packageName: name,
      packageKey: undefined,
      installs: 10,
      unchanged: 10,
      sample: 10,
      sampleFrom: undefined,
      sampleTo: undefined,
      sandboxes: { installs: 2, siteWide: 2 },
      confidence: 'high',
      defaults: {
        status: { value: i % 2 ? 'Trial' : 'Active', count: 10, of: 10, confidence: 'high' },
        seats: { value: i % 3 ? i : 'site', count: 10, of: 10, confidence: 'high' },
        ...(i % 2
          ? { trialDays: { value: 14 + i, count: 10, of: 10, confidence: 'high' } }
          : { termDays: { value: 'perpetual', count: 9, of: 10, confidence: 'medium' } }),
      },
    }));
    const text = rulesFileFromInference(inferences, { today: '2026-03-10' });
    assert.match(text, /Partner Console/);
    const parsed = parseRulesFile(text);
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    assert.deepEqual(
      parsed.rules.packages.map((p) => p.key),
      names,
    );
    assert.deepEqual(parsed.rules.packages[1].defaults, { status: 'Trial', trialDays: 15, seats: 1 });
    assert.deepEqual(parsed.rules.packages[0].defaults, { status: 'Active', seats: 'site', termDays: 'perpetual' });
    // Every comment stays one line: no name ends its comment early.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    const unsafe = /[\u0000-\u0008\u000B-\u001F\u2028\u2029\u202E]/;
    for (const line of text.split('\n')) assert.ok(!unsafe.test(line), JSON.stringify(line));
  });
});
