/**
 * The suite runs on more than one VS Code (the oldest and the newest the product supports, see
 * docs/engines.md): it checks that it runs where the harness says it does, and that this editor is
 * inside what the installed extension's package.json declares.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './support';

/** `^1.103.0`, `>=22.15.1`, `v22.15.1` → [1, 103, 0] …: the lower bound of a simple range, or a version. */
function floorOf(range: string): number[] {
  const match = /^(?:\^|>=\s*|v)?(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!match) throw new Error(`"${range}" is not a version or a simple lower bound`);
  return match.slice(1).map(Number);
}

function atLeast(version: string, range: string): boolean {
  const [a, b] = [floorOf(version), floorOf(range)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

describe('the editor the suite runs in', () => {
  it('is the VS Code and Node the harness announced', function () {
    const expected = { vscode: process.env.LMA_EXPECT_VSCODE, node: process.env.LMA_EXPECT_NODE };
    // Under @vscode/test-electron (runTestElectron.ts) nothing is announced: the next test still runs.
    if (!expected.vscode || !expected.node) this.skip();
    assert.equal(vscode.version, expected.vscode);
    assert.equal(process.version, expected.node);
  });

  it("is inside the extension's declared engines: this VS Code and its extension host's Node", () => {
    const engines = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { engines: { vscode: string; node: string } }).engines;
    assert.ok(atLeast(vscode.version, engines.vscode), `VS Code ${vscode.version} satisfies engines.vscode ${engines.vscode}`);
    assert.ok(atLeast(process.version, engines.node), `the extension host's Node ${process.version} satisfies engines.node ${engines.node}`);
  });
});
