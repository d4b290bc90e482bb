/**
 * The same suite through @vscode/test-electron, for machines that can download VS Code
 * (this one cannot: there the suite runs in code-server, see scripts/harness/extensionHost.ts).
 *   npx tsc -p . && node out/test/extension-host/runTestElectron.js
 */
import { resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '../../..');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: resolve(__dirname, 'index'),
    launchArgs: [resolve(root, 'samples/acme-packages'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((err) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
