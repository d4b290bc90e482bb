/**
 * What package.json declares is what the suite proves (docs/engines.md): the oldest VS Code the
 * extension-host tier runs on is the floor of `engines.vscode`, the Node the unit, integration and
 * sf-cli tiers run on is the floor of `engines.node`, and the API typings are those of the floor.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_NEWEST, CODE_SERVER_OLDEST, NODE_FLOOR, vscodeVersionOf } from '../../scripts/harness/tools';

const ROOT = join(__dirname, '..', '..', '..');
interface Manifest {
  engines: { vscode: string; node?: string };
  devDependencies?: Record<string, string>;
}
const read = (...path: string[]) => JSON.parse(readFileSync(join(ROOT, ...path), 'utf8')) as Manifest;

describe('engines: declared = tested', () => {
  const manifest = read('package.json');

  it('engines.vscode starts at the oldest VS Code the extension-host tier runs on', () => {
    assert.equal(manifest.engines.vscode, `^${vscodeVersionOf(CODE_SERVER_OLDEST)}`);
    assert.equal(read('test', 'extension-host', 'runner', 'package.json').engines.vscode, manifest.engines.vscode, 'the test runner extension too');
  });

  it('engines.node starts at the Node the tiers run on, which is the Node of the oldest code-server', () => {
    assert.equal(manifest.engines.node, `>=${NODE_FLOOR}`);
    assert.equal(CODE_SERVER_OLDEST.node, NODE_FLOOR);
    assert.ok(Number(CODE_SERVER_NEWEST.node) >= Number(NODE_FLOOR.split('.')[0]), 'the newest editor runs a Node at or above the floor');
  });

  it("compiles against the floor's APIs: @types/vscode and @types/node", () => {
    const [major, minor] = vscodeVersionOf(CODE_SERVER_OLDEST).split('.');
    assert.equal(manifest.devDependencies?.['@types/vscode'], `${major}.${minor}.0`);
    assert.match(manifest.devDependencies?.['@types/node'] ?? '', new RegExp(`^\\^?${NODE_FLOOR.split('.')[0]}\\.`));
  });

  it('runs on the floor Node when the suite runs it (npm test), whatever Node started npm', function () {
    if (!process.env.LMA_TIER) this.skip();
    assert.equal(process.version, `v${NODE_FLOOR}`);
  });
});
