#!/usr/bin/env node
// The product on the embedded demo LMO: builds the .vsix, provisions a real VS Code
// (code-server, or your desktop `code` with --desktop) and opens the sample workspace with
// LMA Workbench connected to the demo LMO. Ctrl-C stops everything it started.
//   npm start [-- --port 8080] [-- --host 0.0.0.0] [-- --desktop] [-- --broken-setup]
// --broken-setup opens the tour of what LMA Workbench finds wrong: the demo's broken-setup scenario (the LMA behind
// its latest release, an inactive lead manager) and the sample with a planted drift (a feature parameter whose
// direction differs from the LMO's), the workspace the editor tests use.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = join(fileURLToPath(import.meta.url), '..', '..');
const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    desktop: { type: 'boolean', default: false },
    'broken-setup': { type: 'boolean', default: false },
  },
});
const say = (line) => process.stdout.write(`[lma-workbench] ${line}\n`);

say('Compiling…');
execFileSync('npx', ['tsc', '-p', '.'], { cwd: repo, stdio: 'inherit' });
const { buildApexGrammarVsix, buildExtensionVsix } = require('../out/scripts/harness/vsix.js');
const brokenSetup = values['broken-setup'];
const workspace = brokenSetup ? join(repo, 'test', 'fixtures', 'workspace') : join(repo, 'samples', 'acme-packages');
const vsix = buildExtensionVsix(say);

if (values.desktop) {
  const code = spawnSync('code', ['--version'], { encoding: 'utf8' });
  if (code.status !== 0) {
    say('No desktop `code` command on PATH; run without --desktop to use code-server.');
    process.exit(1);
  }
  execFileSync('code', ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
  execFileSync('code', [workspace], { stdio: 'inherit' });
  say(`Opened ${workspace} in VS Code with LMA Workbench; it connects to the demo LMO on its own.`);
  process.exit(0);
}

const { provision } = require('../out/scripts/harness/tools.js');
const { CodeServer } = require('../out/scripts/harness/codeServer.js');
const tools = provision((line) => say(line));
// Apex highlighting for the sample's classes and triggers (npm start only; see buildApexGrammarVsix).
const server = await CodeServer.start(tools, {
  workspace,
  vsixes: [vsix, buildApexGrammarVsix()],
  // The tour's folder has no settings of its own: connect it to the demo as the sample does.
  settings: brokenSetup
    ? { 'lmaWorkbench.defaultOrg': 'demo', 'lmaWorkbench.demo.scenario': 'brokenSetup', 'files.associations': { '*.cls': 'apex', '*.trigger': 'apex' } }
    : {},
  port: Number(values.port),
  host: values.host,
  log: say,
});
say('');
say(`Open ${server.workbenchUrl(workspace)}`);
say('The LMA view (activity bar) shows the embedded demo LMO. Press Ctrl-C to stop.');
const stop = async () => {
  say('Stopping…');
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
