/**
 * The demo org's front door for every HTTP request: the routes that need no session (OAuth, the
 * front-door login, the control API, the pages a browser opens), then the session check, then the
 * REST API. Only requests to 127.0.0.1 or localhost are answered.
 */
import type * as http from 'node:http';
import { ApiError, notFound } from '../apiError';
import { APP_ANALYTICS_FILE_PATH, appAnalyticsFile } from './appAnalyticsFiles';
import { type ControlRequest, control } from './controlRoutes';
import { type FrontDoor, refreshGrant, userInfo } from './identityRoutes';
import { MAX_ZIP_BYTES } from '../metadata/deployPackage';
import { SOAP_METADATA_PATH } from '../metadata/soap';
import { decodeOrReject, isLoopbackHost, parseJson, readBody, readBytes, send, sendHtml, sleep } from './io';
import { MODIFY_LICENSE_PATH, modifyLicensePage } from './modifyLicensePage';
import { lightningPage } from './pageRoutes';
import { loginRequiredPage } from './pages';
import { partnerConsole } from './partnerConsole';
import { type RestApi, apiPath, isSupportedVersion, versions } from './restApi';
import { type Sessions, bearerToken } from './sessions';
import type { DemoLmo } from './server';

export interface RouterParts {
  readonly demo: DemoLmo;
  readonly sessions: Sessions;
  readonly frontDoor: FrontDoor;
  readonly api: RestApi;
}

/** Answers one HTTP request; an ApiError thrown before the REST API's own handling is the caller's to send. */
export async function route(parts: RouterParts, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { demo, sessions, frontDoor, api } = parts;
  const headers = req.headers as Record<string, string | undefined>;
  // A page elsewhere that rebinds its DNS name to 127.0.0.1 still sends its own Host header.
  if (!isLoopbackHost(headers.host)) throw new ApiError(421, 'MISDIRECTED_REQUEST', 'The demo LMO answers only requests to 127.0.0.1 or localhost.');
  // The Salesforce CLI stores instance URLs with a trailing slash and so asks for //services/…: as Salesforce does, take it.
  const url = new URL(`http://127.0.0.1${(req.url ?? '/').replace(/^\/{2,}/, '/')}`);
  const method = (req.method ?? 'GET').toUpperCase();
  const path =
    decodeOrReject(url.pathname)
      .replace(/\/{2,}/g, '/')
      .replace(/\/+$/, '') || '/';
  if (demo.faults.settings.latencyMs > 0) await sleep(demo.faults.settings.latencyMs);

  // Routes that need no session.
  if (path === '/services/oauth2/token' && method === 'POST') return send(res, ...refreshGrant(demo, await readBody(req)));
  if (path === '/services/oauth2/revoke') return send(res, 200, {});
  if (path === '/secur/frontdoor.jsp' && method === 'GET') {
    const spent = frontDoor.spend(url.searchParams.get('otp'), Date.now());
    if (!spent || sessions.of(spent.token) === undefined) {
      res.writeHead(302, { Location: '/?ec=302&startURL=%2F' });
      return void res.end();
    }
    res.writeHead(302, { Location: spent.start, 'Set-Cookie': `sid=${encodeURIComponent(spent.token)}; Path=/; HttpOnly; SameSite=Lax` });
    return void res.end();
  }
  if (path === '/__demo/control' && method === 'POST') {
    if (headers.authorization !== `Bearer ${demo.controlToken}`)
      return send(res, 401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Control token required' }]);
    return send(res, 200, control(demo, (parseJson((await readBody(req)) || '{}') ?? {}) as ControlRequest));
  }
  if (path === '/services/data' && method === 'GET') return send(res, 200, versions());
  // App Analytics' DownloadUrl: pre-signed, answered without (and refusing) the Salesforce session.
  if (path.startsWith(APP_ANALYTICS_FILE_PATH)) return appAnalyticsFile(demo.appAnalytics, demo.now(), method, path, url.searchParams, headers, res);
  if (path === '/partnerconsole' || path.startsWith('/partnerconsole/')) return partnerConsole(demo, method, path, url.searchParams, headers, req, res);
  if (path === MODIFY_LICENSE_PATH) return modifyLicensePage(demo, method, url.searchParams, headers, req, res);
  if (method === 'GET' && /^\/(lightning|apex|partnerbt)\//.test(path)) return lightningPage(demo, path, url.searchParams, headers, res);
  if (method === 'GET' && path === '/') return sendHtml(res, 401, loginRequiredPage());

  // Everything else needs a session: checked before any body is read.
  if (path === '/services/oauth2/singleaccess' && (method === 'GET' || method === 'POST')) {
    sessions.authorize(headers);
    const token = bearerToken(headers) ?? '';
    const form = method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
    return send(res, ...frontDoor.issue(token, form.get('redirect_uri'), Date.now()));
  }
  if (path === '/services/oauth2/userinfo' || path.startsWith('/id/')) {
    sessions.authorize(headers);
    return send(res, 200, userInfo(demo));
  }
  // The SOAP Metadata API: its session is in the envelope (docs/demo.md#deploying-metadata).
  const soap = SOAP_METADATA_PATH.exec(path);
  if (soap) {
    if (method !== 'POST' || !isSupportedVersion(soap[1])) throw notFound();
    // A zip travels base64-encoded in the envelope: 4/3 of its bytes.
    const body = await readBody(req, Math.ceil((MAX_ZIP_BYTES * 4) / 3) + 1024 * 1024);
    const answer = demo.deploys.soap(body, (token, operation) => api.countCall(sessions.of(token) as number, method, `${path} ${operation}`));
    res.writeHead(answer.status, { 'Content-Type': 'text/xml;charset=UTF-8' });
    return void res.end(answer.xml);
  }
  const target = apiPath(path);
  if (!target) throw notFound();
  const session = sessions.authorize(headers);
  if (!isSupportedVersion(target.version)) throw notFound();
  // A deploy's multipart body carries a zip: read as bytes, up to the zip limit and the parts' headers.
  const bytes = method === 'POST' && target.rest.startsWith('metadata/') ? await readBytes(req, MAX_ZIP_BYTES + 1024 * 1024) : undefined;
  const raw = bytes ? '' : await readBody(req);
  return api.handle(res, { method, path, url, headers, session, raw, bytes, version: target.version, rest: target.rest });
}
