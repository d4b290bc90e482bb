// Mutation testing (StrykerJS 9.6.1; 10.x needs Node 22): plants small bugs in a layer, one at a time, and checks that
// the tests notice each one. Run it through scripts/mutation.mjs (npm run mutation), which runs one scope after the
// other; each scope mutates a whole layer (docs/mutation.md has the latest scores):
//   core  src/core/**  against the unit tier (test/core, test/storage): the domain is checked by its own tests;
//   data  src/data/**  against its unit and integration tests (test/data: the real @salesforce/core + jsforce over HTTP
//                      to a demo LMO); no other unit test imports the data layer.
//   cli   src/cli/**   against the command-line tests that run the CLI in this process (LMA_CLI_IN_PROCESS=1, set here:
//                      test/support/cli.ts then calls main(argv, out) of src/cli/main.ts instead of dist/cli.js in a
//                      child process, which Stryker cannot instrument) and the CLI's own in-process tests.
// STRYKER_SCOPE picks the scope (core by default). Stryker copies the project to .stryker-tmp/,
// instruments src/**/*.ts there, compiles it with tsc into out/ and runs mocha over out/test/**
// in the sandbox.
import { existsSync, readdirSync } from 'node:fs';

const UNIT = ['out/test/core/**/*.test.js', 'out/test/storage/**/*.test.js'];
// The data layer's unit tests (SOQL text, records, errors): test/data/*.test.ts that are not integration tests.
const DATA_UNIT = existsSync('out/test/data')
  ? readdirSync('out/test/data')
      .filter((f) => f.endsWith('.test.js') && !f.endsWith('.integration.test.js'))
      .map((f) => `out/test/data/${f}`)
  : [];
// STRYKER_DATA_TESTS=unit (npm run mutation -- data --unit-only): data mutants against those unit tests alone, in
// minutes; every integration test starts demo LMOs (up to 20,000 licenses) again for each mutant that it covers.
const DATA_SPEC = process.env.STRYKER_DATA_TESTS === 'unit' ? DATA_UNIT : ['out/test/data/**/*.test.js'];
// timeoutMS: the grace on top of a mutant's normal test time before it counts as an endless loop (timed out = detected).
// Core's tests are in-memory and take milliseconds; data's talk HTTP to a demo LMO.
// The CLI tests that run in process: those that need a child process (signals, SIGKILL, a second feed, a browser,
// dist/ itself) skip themselves or that part when LMA_CLI_IN_PROCESS=1; the files left out run only child processes.
const CLI_SPEC = [
  // The fast ones first: a mutant they kill stops there (Stryker stops at the first failing test).
  'entry',
  'changeDelivery',
  'changeFeedFaults',
  'changesFollow',
  'deliveryRules',
  'checklist',
  'dashboard',
  'features',
  'packages',
  'licensing',
  'writeSafety',
  'changes',
].map((name) => `out/test/cli/${name}.integration.test.js`);
const SCOPES = {
  core: { mutate: ['src/core/**/*.ts'], spec: UNIT, timeoutMS: 4000 },
  data: { mutate: ['src/data/**/*.ts'], spec: DATA_SPEC, timeoutMS: 15000 },
  cli: { mutate: ['src/cli/**/*.ts'], spec: CLI_SPEC, timeoutMS: 15000 },
};
const scopeName = process.env.STRYKER_SCOPE ?? 'core';
const scope = SCOPES[scopeName];
if (!scope) throw new Error(`STRYKER_SCOPE must be one of ${Object.keys(SCOPES).join(', ')}, not "${scopeName}"`);
// The name of the reports and the incremental baseline: data-unit for the unit-only data run.
// Inherited by the test-runner processes Stryker starts.
if (scopeName === 'cli') process.env.LMA_CLI_IN_PROCESS = '1';
const name = scopeName === 'data' && process.env.STRYKER_DATA_TESTS === 'unit' ? 'data-unit' : scopeName;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  packageManager: 'npm',
  // Static mutants on (STRYKER_STATIC=1): the plain mocha runner, restarted for each. Otherwise the same runner without
  // a restart for hybrid mutants (scripts/mutationRunner.mjs).
  testRunner: process.env.STRYKER_STATIC === '1' ? 'mocha' : 'mocha-runtime',
  mutate: scope.mutate,
  buildCommand: 'npx tsc -p .',
  mochaOptions: { config: '.mocharc.json', spec: scope.spec },
  // The TypeScript checker through a wrapper that loads the compiler only in the checker process (see the file).
  plugins: ['@stryker-mutator/mocha-runner', './scripts/mutationRunner.mjs', './scripts/strykerLazyChecker.mjs'],
  checkers: ['typescript-lazy'],
  tsconfigFile: 'tsconfig.json',
  coverageAnalysis: 'perTest',
  // 2 cores shared with other work: one test-runner process (the type checker runs alongside it).
  concurrency: 1,
  timeoutMS: scope.timeoutMS,
  // Static mutants (module-level constants, evaluated once at load) each need every test re-run on a fresh load:
  // about 10 % of core's mutants but most of its run time here. Left out (counted as Ignored) unless
  // STRYKER_STATIC=1 (npm run mutation -- --static).
  ignoreStatic: process.env.STRYKER_STATIC !== '1',
  dryRunTimeoutMinutes: 10,
  // Written by every run (scripts/mutation.mjs adds --incremental, and --force unless asked for an incremental run).
  incrementalFile: `reports/stryker-incremental-${name}.json`,
  // out/ is NOT ignored: the incremental differ reads the compiled tests from the project folder.
  ignorePatterns: ['dist', 'test-results', '.vscode-test', '.cache', 'media', '*.vsix'],
  reporters: ['clear-text', 'progress', 'json', 'html'],
  clearTextReporter: { reportMutants: false, reportTests: false, logTests: false },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  thresholds: { high: 80, low: 70, break: null },
};
