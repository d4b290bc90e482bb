// Stryker's mocha test runner, told that it can "reload the environment" without a restart.
// A hybrid mutant (its code runs both while the modules load and inside tests: a function that a module-level
// constant also calls) asks for a fresh environment. Mocha cannot unload modules, so Stryker restarts the runner
// process for each such mutant, and again for the mutant after it: on this shared 2-core machine a restart every few
// seconds, more than half of a run's time. Registered as the "mocha-runtime" test runner, the same runner runs those mutants in
// the loaded environment instead: each is activated at run time (Stryker's "runtime" activation, as for every mutant
// with covering tests) and judged by its covering tests, against modules loaded without it. The verdict is on the
// mutant's run-time effect alone: it can differ from the fully mutated program's either way (e.g. a function that both
// builds a module-level table and reads it: mutated reads of an unmutated table) — rare, and said in docs/mutation.md.
// Static mutants (load time only) stay ignored unless STRYKER_STATIC=1, which uses the plain runner (see stryker.config.mjs).
import { PluginKind, commonTokens, declareFactoryPlugin, tokens } from '@stryker-mutator/api/plugin';
import { createMochaTestRunner } from '@stryker-mutator/mocha-runner';

function createRuntimeMochaTestRunner(injector) {
  const runner = createMochaTestRunner(injector);
  runner.capabilities = () => Promise.resolve({ reloadEnvironment: true });
  return runner;
}
createRuntimeMochaTestRunner.inject = tokens(commonTokens.injector);

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'mocha-runtime', createRuntimeMochaTestRunner)];
