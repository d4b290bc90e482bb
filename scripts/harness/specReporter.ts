/** Mocha's spec reporter, which also logs each failure to the suite's failure log (see failureLog.ts). */
import * as Mocha from 'mocha';
import { logFailure } from './failureLog';

/** Used as `--reporter out/scripts/harness/specReporter.js`. */
class SpecWithFailureLog extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const tier = process.env.LMA_TIER ?? 'mocha';
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Test, err: Error) => logFailure(tier, test.fullTitle(), err?.message));
  }
}

export = SpecWithFailureLog;
