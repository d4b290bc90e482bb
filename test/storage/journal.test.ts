import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JournalEntry } from '../../src/core/licenseChanges/journal';
import { LicenseJournal, defaultStateDir } from '../../src/storage/journal';

describe('the license-change journal on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lma-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const entry = (runId: string, seq: number): JournalEntry => ({
    runId,
    at: `2026-03-10T12:00:0${seq}Z`,
    user: 'me',
    orgId: undefined,
    type: 'batch',
    seq,
    licenseIds: [`a0L${seq}`],
  });

  it('appends one JSON line per entry, in the order they were made, even when appends overlap', async () => {
    const journal = new LicenseJournal(join(dir, 'state'));
    await Promise.all([1, 2, 3, 4, 5].map((n) => journal.append(entry('run', n))));
    const lines = readFileSync(journal.path, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { seq: number }).seq),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      (await journal.entries()).map((e) => (e as { seq: number }).seq),
      [1, 2, 3, 4, 5],
    );
  });

  it('keeps what was acknowledged when the last line was torn by a crash, and appends after it', async () => {
    const journal = new LicenseJournal(dir);
    await journal.append(entry('run', 1));
    appendFileSync(journal.path, '{"runId":"run","type":"ba');
    await journal.append(entry('run', 2));
    assert.deepEqual(
      (await journal.entries()).map((e) => (e as { seq: number }).seq),
      [1, 2],
      'the torn line is skipped; nothing before or after it is lost',
    );
  });

  it('is empty before the first change, and lives under XDG_STATE_HOME on the command line', async () => {
    assert.deepEqual(await new LicenseJournal(join(dir, 'none')).entries(), []);
    assert.equal(defaultStateDir({ XDG_STATE_HOME: '/x/state' }), '/x/state/lma-workbench');
    assert.match(defaultStateDir({}), /\.local\/state\/lma-workbench$/);
  });
});
