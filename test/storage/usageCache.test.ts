/** The month cache: counts per org and package only, atomic 0600 files, a changed or damaged file is a miss. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usageMonth } from '../../src/core/usage/usageMonth';
import { UsageCache, defaultUsageCacheDir } from '../../src/storage/usageCache';

const MONTH = usageMonth('2026-03');
const PKGS = ['033000000000BBBIAQ', '033000000000AAA'];
const entry = {
  month: MONTH,
  packageIds: PKGS,
  activeUsers: { '00D5g00000AbCdE|033000000000AAA': 4 },
  rowsRead: 12,
  bytes: 345,
  fetchedAt: '2026-04-02T10:00:00.000Z',
};

describe('storage/usageCache: a month of counts on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lma-usage-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what it wrote, for the same package set in any order or length of id', async () => {
    const cache = new UsageCache(join(dir, 'usage'));
    await cache.write(entry);
    const back = await cache.read(MONTH, ['033000000000AAAXYZ', '033000000000BBB']);
    assert.deepEqual(back?.activeUsers, entry.activeUsers);
    assert.deepEqual(back?.packageIds, ['033000000000AAA', '033000000000BBB']);
    assert.equal(await cache.read(MONTH, ['033000000000AAA']), undefined, 'another package set is another file');
    assert.equal(await cache.read(usageMonth('2026-02'), PKGS), undefined);
  });

  it('holds counts only, in a 0600 file in a 0700 folder, and leaves no temp file', async () => {
    const folder = join(dir, 'usage');
    await new UsageCache(folder).write(entry);
    const files = readdirSync(folder);
    assert.deepEqual(files.length, 1);
    assert.match(files[0], /^usage-2026-03-[0-9a-f]{16}\.json$/);
    assert.equal(statSync(join(folder, files[0])).mode & 0o777, 0o600);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    const text = readFileSync(join(folder, files[0]), 'utf8');
    assert.doesNotMatch(text, /005-|token/i);
  });

  it('a damaged or tampered file is a miss, not a crash', async () => {
    const folder = join(dir, 'usage');
    const cache = new UsageCache(folder);
    await cache.write(entry);
    const file = join(folder, readdirSync(folder)[0]);
    writeFileSync(file, '{"format":1,"month":"2026-03"');
    assert.equal(await cache.read(MONTH, PKGS), undefined);
    writeFileSync(file, JSON.stringify({ ...entry, format: 1, packageIds: ['033000000000AAA', '033000000000BBB'], activeUsers: { k: -1 } }));
    assert.equal(await cache.read(MONTH, PKGS), undefined);
  });

  it('defaults to the user cache folder per platform, one folder per LMO', () => {
    assert.equal(defaultUsageCacheDir('00D000000000001', { XDG_CACHE_HOME: '/c' }, 'linux'), join('/c', 'lma-workbench', 'usage', '00D000000000001'));
    assert.match(defaultUsageCacheDir('00D000000000001', {}, 'darwin'), /Library[/\\]Caches[/\\]lma-workbench[/\\]usage[/\\]00D000000000001$/);
    assert.equal(
      defaultUsageCacheDir('00D000000000001', { LOCALAPPDATA: 'C:\\L' }, 'win32'),
      join('C:\\L', 'lma-workbench', 'cache', 'usage', '00D000000000001'),
    );
  });
});
