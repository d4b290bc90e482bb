/**
 * The demo's Modify License page (the LMA's Visualforce page `sfLma__ModifyLicense`, behind the
 * Modify License button on a license's record page), so the product's worklist can be carried out
 * on the demo as on a real LMO: a form with Status, Seats and Expiration, saved with the same
 * Modify License rules and License history as any write (DemoLmo.saveOnModifyLicensePage). A
 * browser session (the front door's cookie) is needed, and the form carries the demo's form token
 * and refuses other origins.
 */
import type * as http from 'node:http';
import { ApiError } from '../apiError';
import { type DemoRecord } from '../schema';
import { readBody, sendHtml } from './io';
import { sessionCookie } from './pageRoutes';
import { escapeHtml, loginRequiredPage, notFoundPage, page } from './pages';

export const MODIFY_LICENSE_PATH = '/apex/sfLma__ModifyLicense';

export interface ModifyLicenseHost {
  readonly url: string;
  readonly consoleToken: string;
  sessionOf(token: string): number | undefined;
  pageRecord(objectName: string, id: string): { record: DemoRecord } | undefined;
  saveOnModifyLicensePage(licenseId: string, fields: Record<string, unknown>): DemoRecord;
}

const PERPETUAL = '1970-01-01';

function form(host: ModifyLicenseHost, license: DemoRecord, error?: string): string {
  const status = String(license.sfLma__Status__c ?? '');
  const seats = typeof license.sfLma__Seats__c === 'number' ? license.sfLma__Seats__c : null;
  const expiration = typeof license.sfLma__Expiration__c === 'string' ? license.sfLma__Expiration__c.slice(0, 10) : '';
  const option = (value: string) => `<option${value === status ? ' selected' : ''}>${value}</option>`;
  const id = escapeHtml(String(license.Id));
  return page(
    `Modify License: ${String(license.Name ?? license.Id)}`,
    `<h1>Modify License ${escapeHtml(String(license.Name ?? ''))}</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${MODIFY_LICENSE_PATH}?id=${id}">
<input type="hidden" name="token" value="${escapeHtml(host.consoleToken)}">
<table>
<tr><th><label for="status">Status</label></th><td><select id="status" name="status">${['Trial', 'Active', 'Suspended'].map(option).join('')}</select></td></tr>
<tr><th><label for="seats">Seats</label></th><td><input id="seats" name="seats" type="number" min="0" max="99000000" value="${seats !== null && seats >= 0 ? seats : ''}">
<label><input type="checkbox" name="site" value="1"${seats !== null && seats < 0 ? ' checked' : ''}> Site License</label></td></tr>
<tr><th><label for="expiration">Expiration</label></th><td><input id="expiration" name="expiration" type="date" value="${expiration && expiration !== PERPETUAL ? escapeHtml(expiration) : ''}">
<label><input type="checkbox" name="never" value="1"${!expiration || expiration === PERPETUAL ? ' checked' : ''}> Does not expire</label></td></tr>
</table>
<p><button type="submit">Save</button> <a href="/lightning/r/sfLma__License__c/${id}/view">Cancel</a></p>
</form>`,
  );
}

/** What the form asks for, as License fields. */
function fieldsOf(form: URLSearchParams): Record<string, unknown> {
  const seats = form.get('site') === '1' ? -1 : Number(form.get('seats'));
  if (!Number.isInteger(seats)) throw new ApiError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Seats: enter a whole number, or choose Site License.');
  const expiration = form.get('never') === '1' ? PERPETUAL : String(form.get('expiration') ?? '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(expiration))
    throw new ApiError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Expiration: enter a date, or choose Does not expire.');
  return { sfLma__Status__c: String(form.get('status') ?? ''), sfLma__Seats__c: seats, sfLma__Expiration__c: expiration };
}

export async function modifyLicensePage(
  host: ModifyLicenseHost,
  method: string,
  params: URLSearchParams,
  headers: Record<string, string | undefined>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const token = sessionCookie(headers);
  if (!token || host.sessionOf(token) === undefined) return sendHtml(res, 401, loginRequiredPage());
  const id = params.get('id') ?? '';
  const found = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id) ? host.pageRecord('sfLma__License__c', id) : undefined;
  if (!found) return sendHtml(res, 404, notFoundPage('No such license in the demo LMO.'));
  if (method === 'GET') return sendHtml(res, 200, form(host, found.record));
  if (method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', 'GET or POST');
  if (headers.origin && headers.origin !== host.url) throw new ApiError(403, 'INSUFFICIENT_ACCESS', 'Cross-site form posts are refused.');
  const body = new URLSearchParams(await readBody(req, 16 * 1024));
  if (body.get('token') !== host.consoleToken) throw new ApiError(403, 'INSUFFICIENT_ACCESS', 'The form has expired: open Modify License again.');
  try {
    host.saveOnModifyLicensePage(id, fieldsOf(body));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return sendHtml(res, 400, form(host, found.record, err.message));
  }
  res.writeHead(303, { Location: `/lightning/r/sfLma__License__c/${encodeURIComponent(id)}/view` });
  res.end();
}
