/**
 * The same suite through @vscode/test-electron, for machines that can download VS Code
 * (this one cannot: there the suite runs in code-server, see scripts/harness/extensionHost.ts).
 *   npx tsc -p . && node out/test/extension-host/runTestElectron.js
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '../../..');
  // The settings the code-server run gives the suite (scripts/harness/extensionHost.ts), in a user-data folder of its own.
  const userData = mkdtempSync(join(tmpdir(), 'lma-electron-'));
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ 'lmaWorkbench.showWelcome': false, 'lmaWorkbench.demo.scenario': 'edgeCases' }));
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: resolve(__dirname, 'index'),
    // The workspace the code-server run opens: the sample with its planted drift.
    launchArgs: [resolve(root, 'test/fixtures/workspace'), '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData],
    // One "today" for the whole run (the demo's data and the extension's clock), even past midnight.
    extensionTestsEnv: { LMA_WORKBENCH_TEST_HOOKS: '1', LMA_WORKBENCH_TODAY: new Date().toISOString().slice(0, 10) },
  });
}

main().catch((err) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
