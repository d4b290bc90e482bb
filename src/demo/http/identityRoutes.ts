import { randomBytes } from 'node:crypto';
/** OAuth and identity: the refresh-token grant, userinfo and the /id/ URL, as Salesforce serves them. */
import { type DemoIdentity } from './types';

/** POST /services/oauth2/token (grant_type=refresh_token). */
export function refreshGrant(identity: DemoIdentity, raw: string): [number, unknown] {
  const form = new URLSearchParams(raw);
  if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== identity.refreshToken) {
    return [400, { error: 'invalid_grant', error_description: 'expired access/refresh token' }];
  }
  const accessToken = identity.issueAccessToken();
  return [
    200,
    {
      access_token: accessToken,
      instance_url: identity.url,
      id: `${identity.url}/id/${identity.orgId}/${identity.userId()}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      scope: 'api refresh_token web',
      signature: 'demo',
    },
  ];
}

/** GET /services/oauth2/userinfo and /id/<org>/<user>. */
export function userInfo(identity: DemoIdentity): object {
  const userId = identity.userId();
  return {
    sub: `${identity.url}/id/${identity.orgId}/${userId}`,
    user_id: userId,
    organization_id: identity.orgId,
    preferred_username: identity.username,
    name: 'Demo Admin',
    email: identity.username,
    email_verified: true,
    zoneinfo: 'UTC',
    locale: 'en_US',
    urls: { rest: `${identity.url}/services/data/v{version}/`, custom_domain: identity.url },
  };
}

/**
 * The front door, as `sf org open` uses it: GET /services/oauth2/singleaccess (with a session)
 * answers a one-time URL; /secur/frontdoor.jsp?otp=… spends it, sets the session cookie and
 * redirects to the start page.
 */
export class FrontDoor {
  private readonly codes = new Map<string, { token: string; start: string; expiresMs: number }>();

  constructor(private readonly url: () => string) {}

  /** A one-time URL into `redirect` (a path on this org) for the session of `token`. */
  issue(token: string, redirect: string | null, nowMs: number): [number, unknown] {
    const start = redirect ?? '/lightning/page/home';
    if (!start.startsWith('/') || start.startsWith('//'))
      return [400, { error: 'invalid_request', error_description: 'redirect_uri must be a path on this org' }];
    const otp = randomBytes(24).toString('base64url');
    this.codes.set(otp, { token, start, expiresMs: nowMs + 5 * 60_000 });
    return [200, { frontdoor_uri: `${this.url()}/secur/frontdoor.jsp?otp=${otp}&startURL=${encodeURIComponent(start)}` }];
  }

  /** Spends a code: the session to set and where to go, or undefined for an unknown, used or stale code. */
  spend(otp: string | null, nowMs: number): { token: string; start: string } | undefined {
    const entry = otp ? this.codes.get(otp) : undefined;
    if (!entry || !otp) return undefined;
    this.codes.delete(otp);
    return entry.expiresMs >= nowMs ? entry : undefined;
  }
}
