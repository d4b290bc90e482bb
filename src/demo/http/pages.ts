/**
 * The few Lightning pages the product links to, so "Open in Salesforce" shows something on the
 * demo too: a record page and the Installed Packages page. Every value is HTML-escaped; the
 * pages carry a CSP that allows no script at all.
 */
import { type DemoRecord, type ObjectDef } from '../schema';
import { readField } from '../soql/fieldPath';
import { type DemoStore } from '../store';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#181818}h1{font-size:20px}table{border-collapse:collapse}th,td{text-align:left;padding:4px 12px;border-bottom:1px solid #ddd}th{color:#555;font-weight:normal}.note{color:#555}.error{color:#b00}a.button{display:inline-block;padding:4px 12px;border:1px solid #0176d3;border-radius:4px;color:#0176d3;text-decoration:none}</style>
</head><body><p class="note">Demo LMO — generated data, not a Salesforce org.</p>${body}</body></html>`;
}

export function recordPage(object: ObjectDef, record: DemoRecord, store: DemoStore): string {
  const rows = object.fields
    .map((f) => {
      let value = readField(f, record, store.lookup);
      // Lookups show the related record's name, as Lightning does.
      if (f.type === 'reference' && typeof value === 'string') {
        const related = store.lookup(value);
        const label = related?.Name ?? related?.Company;
        if (label !== undefined && label !== null) value = `${String(label)} (${value})`;
      }
      return `<tr><th>${escapeHtml(f.label)}</th><td>${escapeHtml(value === null || value === undefined ? '' : String(value))}</td></tr>`;
    })
    .join('');
  const name = String(record.Name ?? record.Id);
  const modify =
    object.name === 'sfLma__License__c'
      ? `<p><a class="button" id="modify-license" href="/apex/sfLma__ModifyLicense?id=${encodeURIComponent(record.Id)}">Modify License</a></p>`
      : '';
  return page(`${object.label}: ${name}`, `<h1>${escapeHtml(object.label)} ${escapeHtml(name)}</h1>${modify}<table>${rows}</table>`);
}

export function installedPackagesPage(rows: { name: string; namespace: string; version: string }[]): string {
  const body = rows.map((r) => `<tr><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.namespace)}</td><td>${escapeHtml(r.version)}</td></tr>`).join('');
  return page('Installed Packages', `<h1>Installed Packages</h1><table><tr><th>Package</th><th>Namespace</th><th>Version</th></tr>${body}</table>`);
}

export function loginRequiredPage(): string {
  return page(
    'Log in',
    '<h1>Log in to the demo LMO</h1><p>This page needs a session. Open it through the front door, e.g. <code>sf org open --target-org demo-lmo</code>, or from LMA Workbench.</p>',
  );
}

export function notFoundPage(text: string): string {
  return page('Not found', `<h1>Not found</h1><p>${escapeHtml(text)}</p>`);
}

export function homePage(username: string, licenses: number): string {
  return page('Home', `<h1>Demo LMO</h1><p>Logged in as ${escapeHtml(username)}.</p><p>${licenses.toLocaleString('en-US')} licenses.</p>`);
}

export function listPage(title: string, records: readonly DemoRecord[]): string {
  const body = records.map((r) => `<tr><td>${escapeHtml(String(r.Name ?? ''))}</td><td>${escapeHtml(r.Id)}</td></tr>`).join('');
  return page(title, `<h1>${escapeHtml(title)}</h1><table><tr><th>Name</th><th>Record ID</th></tr>${body}</table>`);
}

export function recycleBinPage(store: DemoStore): string {
  const deleted = store.rows('sfLma__License__c').filter((l) => l.IsDeleted === true);
  const body = deleted
    .map((l) => `<tr><td>${escapeHtml(String(l.Name ?? ''))}</td><td>${escapeHtml(String(l.sfLma__Subscriber_Org_ID__c ?? ''))}</td></tr>`)
    .join('');
  return page(
    'Recycle Bin',
    `<h1>Recycle Bin</h1><p class="note">Deleted licenses stay here for 15 days; restoring one gives the customer their access back.</p><table><tr><th>License</th><th>Subscriber org</th></tr>${body}</table>`,
  );
}

export function companyPage(org: DemoRecord | undefined): string {
  const rows = ['Name', 'OrganizationType', 'InstanceName', 'IsSandbox', 'Id']
    .map((f) => `<tr><th>${f}</th><td>${escapeHtml(String(org?.[f] ?? ''))}</td></tr>`)
    .join('');
  return page('Company Information', `<h1>Company Information</h1><table>${rows}</table>`);
}

export function subscriberSupportPage(orgId: string | undefined): string {
  const about = orgId
    ? `<p>Subscriber org <code>${escapeHtml(orgId)}</code>. In a real LMO this page lists the users who granted you login access, and until when.</p>`
    : '<p>In a real LMO you search subscribers here and log in to the orgs whose users granted you access.</p>';
  return page('Subscriber Support', `<h1>Subscriber Support Console</h1>${about}`);
}
