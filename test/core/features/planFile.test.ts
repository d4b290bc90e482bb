/** The value plan file of `lma-workbench features set --plan FILE`. */
import * as assert from 'node:assert/strict';
import { FEATURE_VALUES_SCHEMA, parseValuePlanFile } from '../../../src/core/features/planFile';

describe('the feature parameter value plan file', () => {
  it('reads the changes (comments allowed) and keeps only license, parameter and value', () => {
    const text = `{
  // why
  "$schema": "../schemas/feature-values.schema.json",
  "description": "Q2 upsell",
  "changes": [
    { "license": "a0L5g0000000001AAA", "parameter": "acme__AdvancedReporting", "value": true },
    { "license": "a0L5g0000000002", "parameter": "QuotesCreated", "value": 250 },
    { "license": "a0L5g0000000003AAA", "parameter": "RenewalDate", "value": "2027-01-31" },
  ],
}`;
    assert.deepEqual(parseValuePlanFile(text), {
      ok: true,
      request: {
        description: 'Q2 upsell',
        changes: [
          { license: 'a0L5g0000000001AAA', parameter: 'acme__AdvancedReporting', value: true },
          { license: 'a0L5g0000000002', parameter: 'QuotesCreated', value: 250 },
          { license: 'a0L5g0000000003AAA', parameter: 'RenewalDate', value: '2027-01-31' },
        ],
      },
    });
  });

  it('has no description when the file gives none', () => {
    const parsed = parseValuePlanFile(`{ "changes": [{ "license": "a0L5g0000000001AAA", "parameter": "Seats", "value": 3 }] }`);
    assert.ok(parsed.ok);
    assert.equal('description' in parsed.request, false);
  });

  it('places each problem in the text: a record id that is not a License, a value of no parameter type', () => {
    const text = `{ "changes": [{ "license": "0015g0000000001AAA", "parameter": "Seats", "value": 2.5 }] }`;
    const parsed = parseValuePlanFile(text);
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.deepEqual(
      parsed.problems.map((p) => [text.slice(p.span.offset, p.span.offset + p.span.length), p.path.join('.')]),
      [
        ['"0015g0000000001AAA"', 'changes.0.license'],
        ['2.5', 'changes.0.value'],
      ],
    );
    assert.match(parsed.problems[0].message, /must be a License record id \(15 or 18 characters\)/);
  });

  it('publishes the schema the editor validates the file with', () => {
    assert.equal(FEATURE_VALUES_SCHEMA.title, 'LMA Workbench feature parameter value plan');
  });
});
