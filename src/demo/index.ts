/** The demo LMO as the extension loads it (lazily, as its own bundle). */
export { DemoLmo } from './http/server';
export type { DemoLmoOptions } from './http/demoOptions';
export { SETUP_BREAKS, parseSetupBreaks } from './setup';
export { DEMO_SCENARIOS, isDemoScenario, scenarioOptions } from './scenarios';
export type { DemoScenario } from './scenarios';
export type { SetupBreak } from './setup';
