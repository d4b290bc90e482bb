/** The real Salesforce CLI comes from the project's provisioning: pinned, in the tools cache, runnable on this Node. */
import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SALESFORCE_CLI_VERSION, provisionSalesforceCli, toolsDir } from '../../scripts/harness/tools';
import { ROOT, SfCli } from './sfCli';

describe('provisioning the real Salesforce CLI', () => {
  it('installs the pinned release into the tools cache, not into the project', () => {
    assert.ok(!relative(toolsDir(), SfCli.runJs).startsWith('..'), `${SfCli.runJs} is under ${toolsDir()}`);
    assert.ok(relative(ROOT, SfCli.runJs).startsWith('..'), 'outside the repository');
    const project = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: object; devDependencies?: object };
    assert.ok(!('@salesforce/cli' in { ...project.dependencies, ...project.devDependencies }), 'not a dependency of the project');
  });

  it('runs on this Node: undici is held at 7 (undici 8 needs Node 22.19, above the floor the tiers run on)', async () => {
    const cliRoot = join(SfCli.runJs, '..', '..', '..', '..', '..');
    const undici = JSON.parse(readFileSync(join(cliRoot, 'node_modules', 'undici', 'package.json'), 'utf8')) as { version: string };
    assert.match(undici.version, /^7\./);
    const sf = new SfCli();
    const run = await sf.run('--version');
    sf.dispose();
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^@salesforce/cli/${SALESFORCE_CLI_VERSION.replace(/\./g, '\\.')} \\S+ node-${process.version.replace(/\./g, '\\.')}`));
  });

  it('is idempotent: a second provisioning finds the ready marker and installs nothing', () => {
    // An install announces itself and rewrites the install folder's package.json; neither happens.
    const manifest = join(SfCli.runJs, '..', '..', '..', '..', '..', 'package.json');
    const written = statSync(manifest).mtimeMs;
    const lines: string[] = [];
    assert.equal(
      provisionSalesforceCli((l) => lines.push(l)),
      SfCli.runJs,
    );
    assert.deepEqual(lines, []);
    assert.equal(statSync(manifest).mtimeMs, written, `${manifest} was not rewritten`);
  });
});
