#!/usr/bin/env node
// The whole test suite, every tier, in order: unit, integration, sf-cli (the real Salesforce CLI
// against the demo LMO), extension host (inside code-server), UI (Playwright + Chromium against
// code-server, twice: the oldest and the newest VS Code the product supports). The tiers run on
// the Node that package.json's engines.node starts at, and the extension host on the Node of each
// code-server (docs/engines.md): provisioned into ~/.cache/lma-workbench on first run, whatever
// Node runs this script. A tier that cannot run fails with its reason; nothing is skipped.
//   npm test                      all tiers
//   npm test -- --tier unit,ui    some tiers
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = join(fileURLToPath(import.meta.url), '..', '..');
const require = createRequire(import.meta.url);
const ALL = ['unit', 'integration', 'sf-cli', 'extension-host', 'ui'];
const { values } = parseArgs({ options: { tier: { type: 'string', default: ALL.join(',') } } });
const tiers = values.tier
  .split(',')
  .map((t) => t.trim())
  .filter(Boolean);
for (const t of tiers) if (!ALL.includes(t)) throw new Error(`Unknown tier "${t}"; tiers: ${ALL.join(', ')}`);

const results = [];
const started = Date.now();
const mocha = join(repo, 'node_modules', 'mocha', 'bin', 'mocha.js');
const dataUnitTests = () => {
  const dir = join('out', 'test', 'data');
  return existsSync(join(repo, dir))
    ? readdirSync(join(repo, dir))
        .filter((f) => f.endsWith('.test.js') && !f.endsWith('.integration.test.js'))
        .map((f) => `${dir}/${f}`)
    : [];
};
const banner = (text) => process.stdout.write(`\n━━ ${text} ${'━'.repeat(Math.max(0, 70 - text.length))}\n`);

function step(name, fn) {
  banner(name);
  const t0 = Date.now();
  let ok = false;
  let reason = '';
  try {
    ok = fn();
  } catch (err) {
    reason = err instanceof Error ? err.message : String(err);
    process.stdout.write(`  ✖ ${name} could not run: ${reason}\n`);
  }
  results.push({ name, ok, seconds: (Date.now() - t0) / 1000, reason });
  return ok;
}

async function stepAsync(name, fn) {
  banner(name);
  const t0 = Date.now();
  let ok = false;
  let reason = '';
  try {
    ok = await fn();
  } catch (err) {
    reason = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stdout.write(`  ✖ ${name} could not run: ${reason}\n`);
  }
  results.push({ name, ok, seconds: (Date.now() - t0) / 1000, reason });
  return ok;
}

const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;

rmSync(join(repo, 'test-results'), { recursive: true, force: true });
mkdirSync(join(repo, 'test-results'), { recursive: true });
// Every tier appends its failures here, one line each; the summary repeats them at the end of the log.
const failureLog = join(repo, 'test-results', 'failures.txt');
process.env.LMA_FAILURE_LOG = failureLog;
const reporter = ['--reporter', 'out/scripts/harness/specReporter.js'];
// The tiers' Node: the floor of engines.node, first on the PATH so that what a test starts with `node` runs on it too.
let tierNode;
const mochaIn = (tier, args, env = {}) => {
  if (!tierNode) throw new Error('the Node the tiers run on was not provisioned');
  return run(tierNode, [mocha, ...reporter, ...args], { LMA_TIER: tier, PATH: `${dirname(tierNode)}:${process.env.PATH ?? ''}`, ...env });
};

