import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, api, connectDemo } from './support';

describe('activation and manifest', () => {
  it('activates without loading @salesforce/core or jsforce', async () => {
    const lma = await api();
    assert.equal(lma.salesforceStackLoaded(), false, 'the Salesforce stack was not requested');
    const loaded = Object.keys(require.cache).filter((k) => /salesforceStack\.js$|[\\/]@salesforce[\\/]core[\\/]/.test(k));
    assert.deepEqual(loaded, [], 'no Salesforce module is in the extension host require cache');
    assert.ok(lma.activationMs < 1000, `activation took ${lma.activationMs} ms`);
  });

  it('registers every contributed command, and contributes every registered one', async () => {
    await api();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('lma.') && !c.endsWith('.focus') && !c.endsWith('.resetViewLocation') && !c.endsWith('.toggleVisibility') && !c.endsWith('.open') && !c.endsWith('.removeView')).sort();
    assert.deepEqual(registered, contributed);
  });

  it('loads the Salesforce stack on the first connection', async () => {
    const { lma } = await connectDemo();
    assert.equal(lma.salesforceStackLoaded(), true);
    assert.ok(Object.keys(require.cache).some((k) => k.endsWith('salesforceStack.js')), 'salesforceStack.js is now loaded');
    await vscode.commands.executeCommand('lma.disconnect');
  });
});
