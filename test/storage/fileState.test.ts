/** The state files of the journals: 0600 in 0700 folders, and the folder fsynced when a file in it is created or renamed. */
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileState } from '../../src/storage/fileState';
import { LicenseJournal } from '../../src/storage/journal';

describe('state files on disk (FileState)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lma-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const mode = (p: string) => statSync(p).mode & 0o777;

  it('creates journals and state files 0600 in 0700 folders, and tightens a journal an older version left 0644', async () => {
    const folder = join(dir, 'a', 'state');
    const journal = new LicenseJournal(folder);
    await journal.append({ runId: 'r', at: '2026-03-10T12:00:00Z', user: 'me', orgId: undefined, type: 'batch', seq: 1, licenseIds: ['a0L1'] });
    await new FileState(folder).write('settings', { a: 1 });
    assert.equal(mode(join(dir, 'a')), 0o700);
    assert.equal(mode(folder), 0o700);
    assert.equal(mode(journal.path), 0o600);
    assert.equal(mode(join(folder, 'settings.json')), 0o600);
    chmodSync(journal.path, 0o644);
    await journal.append({ runId: 'r', at: '2026-03-10T12:00:01Z', user: 'me', orgId: undefined, type: 'batch', seq: 2, licenseIds: ['a0L2'] });
    assert.equal(mode(journal.path), 0o600);
  });

  it('fsyncs the folder when a journal is created and the parents of folders it creates', async () => {
    // The module object itself (the product calls through it), not an import's copy.
    const fsp = createRequire(__filename)('node:fs/promises') as typeof import('node:fs/promises');
    const realOpen = fsp.open;
    const synced: string[] = [];
    (fsp as unknown as Record<string, unknown>).open = async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        synced.push(String(args[0]));
        return sync();
      };
      return handle;
    };
    const folder = join(dir, 'b', 'state');
    try {
      await new LicenseJournal(folder).append({ runId: 'r', at: '2026-03-10T12:00:00Z', user: 'me', orgId: undefined, type: 'batch', seq: 1, licenseIds: [] });
    } finally {
      (fsp as unknown as Record<string, unknown>).open = realOpen;
    }
    for (const d of [dir, join(dir, 'b'), folder]) assert.ok(synced.includes(d), `${d} fsynced (${synced.join(', ')})`);
  });
});
