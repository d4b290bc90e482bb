/** A hostile or runaway rules file: refused with a clear message, never a stack overflow; located problems in linear time. */
import * as assert from 'node:assert/strict';
import { lineColumn, lineLocator } from '../../../src/core/jsonSchemaFile';
import { MAX_RULES_FILE_CHARS, parseRulesFile } from '../../../src/core/provisioning/rulesFile';

const rulesOf = (count: number, entry: (i: number) => string) =>
  `{"packages": {\n${Array.from({ length: count }, (_, i) => `"p${i}": ${entry(i)}`).join(',\n')}\n}}`;

describe('a large rules file', () => {
  it('with hundreds of thousands of invalid entries is refused for its size, naming the limit', () => {
    const text = rulesOf(300_000, () => '{"status":"Bogus","seats":"x"}');
    const parsed = parseRulesFile(text);
    assert.ok(!parsed.ok);
    assert.equal(parsed.problems.length, 1);
    assert.match(
      parsed.problems[0].message,
      new RegExp(`^The rules file has ${text.length.toLocaleString('en-US')} characters; a rules file may have at most 1,000,000`),
    );
  });

  it('under the limit but with too many problems to gather says so instead of overflowing the stack', () => {
    const text = rulesOf(22_000, () => '{"x":1}');
    assert.ok(text.length < MAX_RULES_FILE_CHARS);
    const parsed = parseRulesFile(text);
    assert.ok(!parsed.ok);
    assert.ok(parsed.problems.length >= 1);
  });

  it('places thousands of problems on their lines without rescanning the file for each', () => {
    const text = rulesOf(3_000, () => '{"status":"Bogus","seats":10,"termDays":365}');
    const parsed = parseRulesFile(text);
    assert.ok(!parsed.ok);
    assert.equal(parsed.problems.length, 3_000);
    const locate = lineLocator(text);
    for (const p of parsed.problems.filter((_, i) => i % 500 === 0)) assert.deepEqual(locate(p.span.offset), lineColumn(text, p.span.offset));
    assert.deepEqual(locate(parsed.problems[2_999].span.offset).line, 3_001);
  });

  it('a valid file of 15,000 rules parses', () => {
    const parsed = parseRulesFile(rulesOf(15_000, () => '{"status":"Active","seats":1,"termDays":365}'));
    assert.ok(parsed.ok);
    assert.equal(parsed.rules.packages.length, 15_000);
  });
});
