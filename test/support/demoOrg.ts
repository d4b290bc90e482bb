import { storeCliLogin } from '../../scripts/harness/cliLogin';
import { type Clock, fixedClock } from '../../src/core/clock';
import { LicenseManagementOrg } from '../../src/data/lmo/licenseManagementOrg';
import { openOrg } from '../../src/data/org/connect';
import { type OrgClient, type RetryPolicy } from '../../src/data/org/orgClient';
import { DemoLmo, type DemoLmoOptions } from '../../src/demo/http/server';
import { type LoggedRequest } from '../../src/demo/http/requestLog';

export const TODAY = '2026-03-10';
export const NO_RETRY: RetryPolicy = { maxRetries: 0, minTimeoutMs: 10 };

export async function startDemo(options: DemoLmoOptions = {}): Promise<DemoLmo> {
  return DemoLmo.start({ today: TODAY, licenses: 500, ...options });
}

/**
 * Stores the demo org in the (isolated) Salesforce CLI auth store under an alias, the way
 * `sf org login access-token` does, through @salesforce/core's real AuthInfo path — with the
 * instance URL's trailing slash, as the real CLI stores it. Returns the login's session number.
 */
export async function loginWithCli(demo: DemoLmo, alias: string): Promise<number> {
  const accessToken = demo.issueAccessToken();
  await storeCliLogin(demo.url, accessToken, alias);
  return demo.sessionOf(accessToken) as number;
}

/** The product's own path: connect by alias through the CLI auth store. */
export async function connectByAlias(alias: string, today = TODAY): Promise<LicenseManagementOrg> {
  return new LicenseManagementOrg(await openOrg({ kind: 'cli', aliasOrUsername: alias }, { retry: NO_RETRY }), fixedClock(today));
}

/** A connection of its own to the demo (its own session), as the editor opens the demo. */
export async function openDemo(
  demo: DemoLmo,
  options: { clock?: Clock; timeoutMs?: number; withoutOrgId?: boolean; retry?: RetryPolicy | 'product default' } = {},
): Promise<{ client: OrgClient; lmo: LicenseManagementOrg; session: number }> {
  let session = 0;
  const client = await openOrg(
    { kind: 'demo' },
    {
      retry: options.retry === 'product default' ? undefined : (options.retry ?? NO_RETRY),
      timeoutMs: options.timeoutMs,
      demo: async () => ({
        url: demo.url,
        username: demo.username,
        label: 'Demo LMO',
        // An endpoint may not know its org id (then the data layer asks the org).
        orgId: options.withoutOrgId ? undefined : demo.orgId,
        issueAccessToken: async () => {
          const token = demo.issueAccessToken();
          session = demo.sessionOf(token) as number;
          return token;
        },
      }),
    },
  );
  return { client, lmo: new LicenseManagementOrg(client, options.clock ?? fixedClock(TODAY)), session };
}

/** The requests one session made while `task` ran: what that test caused, and nothing else. */
export async function requestsOf<T>(demo: DemoLmo, session: number, task: () => Promise<T>): Promise<{ result: T; requests: LoggedRequest[] }> {
  const mark = demo.requests.mark();
  const result = await task();
  return { result, requests: demo.requests.since(mark, session) };
}
