/**
 * The demo's stand-in for the Salesforce Partner Console's "Manage Licenses → Register" step:
 * a page listing the Dev Hub's packages with a Register button each. Registering does what the
 * real one does, after a delay: the LMA writes the Package record and its Package Versions into
 * this LMO. Like the other demo pages it needs a session (the front door's `sid` cookie or a
 * Bearer token); the form also carries a per-demo token, so another site cannot post it.
 */
import type * as http from 'node:http';
import { ApiError } from '../apiError';
import { escapeHtml, loginRequiredPage } from './pages';
import { readBody, sendHtml } from './io';
import { sessionCookie } from './pageRoutes';

/** A package as the console lists it. */
export interface ConsolePackage {
  readonly name: string;
  readonly namespace: string | null;
  readonly subscriberPackageId: string;
  readonly containerOptions: 'Managed' | 'Unlocked';
  /** The Developer Org ID of its Package record in this LMO, once linked. */
  readonly linkedFrom: string | undefined;
  /** When a registration is under way: when the LMA will have written the records. */
  readonly dueAt: number | undefined;
}

/** What the console needs from the demo. */
export interface ConsoleHost {
  readonly orgId: string;
  readonly consoleToken: string;
  readonly url: string;
  sessionOf(token: string): number | undefined;
  consolePackages(): ConsolePackage[];
  linkPackage(subscriberPackageId: string): { dueAt: number };
}

export async function partnerConsole(
  host: ConsoleHost,
  method: string,
  path: string,
  params: URLSearchParams,
  headers: Record<string, string | undefined>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  const token = sessionCookie(headers) ?? bearer;
  if (!token || host.sessionOf(token) === undefined) return sendHtml(res, 401, loginRequiredPage());
  if (method === 'GET' && path === '/partnerconsole') return sendHtml(res, 200, consolePage(host, params));
  if (method === 'POST' && path === '/partnerconsole/register') {
    // A form from another origin carries its own Origin header; refuse it whatever cookie came along.
    if (headers.origin && headers.origin !== host.url) throw new ApiError(403, 'INSUFFICIENT_ACCESS', 'Cross-site form posts are refused.');
    const form = new URLSearchParams(await readBody(req, 16 * 1024));
    if (form.get('token') !== host.consoleToken) throw new ApiError(403, 'INSUFFICIENT_ACCESS', 'The form has expired: reload the Partner Console.');
    const id = form.get('subscriberPackageId') ?? '';
    let query: string;
    try {
      const { dueAt } = host.linkPackage(id);
      query = `registered=${encodeURIComponent(id)}&due=${dueAt}`;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      query = `error=${encodeURIComponent(err.message)}`;
    }
    res.writeHead(303, { Location: `/partnerconsole?${query}` });
    return void res.end();
  }
  throw new ApiError(404, 'NOT_FOUND', 'The demo Partner Console has one page: /partnerconsole');
}

function consolePage(host: ConsoleHost, params: URLSearchParams): string {
  const notice = params.get('error')
    ? `<p class="error" role="alert">${escapeHtml(params.get('error') ?? '')}</p>`
    : params.get('registered')
      ? `<p class="ok" role="status">Registered ${escapeHtml(params.get('registered') ?? '')}. The License Management App creates the package record in this LMO shortly (in a real org this can take 30 minutes or more).</p>`
      : '';
  const rows = host
    .consolePackages()
    .map((p) => {
      let state: string;
      if (p.containerOptions !== 'Managed') state = 'Unlocked packages cannot be linked to the LMA.';
      else if (p.linkedFrom) state = p.linkedFrom.slice(0, 15) === host.orgId.slice(0, 15) ? 'Registered' : `Registered (from ${escapeHtml(p.linkedFrom)})`;
      else if (p.dueAt !== undefined) state = `Registering… the package record arrives at ${escapeHtml(new Date(p.dueAt).toISOString())}`;
      else
        state = `<form method="post" action="/partnerconsole/register"><input type="hidden" name="token" value="${escapeHtml(host.consoleToken)}"><input type="hidden" name="subscriberPackageId" value="${escapeHtml(p.subscriberPackageId)}"><button type="submit" aria-label="Register ${escapeHtml(p.name)}">Register</button></form>`;
      return `<tr><td>${escapeHtml(p.name)}</td><td>${escapeHtml(p.namespace ?? '')}</td><td><code>${escapeHtml(p.subscriberPackageId)}</code></td><td>${state}</td></tr>`;
    })
    .join('');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Partner Console (demo)</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#181818}table{border-collapse:collapse}th,td{text-align:left;padding:6px 12px;border-bottom:1px solid #ddd}.note{color:#555}.error{color:#b00}.ok{color:#060}</style>
</head><body><p class="note">Demo Partner Console — a stand-in for Salesforce's, which has no API.</p>
<h1>Manage Licenses</h1>
<p>Registering a package links it to the License Management Org <code>${escapeHtml(host.orgId)}</code>: every install then creates a License record there. <strong>This is permanent</strong>: a package's licenses cannot be moved to another LMO.</p>
${notice}<table><tr><th>Package</th><th>Namespace</th><th>Package ID</th><th>License management</th></tr>${rows}</table></body></html>`;
}
