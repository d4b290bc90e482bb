import { fixedClock } from '../../src/core/clock';
import { connectCliOrg } from '../../src/data/connect';
import { LicenseManagementOrg } from '../../src/data/lmo';
import { DemoLmo, DemoLmoOptions } from '../../src/demo/http/server';

export const TODAY = '2026-03-10';
export const NO_RETRY = { maxRetries: 0, minTimeoutMs: 10 };

export async function startDemo(options: DemoLmoOptions = {}): Promise<DemoLmo> {
  return DemoLmo.start({ today: TODAY, licenses: 500, ...options });
}

/**
 * Stores the demo org in the (isolated) Salesforce CLI auth store under an alias, the way
 * `sf org login access-token` does, through @salesforce/core's real AuthInfo path.
 */
export async function loginWithCli(demo: DemoLmo, alias: string): Promise<void> {
  const { AuthInfo, StateAggregator, ConfigAggregator } = await import('@salesforce/core');
  StateAggregator.clearInstance();
  await ConfigAggregator.clearInstance();
  const auth = await AuthInfo.create({ accessTokenOptions: { accessToken: demo.accessToken, instanceUrl: demo.url, loginUrl: demo.url } });
  await auth.save();
  await auth.handleAliasAndDefaultSettings({ alias, setDefault: false, setDefaultDevHub: false });
  StateAggregator.clearInstance();
}

/** The product's own path: connect by alias through the CLI auth store. */
export async function connectByAlias(alias: string, today = TODAY): Promise<LicenseManagementOrg> {
  return connectCliOrg(alias, { clock: fixedClock(today), retry: NO_RETRY });
}
