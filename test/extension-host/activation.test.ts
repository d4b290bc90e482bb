import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/editor/kit/commandIds';
import { testToday, wantsTestApi } from '../../src/editor/testApi';
import { EXTENSION_ID, api, connectDemo } from './support';

describe('activation and manifest', () => {
  it('activates without loading @salesforce/core or jsforce, or the demo', async () => {
    const lma = await api();
    assert.equal(lma.salesforceStackLoaded(), false, 'the Salesforce stack was not requested');
    const loaded = Object.keys(require.cache).filter((k) => /salesforceStack\.js$|demoLmo\.js$|demoWorker\.js$|[\\/]@salesforce[\\/]core[\\/]/.test(k));
    assert.deepEqual(loaded, [], 'no Salesforce or demo module is in the extension host require cache');
  });

  it('registers every contributed command, and contributes every registered one, and the typed list is the same', async () => {
    await api();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const registered = (await vscode.commands.getCommands(true))
      .filter(
        (c) =>
          c.startsWith('lma.') &&
          !c.endsWith('.focus') &&
          !c.endsWith('.resetViewLocation') &&
          !c.endsWith('.toggleVisibility') &&
          !c.endsWith('.open') &&
          !c.endsWith('.removeView'),
      )
      .sort();
    assert.deepEqual(registered, contributed);
    assert.deepEqual([...COMMAND_IDS].sort(), contributed);
  });

  it('gives other extensions nothing: the test API only in a test run', () => {
    assert.equal(wantsTestApi(vscode.ExtensionMode.Production, {}), false);
    assert.equal(wantsTestApi(vscode.ExtensionMode.Development, { LMA_WORKBENCH_TEST_HOOKS: 'yes' }), false);
    assert.equal(wantsTestApi(vscode.ExtensionMode.Production, { LMA_WORKBENCH_TEST_HOOKS: '1' }), true);
    assert.equal(wantsTestApi(vscode.ExtensionMode.Test, {}), true);
  });

  it('pins "today" only for a test run, and only to a real date', async () => {
    assert.equal(testToday(vscode.ExtensionMode.Production, { LMA_WORKBENCH_TODAY: '2026-12-07' }), undefined, 'a user environment cannot move the date');
    assert.equal(testToday(vscode.ExtensionMode.Test, { LMA_WORKBENCH_TODAY: '2026-02-30' }), undefined);
    assert.equal(testToday(vscode.ExtensionMode.Production, { LMA_WORKBENCH_TEST_HOOKS: '1', LMA_WORKBENCH_TODAY: '2026-12-07' }), '2026-12-07');
    // This run: the harness pinned the date, and the embedded demo starts on it.
    const lma = await api();
    assert.ok(process.env.LMA_WORKBENCH_TODAY, 'both harnesses pin the date');
    assert.equal(lma.ctx.clock.today(), process.env.LMA_WORKBENCH_TODAY);
  });

  it('loads the Salesforce stack on the first connection, and runs the demo in a worker thread', async () => {
    const { lma } = await connectDemo();
    assert.equal(lma.salesforceStackLoaded(), true);
    assert.ok(
      Object.keys(require.cache).some((k) => k.endsWith('salesforceStack.js')),
      'salesforceStack.js is now loaded',
    );
    assert.ok(
      !Object.keys(require.cache).some((k) => k.endsWith('demoLmo.js') || k.endsWith('demoWorker.js')),
      'the demo does not run in the extension host thread',
    );
    await vscode.commands.executeCommand('lma.disconnect');
  });
});
