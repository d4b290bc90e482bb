/** The SOQL text sent to Salesforce: every literal escaped, every long IN list split under the WHERE limit. */
import * as assert from 'node:assert/strict';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { MAX_WHERE_LENGTH, chunkByWhereLength, soql, soqlDate, soqlDateTime, soqlLiteral, soqlStartsWith, soqlString, whereOf } from '../../src/data/org/soql';

describe('SOQL literals', () => {
  it('escapes every character SOQL treats specially, each as its own escape', () => {
    assert.equal(soqlString('a\rb\tc\bd\fe'), "'a\\rb\\tc\\bd\\fe'");
    assert.equal(soqlString(`\\'"\n`), `'\\\\\\'\\"\\n'`);
    assert.equal(soqlString('plain text, 50% off_now'), "'plain text, 50% off_now'");
  });

  it('matches a prefix literally: wildcards in the text are escaped, one wildcard at the end', () => {
    assert.equal(soqlStartsWith('00D5g'), "'00D5g%'");
    assert.equal(soqlStartsWith("a%b_c'd"), "'a\\%b\\_c\\'d%'");
  });

  it('writes booleans, numbers and null as SOQL does', () => {
    assert.equal(soqlLiteral(false), 'false');
    assert.equal(soqlLiteral(true), 'true');
    assert.equal(soqlLiteral(0), '0');
    assert.equal(soqlLiteral(-2.5), '-2.5');
    assert.equal(soqlLiteral(null), 'null');
    assert.equal(soqlLiteral([1, 'x']), "(1, 'x')");
    assert.throws(() => soqlLiteral(Number.POSITIVE_INFINITY), /^RangeError: Not a finite number: Infinity$/);
  });

  it('takes a date literal only when the whole text is a date', () => {
    assert.throws(() => soqlDate("' OR Name != '' OR CreatedDate > 2026-01-01"), /^RangeError: Not a date: /);
    assert.equal(String(soqlDate('2026-01-31')), '2026-01-31');
  });

  it('writes an instant as a UTC date-time to the second, and refuses what is not one', () => {
    assert.equal(String(soqlDateTime('2026-03-10T12:34:56.789+01:00')), '2026-03-10T11:34:56Z');
    assert.equal(String(soqlDateTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))), '2026-01-02T03:04:05Z');
    assert.throws(() => soqlDateTime('yesterday'), /^RangeError: Not a date-time: yesterday$/);
    assert.equal(
      soql`SELECT Id FROM X WHERE CreatedDate > ${soqlDateTime('2026-03-10T00:00:00Z')}`,
      'SELECT Id FROM X WHERE CreatedDate > 2026-03-10T00:00:00Z',
    );
  });

  it('reads the WHERE clause of a statement, up to the clause after it', () => {
    assert.equal(whereOf('SELECT Id FROM X WHERE A = 1 AND B = 2 ORDER BY Id LIMIT 5'), 'A = 1 AND B = 2');
    assert.equal(whereOf('SELECT COUNT() FROM X WHERE A = 1 GROUP BY B'), 'A = 1');
    assert.equal(whereOf('SELECT Id FROM X WHERE A = 1 LIMIT 5'), 'A = 1');
    assert.equal(whereOf('SELECT Id FROM X WHERE A = 1 OFFSET 5'), 'A = 1');
    assert.equal(whereOf('SELECT Id FROM X\nwhere\nA = 1'), 'A = 1');
    assert.equal(whereOf('SELECT Id FROM X'), '');
  });
});

describe('splitting a long IN list under the WHERE limit', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `a0L5g${String(i).padStart(10, '0')}AAA`);
  const render = (chunk: readonly string[]) => soql`Status = 'Active' AND Id IN ${chunk}`;

  it('keeps every rendered clause at or under the limit, with every value exactly once, in order', () => {
    const values = ids(500);
    const chunks = chunkByWhereLength(values, render);
    assert.ok(chunks.length > 1);
    assert.deepEqual(chunks.flat(), values);
    for (const c of chunks) {
      assert.ok(render(c).length <= MAX_WHERE_LENGTH);
      assert.doesNotThrow(() => parseQuery(`SELECT Id FROM sfLma__License__c WHERE ${render(c)}`));
    }
    // Full chunks: one more value would not have fitted.
    for (const c of chunks.slice(0, -1)) assert.ok(render([...c, values[0]]).length > MAX_WHERE_LENGTH);
  });

  it('fills a chunk exactly to the limit, and not one character over', () => {
    const values = ['aaaa', 'bbbb', 'cccc'];
    const one = (chunk: readonly string[]) => soql`X IN ${chunk}`;
    // "X IN ('aaaa', 'bbbb')" is 21 characters.
    assert.deepEqual(chunkByWhereLength(values, one, 21), [['aaaa', 'bbbb'], ['cccc']]);
    assert.deepEqual(chunkByWhereLength(values, one, 20), [['aaaa'], ['bbbb'], ['cccc']]);
    assert.deepEqual(chunkByWhereLength(values, one, 29), [['aaaa', 'bbbb', 'cccc']]);
    assert.deepEqual(chunkByWhereLength(values, one, 28), [['aaaa', 'bbbb'], ['cccc']]);
  });

  it('returns no chunk for no values, and refuses a value that cannot fit alone', () => {
    assert.deepEqual(chunkByWhereLength([], render), []);
    assert.throws(
      () => chunkByWhereLength(['x'.repeat(50)], (c) => soql`X IN ${c}`, 40),
      /^RangeError: A WHERE clause for one value is 59 characters, over the 40 limit$/,
    );
  });

  it('refuses a render whose clause grows faster than its values', () => {
    const growing = (chunk: readonly string[]) => soql`X IN ${chunk}` + ' OR Y = 1'.repeat(chunk.length * chunk.length);
    assert.throws(() => chunkByWhereLength(['aa', 'bb', 'cc'], growing, 40), /^RangeError: Chunked WHERE clause is \d+ characters, over 40$/);
  });
});
