/**
 * What the demo LMO shows, by purpose:
 *  - showcase: what a partner shows a colleague — plausible customer names, the LMA at its latest
 *    known release, every setup step in order. The product's default (the editor, `--demo`, npm start).
 *  - brokenSetup: the tour of what LMA Workbench finds wrong — the LMA behind its latest release and
 *    an inactive lead manager on one package (npm start -- --broken-setup).
 *  - edgeCases: everything real orgs throw at the product at once — the above, plus customer names
 *    that attack every output (markup, SOQL, formulas, bidi overrides) heading every list. The tests' demo,
 *    and DemoLmo's defaults.
 */
import { type DemoLmoOptions } from './http/demoOptions';

export const DEMO_SCENARIOS = ['showcase', 'brokenSetup', 'edgeCases'] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

/** The latest LMA release LMA Workbench knows of (src/core/lmaBaseline.json); the showcase's LMA is on it. */
const LATEST_KNOWN_LMA = '1.20.0';

export function scenarioOptions(scenario: DemoScenario): Partial<DemoLmoOptions> {
  switch (scenario) {
    case 'showcase':
      return { hostileNames: false, lmaVersion: LATEST_KNOWN_LMA, setup: [] };
    case 'brokenSetup':
      return { hostileNames: false };
    case 'edgeCases':
      return {};
  }
}

export function isDemoScenario(value: unknown): value is DemoScenario {
  return typeof value === 'string' && (DEMO_SCENARIOS as readonly string[]).includes(value);
}
