/** A damaged or hand-edited journal: a clear error naming the file and line, never a TypeError from deep inside undo. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeatureValueJournal, JournalError, LicenseJournal } from '../../src/storage/journal';

describe('a damaged journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lma-journal-damaged-'));
    mkdirSync(join(dir, 'state'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const base = { runId: 'run-1', at: '2026-03-10T12:00:00Z', user: 'me', orgId: '00D5g0000LMODEMAAA' };
  for (const [what, line, message] of [
    ['null', 'null', /not a JSON object/],
    ['a plan entry without a plan', JSON.stringify({ ...base, type: 'plan' }), /a plan entry without a plan and its changes/],
    ['a plan whose change lacks its license', JSON.stringify({ ...base, type: 'plan', plan: { changes: [{ after: {} }] } }), /change 1 lacks its record/],
    ['a batch without ids', JSON.stringify({ ...base, type: 'batch', seq: 1 }), /a batch entry without its licenseIds/],
    ['a result without its license', JSON.stringify({ ...base, type: 'result', outcome: 'saved' }), /a result entry without its licenseId/],
    ['an unknown entry type', JSON.stringify({ ...base, type: 'rewrite' }), /unknown entry type "rewrite"/],
  ] as const)
    it(`names the file and line: ${what}`, async () => {
      const journal = new LicenseJournal(join(dir, 'state'));
      writeFileSync(journal.path, `${JSON.stringify({ ...base, type: 'confirmation', via: 'yes' })}\n${line}\n`);
      await assert.rejects(journal.runs(), (err: Error) => {
        assert.ok(err instanceof JournalError, String(err));
        assert.match(err.message, new RegExp(`^${journal.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: the journal is damaged \\(`));
        assert.match(err.message, message);
        assert.match(err.message, /Move that line out of the file/);
        return true;
      });
    });

  it('the feature value journal too', async () => {
    const journal = new FeatureValueJournal(join(dir, 'state'));
    writeFileSync(journal.path, `${JSON.stringify({ ...base, type: 'plan', plan: { changes: [{ target: {} }] } })}\n`);
    await assert.rejects(journal.run('run-1'), /:1: the journal is damaged \(a plan entry whose change 1 lacks its record/);
  });
});
