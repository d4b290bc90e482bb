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
