/** The summary file read as it streams: distinct users per org and package, gzip or not, never the rows kept. */
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { UsageFileError, countActiveUsers } from '../../src/data/lmo/usageCsv';

const HEADER =
  'month,organization_id,organization_name,organization_edition,organization_status,package_id,managed_package_namespace,custom_entity,custom_entity_type,user_id_token,num_creates,num_reads,num_updates,num_deletes,num_views,num_events';
const line = (org: string, pkg: string, token: string, entity = 'acme__Invoice__c', month = '2026-03') =>
  `${month},${org},"Acme, Inc.",Enterprise Edition,Active,${pkg},acme,${entity},CustomObject,${token},1,2,0,0,3,6`;

/** A source that hands the bytes over in small chunks, as a network would. */
function chunks(buffer: Buffer, size = 7): AsyncIterable<Uint8Array> {
  return Readable.from(
    (function* () {
      for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
    })(),
  );
}

const ORG_A = '00D5g00000AbCdE';
const ORG_B = '00D5g00000ABCDE';
const PKG = '033000000000AAA';
const OTHER = '033000000000BBB';

describe('data/lmo/usageCsv: counting a summary file as it streams', () => {
  const csv = [
    HEADER,
    line(ORG_A, PKG, '005-token1'),
    line(ORG_A, PKG, '005-token1', 'acme__Payment__c'), // same user on another object: one user
    line(ORG_A, PKG, '005-token2'),
    line(ORG_B, PKG, '005-token1'), // the same token in another org (case differs): another org
    line(ORG_A, OTHER, '005-token3'),
    line(ORG_A, PKG, ''), // no token: not a user
    '',
  ].join('\r\n');

  it('counts distinct user tokens per (org, package), org ids compared case-sensitively', async () => {
    const counts = await countActiveUsers(chunks(Buffer.from(csv)));
    assert.deepEqual(Object.fromEntries(counts.activeUsers), {
      [`${ORG_A}|${OTHER}`]: 1,
      [`${ORG_A}|${PKG}`]: 2,
      [`${ORG_B}|${PKG}`]: 1,
    });
    assert.equal(counts.rowsRead, 6);
    assert.equal(counts.bytes, Buffer.byteLength(csv));
  });

  it('reads a gzip file the same (told by its first bytes, split across chunks), counting the compressed bytes', async () => {
    const gz = gzipSync(Buffer.from(csv));
    const counts = await countActiveUsers(chunks(gz, 1));
    assert.equal(counts.activeUsers.get(`${ORG_A}|${PKG}`), 2);
    assert.equal(counts.bytes, gz.length);
  });

  it('keeps only the packages asked for (18-character ids cut to 15) and the month asked for', async () => {
    const text = [HEADER, line(ORG_A, `${PKG}IAQ`, 't1'), line(ORG_A, OTHER, 't2'), line(ORG_A, PKG, 't3', 'x', '2026-02')].join('\n');
    const counts = await countActiveUsers(chunks(Buffer.from(text)), { packageIds: [`${PKG}XYZ`], month: '2026-03' });
    assert.deepEqual([...counts.activeUsers], [[`${ORG_A}|${PKG}`, 1]]);
  });

  it('accepts a byte order mark and header names in another case', async () => {
    const text = `\ufeff${HEADER.toUpperCase()}\n${line(ORG_A, PKG, 't1')}\n`;
    const counts = await countActiveUsers(chunks(Buffer.from(text)));
    assert.equal(counts.activeUsers.get(`${ORG_A}|${PKG}`), 1);
  });

  it('refuses a file without the columns it needs, and a broken gzip, with a UsageFileError', async () => {
    await assert.rejects(countActiveUsers(chunks(Buffer.from('month,organization_id,package_id\n2026-03,x,y\n'))), UsageFileError);
    const gz = gzipSync(Buffer.from(csv));
    await assert.rejects(countActiveUsers(chunks(gz.subarray(0, gz.length - 20))), UsageFileError);
  });

  it('an empty file counts nothing', async () => {
    const counts = await countActiveUsers(chunks(Buffer.alloc(0)));
    assert.equal(counts.activeUsers.size, 0);
  });

  it('holds the distinct tokens, not the rows: 60,000 rows of 50 users keep 50 tokens', async function () {
    this.timeout(60_000);
    const source = Readable.from(
      (function* () {
        yield Buffer.from(`${HEADER}\n`);
        for (let i = 0; i < 60_000; i++) yield Buffer.from(`${line(ORG_A, PKG, `005-u${i % 50}`, `acme__E${i}__c`)}\n`);
      })(),
    );
    const counts = await countActiveUsers(source);
    assert.equal(counts.rowsRead, 60_000);
    assert.equal(counts.distinctTokens, 50);
    assert.equal(counts.activeUsers.get(`${ORG_A}|${PKG}`), 50);
  });

  it('counts a user once however often and wherever the token comes again: across rows, chunks, objects and gzip', async function () {
    this.timeout(60_000);
    // 3 orgs × 2 packages, 2,000 users each (tokens shared by the orgs), every user on 3 rows spread over the file.
    const orgs = [ORG_A, ORG_B, '00D5g00000XyZzZ'];
    const rows: string[] = [];
    for (let round = 0; round < 3; round++)
      for (let u = 0; u < 2000; u++)
        for (const org of orgs)
          for (const pkg of [PKG, OTHER]) rows.push(line(org, pkg, `005-${(u * 7919).toString(16).padStart(40, '0')}`, `acme__E${round}__c`));
    const text = [HEADER, ...rows, ''].join('\n');
    // The oracle: distinct (org, package, token) as plain strings.
    const expected = new Map<string, Set<string>>();
    for (const row of rows) {
      const f = row.split(',');
      const key = `${f[1]}|${f.at(-11)}`;
      expected.set(key, (expected.get(key) ?? new Set()).add(String(f.at(-7))));
    }
    const want = Object.fromEntries([...expected].map(([k, v]) => [k, v.size]));
    assert.deepEqual(Object.values(want), [2000, 2000, 2000, 2000, 2000, 2000]);
    for (const source of [chunks(Buffer.from(text), 13), chunks(gzipSync(Buffer.from(text)), 5)]) {
      const counts = await countActiveUsers(source);
      assert.equal(counts.rowsRead, 36_000);
      assert.deepEqual(Object.fromEntries(counts.activeUsers), want);
      assert.equal(counts.distinctTokens, 12_000);
    }
  });

  it('counts different tokens as different users, however alike: one character, case, a prefix, the package/token boundary', async () => {
    const text = [
      HEADER,
      line(ORG_A, PKG, '005-a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'),
      line(ORG_A, PKG, '005-a1b2c3d4e5f60718293a4b5c6d7e8f9012345679'), // the last character differs
      line(ORG_A, PKG, '005-A1B2C3D4E5F60718293A4B5C6D7E8F9012345678'), // case differs
      line(ORG_A, PKG, '005-a1b2c3d4e5f60718293a4b5c6d7e8f901234567'), // a prefix of the first
      line(ORG_A, '033AB', 'C1'), // key and token read together the same as the next row's…
      line(ORG_A, '033ABC', '1'), // …but another package and another user
      '',
    ].join('\n');
    const counts = await countActiveUsers(chunks(Buffer.from(text)));
    assert.deepEqual(Object.fromEntries(counts.activeUsers), { [`${ORG_A}|${PKG}`]: 4, [`${ORG_A}|033AB`]: 1, [`${ORG_A}|033ABC`]: 1 });
    assert.equal(counts.distinctTokens, 6);
  });

  it('counts 200,000 distinct users of one license exactly (the hashes kept, not the tokens)', async function () {
    this.timeout(120_000);
    const source = Readable.from(
      (function* () {
        yield Buffer.from(`${HEADER}\n`);
        let batch = '';
        for (let i = 0; i < 200_000; i++) {
          batch += `${line(ORG_A, PKG, `005-${i.toString(16).padStart(40, '0')}`)}\n`;
          if (i % 1000 === 999) {
            yield Buffer.from(batch);
            batch = '';
          }
        }
      })(),
    );
    const counts = await countActiveUsers(source);
    assert.equal(counts.rowsRead, 200_000);
    assert.deepEqual([...counts.activeUsers], [[`${ORG_A}|${PKG}`, 200_000]]);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const source = Readable.from(
      (async function* () {
        yield Buffer.from(`${HEADER}\n`);
        for (let i = 0; ; i++) {
          if (i === 1000) controller.abort();
          yield Buffer.from(`${line(ORG_A, PKG, `t${i}`)}\n`);
          await new Promise((r) => setImmediate(r));
        }
      })(),
    );
    await assert.rejects(countActiveUsers(source, { signal: controller.signal }));
  });
});
