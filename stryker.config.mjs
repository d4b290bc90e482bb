// Mutation testing (StrykerJS 9.6.1; 10.x needs Node 22): plants small bugs in the domain core and
// the data layer, one at a time, and checks that the unit and integration tiers notice each one.
//   npm run mutation                    every mutant; refreshes reports/stryker-incremental.json
//   npm run mutation -- --incremental   only mutants whose code or covering tests changed since then
// Stryker copies the project to .stryker-tmp/, instruments src/**/*.ts there, compiles it with tsc
// into out/ and runs mocha over out/test/** in the sandbox. The CLI tests are left out: they run
// dist/cli.js in a child process, which Stryker cannot instrument.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  packageManager: 'npm',
  testRunner: 'mocha',
  mutate: ['src/core/**/*.ts', 'src/data/**/*.ts'],
  buildCommand: 'npx tsc -p .',
  mochaOptions: {
    config: '.mocharc.json',
    spec: [
      // the unit tier (the demo's tests too: the demo LMO uses core's dates, org ids and versions)
      'out/test/core/**/*.test.js',
      'out/test/demo/**/*.test.js',
      'out/test/storage/**/*.test.js',
      'out/test/data/soql.test.js',
      // the integration tier, in process (real @salesforce/core + jsforce over HTTP to a demo LMO)
      'out/test/data/**/*.integration.test.js',
    ],
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  coverageAnalysis: 'perTest',
  // 2 cores shared with others: one type-checker process and one test-runner process.
  concurrency: 2,
  timeoutMS: 15000,
  dryRunTimeoutMinutes: 10,
  incrementalFile: 'reports/stryker-incremental.json',
  // out/ is NOT ignored: the incremental differ reads the compiled tests from the project folder.
  ignorePatterns: ['dist', 'test-results', '.vscode-test', '.cache', 'media', '*.vsix'],
  reporters: ['clear-text', 'progress', 'json', 'html'],
  clearTextReporter: { reportMutants: false, reportTests: false, logTests: false },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  thresholds: { high: 80, low: 70, break: null },
};
