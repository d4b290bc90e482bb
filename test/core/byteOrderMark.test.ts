/** JSON files written by Windows editors start with a byte order mark: every JSON file the product reads accepts it. */
import * as assert from 'node:assert/strict';
import { lineColumn } from '../../src/core/jsonSchemaFile';
import { parseValuePlanFile } from '../../src/core/features/planFile';
import { parsePlanFile } from '../../src/core/licenseChanges/planFile';
import { parseRulesFile } from '../../src/core/provisioning/rulesFile';
import { parseSfdxProject } from '../../src/core/sfdxProject';

const BOM = '\uFEFF';

describe('JSON files with a UTF-8 byte order mark', () => {
  it('a license change plan', () => {
    const parsed = parsePlanFile(`${BOM}{ "changes": [ { "license": "a0L5g0000000001AAA", "seats": 3 } ] }`);
    assert.ok(parsed.ok, JSON.stringify(parsed));
  });

  it('a feature value plan', () => {
    const parsed = parseValuePlanFile(`${BOM}{ "changes": [ { "license": "a0L5g0000000001AAA", "parameter": "acme__Max", "value": 3 } ] }`);
    assert.ok(parsed.ok, JSON.stringify(parsed));
  });

  it('a rules file', () => {
    const parsed = parseRulesFile(`${BOM}{ "packages": { "Acme Billing": { "status": "Active", "seats": 10, "termDays": 365 } } }`);
    assert.ok(parsed.ok, JSON.stringify(parsed));
  });

  it('sfdx-project.json', () => {
    const parsed = parseSfdxProject(`${BOM}{ "packageDirectories": [ { "path": "force-app", "default": true } ] }`);
    assert.ok(parsed.ok, JSON.stringify(parsed));
  });

  it('and a problem after it is still placed on the right line and column', () => {
    const text = `${BOM}{\n  "changes": [ { "license": "a0L5g0000000001AAA", "seats": -1 } ]\n}`;
    const parsed = parsePlanFile(text);
    assert.ok(!parsed.ok);
    const { line, column } = lineColumn(text, parsed.problems[0].span.offset);
    assert.equal(text.split('\n')[line - 1].slice(column - 1, column + 1), '-1');
  });
});
