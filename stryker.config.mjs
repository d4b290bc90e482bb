// Mutation testing (StrykerJS 9.6.1; 10.x needs Node 22): plants small bugs in the domain core and
// the data layer, one at a time, and checks that the tests notice each one. Run it through
// scripts/mutation.mjs (npm run mutation), which runs one scope after the other:
//   core  src/core/**  against the unit tier (test/core, test/storage): the domain is checked by its own tests;
//   data  src/data/**  against its unit and integration tests (test/data: the real @salesforce/core + jsforce over HTTP
//                      to a demo LMO); no other unit test imports the data layer.
// STRYKER_SCOPE picks the scope (core by default). Stryker copies the project to .stryker-tmp/,
// instruments src/**/*.ts there, compiles it with tsc into out/ and runs mocha over out/test/**
// in the sandbox. The CLI tests are left out: they run dist/cli.js in a child process, which
// Stryker cannot instrument.
const UNIT = ['out/test/core/**/*.test.js', 'out/test/storage/**/*.test.js'];
const SCOPES = {
  core: { mutate: ['src/core/**/*.ts'], spec: UNIT },
  data: { mutate: ['src/data/**/*.ts'], spec: ['out/test/data/**/*.test.js'] },
};
const name = process.env.STRYKER_SCOPE ?? 'core';
const scope = SCOPES[name];
if (!scope) throw new Error(`STRYKER_SCOPE must be one of ${Object.keys(SCOPES).join(', ')}, not "${name}"`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  packageManager: 'npm',
  testRunner: 'mocha',
  mutate: scope.mutate,
  buildCommand: 'npx tsc -p .',
  mochaOptions: { config: '.mocharc.json', spec: scope.spec },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  coverageAnalysis: 'perTest',
  // 2 cores shared with other work: one test-runner process (the type checker runs alongside it).
  concurrency: 1,
  timeoutMS: 15000,
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
