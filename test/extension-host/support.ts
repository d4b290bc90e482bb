import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LmaWorkbenchApi } from '../../src/extension';
import type { DemoLmo } from '../../src/demo';

export const EXTENSION_ID = 'lma-workbench.lma-workbench';

export async function api(): Promise<LmaWorkbenchApi> {
  const extension = vscode.extensions.getExtension<LmaWorkbenchApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

/** Connects to the embedded demo through the command a user runs. */
export async function connectDemo(): Promise<{ lma: LmaWorkbenchApi; demo: DemoLmo }> {
  const lma = await api();
  await vscode.commands.executeCommand('lma.connectDemo');
  assert.equal(lma.connection.state.kind, 'connected', 'connected to the demo LMO');
  const demo = await lma.demoHost.running;
  assert.ok(demo, 'the demo LMO runs');
  return { lma, demo };
}

export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
