#!/usr/bin/env node
// Mutation testing (StrykerJS, configured in stryker.config.mjs), one scope after the other, then the score per folder.
//   npm run mutation                          every scope (core, data, cli), every mutant; refreshes the incremental baselines
//   npm run mutation -- --incremental         re-tests only the mutants whose code or covering tests changed since the last run
//   npm run mutation -- core [--incremental]  one scope (core, data or cli; cli runs the CLI in process, LMA_CLI_IN_PROCESS=1)
//   npm run mutation -- --static              also the static mutants (module-level constants; slow: every test per mutant)
//   npm run mutation -- data --unit-only      data mutants against the data layer's unit tests only (fast; no demo LMOs)
//   npm run mutation -- data --mutate src/data/org/soql.ts   any other Stryker option passes through
// Compiles the tests into out/ first: Stryker's incremental differ reads the compiled tests from the project folder.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderScores } from './mutationScores.mjs';

const SCOPES = ['core', 'data', 'cli'];
const repo = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const scopes = SCOPES.filter((s) => args.includes(s));
const withStatic = args.includes('--static');
const unitOnly = args.includes('--unit-only');
const passThrough = args.filter((a) => !SCOPES.includes(a) && a !== '--static' && a !== '--unit-only');
// Stryker writes its incremental file only in incremental mode: a full run is an incremental run that reuses nothing.
const strykerArgs = passThrough.includes('--incremental') ? passThrough : ['--incremental', '--force', ...passThrough];
const run = (cmd, cmdArgs, env = {}) => spawnSync(cmd, cmdArgs, { cwd: repo, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

let status = run('npx', ['tsc', '-p', '.']);
for (const scope of scopes.length ? scopes : SCOPES) {
  if (status !== 0) break;
  process.stdout.write(`\n━━ mutation testing: ${scope} ━━\n`);
  status = run('npx', ['stryker', 'run', ...strykerArgs], {
    STRYKER_SCOPE: scope,
    STRYKER_STATIC: withStatic ? '1' : '0',
    STRYKER_DATA_TESTS: unitOnly ? 'unit' : 'all',
    ...(scope === 'cli' ? { LMA_CLI_IN_PROCESS: '1' } : {}),
  });
}
if (status === 0) {
  process.stdout.write('\nMutation score per folder (killed or timed out, of the mutants that compile):\n');
  for (const name of ['core', 'data', 'data-unit', 'cli']) {
    const report = join(repo, 'reports', 'mutation', `${name}.json`);
    if (!existsSync(report)) continue;
    process.stdout.write(`  ${name} (${report.slice(repo.length + 1)}):\n`);
    for (const row of folderScores(JSON.parse(readFileSync(report, 'utf8')))) process.stdout.write(`    ${row}\n`);
  }
}
process.exit(status);
