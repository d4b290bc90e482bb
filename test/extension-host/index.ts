/**
 * The extension-host suite. Loaded inside a real VS Code extension host by
 * @vscode/test-electron (as extensionTestsPath) or, here, by the code-server test runner.
 */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(options: { jsonReport?: string } = {}): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: false,
    ...(options.jsonReport ? { reporter: 'json', reporterOption: { output: options.jsonReport } } : { reporter: 'spec' }),
  });
  // While working on one room: LMA_EXTENSION_TESTS=features,activation runs only those files (the tier runs all).
  const only = (process.env.LMA_EXTENSION_TESTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && (!only.length || only.includes(f.replace(/\.test\.js$/, ''))))
    .sort())
    mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
