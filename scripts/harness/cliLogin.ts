/**
 * Stores an org in the Salesforce CLI's auth store under an alias, the way
 * `sf org login access-token` does, through @salesforce/core's real AuthInfo path — with the
 * instance URL's trailing slash, as the real CLI stores it. HOME must already point where the
 * store should be (tests and the benchmark use a throw-away one).
 */
export async function storeCliLogin(instanceUrl: string, accessToken: string, alias: string): Promise<void> {
  const { AuthInfo, StateAggregator, ConfigAggregator } = await import('@salesforce/core');
  StateAggregator.clearInstance();
  await ConfigAggregator.clearInstance();
  const url = new URL(instanceUrl).href;
  const auth = await AuthInfo.create({ accessTokenOptions: { accessToken, instanceUrl: url, loginUrl: url } });
  await auth.save();
  await auth.handleAliasAndDefaultSettings({ alias, setDefault: false, setDefaultDevHub: false });
  StateAggregator.clearInstance();
}
