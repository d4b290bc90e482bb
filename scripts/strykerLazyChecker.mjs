// Stryker's TypeScript checker, loaded only in the process that checks. Stryker loads every plugin into every
// test-runner process, and the checker imports the TypeScript compiler (about 3 s here); the mocha runner is
// restarted for each mutant that also runs while the modules load, hundreds of times per run.
// Same checker, same options (typescriptChecker.*); registered as the "typescript-lazy" checker.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PluginKind, commonTokens, declareClassPlugin, tokens } from '@stryker-mutator/api/plugin';

const checkerPackage = dirname(createRequire(import.meta.url).resolve('@stryker-mutator/typescript-checker/package.json'));
const schemaFile = join(checkerPackage, 'dist', 'schema', 'typescript-checker-options.json');

class LazyTypescriptChecker {
  static inject = tokens(commonTokens.injector);
  #injector;
  #checker;
  constructor(injector) {
    this.#injector = injector;
  }
  async init() {
    const { createTypescriptChecker } = await import('@stryker-mutator/typescript-checker');
    this.#checker = createTypescriptChecker(this.#injector);
    await this.#checker.init();
  }
  check(mutants) {
    return this.#checker.check(mutants);
  }
  group(mutants) {
    return this.#checker.group(mutants);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Checker, 'typescript-lazy', LazyTypescriptChecker)];
export const strykerValidationSchema = JSON.parse(readFileSync(schemaFile, 'utf8'));
