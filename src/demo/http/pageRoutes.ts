/**
 * The Lightning pages the product opens in a browser — a record page and Installed Packages —
 * served like Salesforce serves them: only to a browser with a session (the `sid` cookie the
 * front door sets, or a Bearer token).
 */
import type * as http from 'node:http';
import { sendHtml } from './io';
import { homePage, installedPackagesPage, loginRequiredPage, notFoundPage, recordPage } from './pages';
import type { DemoLmo } from './server';

export function sessionCookie(headers: Record<string, string | undefined>): string | undefined {
  const cookies = headers.cookie ?? '';
  const m = /(?:^|;\s*)sid=([^;]+)/.exec(cookies);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export function lightningPage(demo: DemoLmo, path: string, headers: Record<string, string | undefined>, res: http.ServerResponse): void {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  const token = sessionCookie(headers) ?? bearer;
  if (!token || demo.sessionOf(token) === undefined) return sendHtml(res, 401, loginRequiredPage());
  const record = /^\/lightning\/r\/(\w+)\/(\w{15,18})\/view$/.exec(path);
  if (record) {
    const found = demo.pageRecord(record[1], record[2]);
    return found ? sendHtml(res, 200, recordPage(found.object, found.record, demo.store)) : sendHtml(res, 404, notFoundPage('No such record in the demo LMO.'));
  }
  if (path === '/lightning/setup/ImportedPackage/home') return sendHtml(res, 200, installedPackagesPage(demo.installedPackages()));
  if (path === '/lightning/page/home') return sendHtml(res, 200, homePage(demo.username, demo.licenseCount));
  return sendHtml(res, 404, notFoundPage('The demo LMO serves only record pages, Installed Packages and its home page.'));
}
