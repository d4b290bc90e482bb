/**
 * The Lightning pages the product opens in a browser — a record page, a deployed dashboard
 * (dashboardPage.ts) and Installed Packages —
 * served like Salesforce serves them: only to a browser with a session (the `sid` cookie the
 * front door sets, or a Bearer token).
 */
import type * as http from 'node:http';
import { reportDataOf } from '../analytics/analyticsRoutes';
import { dashboardPage } from './dashboardPage';
import { sendHtml } from './io';
import {
  companyPage,
  homePage,
  installedPackagesPage,
  listPage,
  loginRequiredPage,
  notFoundPage,
  recordPage,
  recycleBinPage,
  subscriberSupportPage,
} from './pages';
import type { DemoLmo } from './server';

export function sessionCookie(headers: Record<string, string | undefined>): string | undefined {
  const cookies = headers.cookie ?? '';
  const m = /(?:^|;\s*)sid=([^;]+)/.exec(cookies);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export function lightningPage(
  demo: DemoLmo,
  path: string,
  params: URLSearchParams,
  headers: Record<string, string | undefined>,
  res: http.ServerResponse,
): void {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  const token = sessionCookie(headers) ?? bearer;
  if (!token || demo.sessionOf(token) === undefined) return sendHtml(res, 401, loginRequiredPage());
  const record = /^\/lightning\/r\/(\w+)\/(\w{15,18})\/view$/.exec(path);
  if (record?.[1] === 'Dashboard') {
    const parts = {
      metadata: demo.metadata,
      data: reportDataOf(demo.store),
      lookup: demo.store.lookup,
      today: demo.today,
      viewerId: demo.userId(),
      now: demo.now(),
    };
    const html = dashboardPage(parts, record[2]);
    return html ? sendHtml(res, 200, html) : sendHtml(res, 404, notFoundPage('No such dashboard in the demo LMO.'));
  }
  if (record) {
    const found = demo.pageRecord(record[1], record[2]);
    return found ? sendHtml(res, 200, recordPage(found.object, found.record, demo.store)) : sendHtml(res, 404, notFoundPage('No such record in the demo LMO.'));
  }
  if (path === '/lightning/setup/ImportedPackage/home') return sendHtml(res, 200, installedPackagesPage(demo.installedPackages()));
  if (path === '/lightning/page/home') return sendHtml(res, 200, homePage(demo.username, demo.licenseCount));
  const list = /^\/lightning\/o\/(\w+)\/(list|home)$/.exec(path);
  if (list?.[1] === 'sfLma__Package__c') return sendHtml(res, 200, listPage('Packages', demo.store.rows('sfLma__Package__c')));
  if (list?.[1] === 'DeleteEvent') return sendHtml(res, 200, recycleBinPage(demo.store));
  if (path === '/lightning/setup/CompanyProfileInfo/home') return sendHtml(res, 200, companyPage(demo.store.rows('Organization')[0]));
  if (path === '/apex/sfLma__SubscriberSupport') return sendHtml(res, 200, subscriberSupportPage(undefined));
  if (path === '/partnerbt/lmo/subOrgLogin.apexp') return sendHtml(res, 200, subscriberSupportPage(params.get('directLoginOrgId') ?? undefined));
  return sendHtml(res, 404, notFoundPage('The demo LMO serves record pages, a few lists and Setup pages, and its home page.'));
}
