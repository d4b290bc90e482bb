/** Exporting licenses to CSV: a cancelled export and an unwritable place leave nothing behind and touch no existing file. */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { isLmoError } from '../../src/data/org/errors';
import type { TestApi } from '../../src/editor/testApi';
import { type DemoControl, connectDemo, eventually, quiet, stopsWithoutTheAnswer } from './support';

const SCOPE = { packageId: '', includeSandboxes: true, churnDays: 90 };

describe('license export', () => {
  let lma: TestApi;
  let demo: DemoControl;
  let dir: string;

  before(async () => {
    ({ lma, demo } = await connectDemo());
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lma-export-'));
  });
  afterEach(async () => {
    await demo.reset();
    await rm(dir, { recursive: true, force: true });
  });
  after(() => vscode.commands.executeCommand('lma.disconnect'));

  it('cancelled while a page loads: stops at once, the existing file untouched, no partial file left', async () => {
    const file = join(dir, 'licenses.csv');
    await writeFile(file, 'keep me');
    await quiet(lma);
    // The org never answers the first page of licenses: the export is cancelled while it waits.
    await demo.injectFault({ kind: 'hang' }, { match: 'ORDER BY Id LIMIT', times: 1 });
    const cancel = new vscode.CancellationTokenSource();
    const exporting = lma.dashboard.controller.exportLicensesTo(vscode.Uri.file(file), SCOPE, cancel.token);
    await demo.holding('the export');
    await eventually(() => existsSync(`${file}.partial`), 'the export writing its partial file');
    cancel.cancel();
    await assert.rejects(stopsWithoutTheAnswer(exporting, 'the cancelled export'), (err) => isLmoError(err) && err.kind === 'cancelled');
    assert.equal(await readFile(file, 'utf8'), 'keep me');
    assert.deepEqual(await readdir(dir), ['licenses.csv'], 'no partial file left');
    cancel.dispose();
  });

  it('to a folder that does not exist: a clear error at once, nothing written, no request to the org', async () => {
    await quiet(lma);
    const mark = await demo.mark();
    const file = join(dir, 'missing', 'licenses.csv');
    await assert.rejects(lma.dashboard.controller.exportLicensesTo(vscode.Uri.file(file), SCOPE), (err) => {
      assert.ok(isLmoError(err));
      assert.match(err.message, /^Cannot write licenses\.csv in .*missing: the folder does not exist\. Pick another place\.$/);
      return true;
    });
    assert.deepEqual(await readdir(dir), []);
    assert.deepEqual(await demo.requests(mark, lma.demoHost.lastSession), [], 'it failed before asking the org');
  });
});