// The bundles too: the sf-cli tier runs dist/cli.js as a partner would, and a fresh clone has no dist/.
const compiled = step(
  'compile (tsc, strict; the webview too) and bundle (esbuild)',
  () => run('npx', ['tsc', '-p', '.']) && run('npx', ['tsc', '-p', 'tsconfig.webview.json']) && run('node', ['esbuild.mjs']),
);
step(
  "lint (ESLint: the rooms' import rules, no floating promises; Prettier)",
  () => run('npx', ['eslint', '.', '--max-warnings', '0']) && run('npx', ['prettier', '--check', '--log-level', 'warn', '.']),
);
if (compiled) {
  const harnessTools = require('../out/scripts/harness/tools.js');
  const { NODE_FLOOR, CODE_SERVER_OLDEST, CODE_SERVER_NEWEST, vscodeVersionOf } = harnessTools;
  if (tiers.some((t) => t !== 'extension-host'))
    step(`provision Node ${NODE_FLOOR} (engines.node's floor) for the tiers`, () => {
      tierNode = harnessTools.provisionNode(NODE_FLOOR);
      return true;
    });
  if (tiers.includes('unit'))
    step('unit', () =>
      mochaIn('unit', [
        'out/test/core/**/*.test.js',
        'out/test/demo/**/*.test.js',
        'out/test/storage/**/*.test.js',
        // the data layer's own unit tests (SOQL text, records, errors); its *.integration.test.js run in the integration tier
        ...dataUnitTests(),
        'out/test/harness/**/*.test.js',
        // the docs agree with the product: the CLI reference, the settings, the links (test/docs)
        'out/test/docs/**/*.test.js',
      ]),
    );
  if (tiers.includes('integration'))
    step('integration (@salesforce/core + jsforce over HTTP → demo LMO)', () =>
      mochaIn('integration', ['out/test/data/**/*.integration.test.js', 'out/test/cli/**/*.integration.test.js']),
    );
  if (tiers.includes('sf-cli'))
    step('sf-cli (the real Salesforce CLI → demo LMO)', () => {
      const sfCli = harnessTools.provisionSalesforceCli();
      return mochaIn('sf-cli', ['--timeout', '180000', 'out/test/sf-cli/**/*.test.js'], { LMA_SF_CLI: sfCli });
    });
  const editorTiers = tiers.filter((t) => t === 'extension-host' || t === 'ui');
  if (editorTiers.length) {
    // The extension host runs on the oldest and the newest supported VS Code; the UI tier on the newest.
    const releases = tiers.includes('extension-host') ? [CODE_SERVER_OLDEST, CODE_SERVER_NEWEST] : [CODE_SERVER_NEWEST];
    const tools = new Map();
    let vsix;
    const ready = step(`provision ${releases.map((r) => `code-server ${r.version} (Node ${r.node})`).join(' and ')}, Chromium; build the .vsix`, () => {
      for (const release of releases) tools.set(release, harnessTools.provision(undefined, release));
      vsix = require('../out/scripts/harness/vsix.js').buildExtensionVsix((l) => process.stdout.write(`  ${l}\n`));
      return true;
    });
    if (tiers.includes('extension-host')) {
      for (const [release, which] of [
        [CODE_SERVER_OLDEST, 'oldest'],
        [CODE_SERVER_NEWEST, 'newest'],
      ]) {
        const vscode = vscodeVersionOf(release);
        await stepAsync(`extension host on VS Code ${vscode}, the ${which} supported (code-server ${release.version}, Node ${release.node})`, async () => {
          if (!ready) throw new Error('provisioning failed');
          const { runExtensionHostTests } = require('../out/scripts/harness/extensionHost.js');
          const failures = await runExtensionHostTests(tools.get(release), {
            vsix,
            workspace: join(repo, 'test', 'fixtures', 'workspace'),
            artifacts: join(repo, 'test-results', `extension-host-${vscode}`),
            tier: `extension-host ${vscode}`,
          });
          return failures === 0;
        });
      }
    }
    if (tiers.includes('ui')) {
      step('UI (Playwright + Chromium → code-server)', () => {
        if (!ready) throw new Error('provisioning failed');
        // LMA_UI_TESTS=firstLook,sidebar runs those files only (while working on them; npm test runs every one).
        const only = (process.env.LMA_UI_TESTS ?? '').split(',').filter(Boolean);
        const spec = only.length ? only.map((name) => `out/test/ui/${name}.test.js`) : ['out/test/ui/**/*.test.js'];
        return mochaIn('ui', ['--timeout', '180000', ...spec], { LMA_VSIX: vsix });
      });
    }
  }
}

banner('summary');
for (const r of results)
  process.stdout.write(`  ${r.ok ? '✔' : '✖'} ${r.name} (${r.seconds.toFixed(1)} s)${r.ok || !r.reason ? '' : ` — ${r.reason.split('\n')[0]}`}\n`);
const failed = results.filter((r) => !r.ok);
if (failed.length && existsSync(failureLog)) {
  const lines = readFileSync(failureLog, 'utf8').trimEnd().split('\n');
  process.stdout.write(`\n  failed tests (${failureLog}):\n`);
  for (const line of lines.slice(0, 60)) process.stdout.write(`  ${line}\n`);
  if (lines.length > 60) process.stdout.write(`  … and ${lines.length - 60} more lines\n`);
}
process.stdout.write(
  `\n  ${failed.length ? `${failed.length} step(s) failed` : 'all tiers passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s. Screenshots and logs: test-results/\n`,
);
process.exit(failed.length ? 1 : 0);
