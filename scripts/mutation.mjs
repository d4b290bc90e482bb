#!/usr/bin/env node
// Mutation testing (StrykerJS, configured in stryker.config.mjs), then the score per folder.
//   npm run mutation                       every mutant; writes reports/stryker-incremental.json for the next --incremental run
//   npm run mutation -- --incremental      re-tests only the mutants whose code or covering tests changed since that file
//   npm run mutation -- --mutate src/core/orgId.ts   any other Stryker option passes through
// Compiles the tests into out/ first: Stryker's incremental differ reads the compiled tests from the project folder.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderScores } from './mutationScores.mjs';

const repo = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
// Stryker writes its incremental file only in incremental mode: a full run is an incremental run that reuses nothing.
const strykerArgs = args.includes('--incremental') ? args : ['--incremental', '--force', ...args];
const run = (cmd, cmdArgs) => spawnSync(cmd, cmdArgs, { cwd: repo, stdio: 'inherit' }).status ?? 1;

let status = run('npx', ['tsc', '-p', '.']);
if (status === 0) status = run('npx', ['stryker', 'run', ...strykerArgs]);
const report = join(repo, 'reports', 'mutation', 'mutation.json');
if (status === 0 && existsSync(report)) {
  process.stdout.write('\nMutation score per folder (killed + timed out, of mutants that compile):\n');
  for (const row of folderScores(JSON.parse(readFileSync(report, 'utf8')))) process.stdout.write(`  ${row}\n`);
}
process.exit(status);
