/**
 * The tests' own count of a demo summary file (the demo's summaryCsv): distinct user tokens per
 * org and package, read with a few lines of CSV splitting, not the product's parser.
 */
export function oracleActiveUsers(csv: string): Map<string, number> {
  const lines = csv.split(/\r?\n/).filter((l) => l !== '');
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted && c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) {
        out.push(cell);
        cell = '';
      } else cell += c;
    }
    out.push(cell);
    return out;
  };
  const header = split(lines[0] ?? '');
  const [org, pkg, token] = ['organization_id', 'package_id', 'user_id_token'].map((c) => header.indexOf(c));
  const sets = new Map<string, Set<string>>();
  for (const line of lines.slice(1)) {
    const cells = split(line);
    if (!cells[token]) continue;
    const key = `${cells[org].slice(0, 15)}|${cells[pkg].slice(0, 15)}`;
    sets.set(key, (sets.get(key) ?? new Set()).add(cells[token]));
  }
  return new Map([...sets].map(([k, s]) => [k, s.size]));
}

/** A License row as the org returns it, with its package's 033 id: the fields the oracle reads. */
export interface RawUsageLicense {
  readonly Id: string;
  readonly sfLma__Status__c: string | null;
  readonly sfLma__Seats__c: number | null;
  readonly sfLma__Used_Licenses__c: number | null;
  readonly sfLma__Expiration__c: string | null;
  readonly sfLma__Subscriber_Org_ID__c: string | null;
  readonly sfLma__Subscriber_Org_Is_Sandbox__c: boolean | null;
  readonly sfLma__Org_Status_Formula__c: string | null;
  readonly sfLma__Package__r: { readonly sfLma__Package_ID__c: string | null } | null;
}

/** The SOQL the oracle's rows come from (raw fields; the product's reader is not used). */
export const RAW_USAGE_LICENSE_SOQL =
  'SELECT Id, sfLma__Status__c, sfLma__Seats__c, sfLma__Used_Licenses__c, sfLma__Expiration__c, sfLma__Subscriber_Org_ID__c, sfLma__Subscriber_Org_Is_Sandbox__c, sfLma__Org_Status_Formula__c, sfLma__Package__r.sfLma__Package_ID__c FROM sfLma__License__c';

/**
 * The tests' own shelfware and at-cap sets, written from docs/salesforce/seat-usage.md's rules:
 * live (Active or Trial, not expired) production licenses; shelfware = Active, not in a trial org,
 * of a package with a 033 id, per-seat with seats > 0, active users ≤ `percent` % of the seats;
 * at cap = per-seat with seats > 0 and Used Licenses ≥ seats.
 */
export function oracleFlags(
  rows: readonly RawUsageLicense[],
  active: ReadonlyMap<string, number>,
  today: string,
  percent = 20,
): { shelfware: Set<string>; atCap: Set<string> } {
  const shelfware = new Set<string>();
  const atCap = new Set<string>();
  for (const r of rows) {
    const status = r.sfLma__Status__c ?? '';
    const expiration = r.sfLma__Expiration__c;
    const live = (status === 'Active' || status === 'Trial') && (!expiration || expiration === '1970-01-01' || expiration >= today);
    if (!live || r.sfLma__Subscriber_Org_Is_Sandbox__c) continue;
    const seats = r.sfLma__Seats__c ?? 0;
    if (seats <= 0) continue;
    if ((r.sfLma__Used_Licenses__c ?? 0) >= seats && r.sfLma__Used_Licenses__c !== null) atCap.add(r.Id);
    const pkg = r.sfLma__Package__r?.sfLma__Package_ID__c ?? '';
    const trialOrg = status === 'Trial' || (r.sfLma__Org_Status_Formula__c ?? '').toLowerCase() === 'trial';
    if (status !== 'Active' || trialOrg || !/^033/.test(pkg)) continue;
    const users = active.get(`${(r.sfLma__Subscriber_Org_ID__c ?? '').slice(0, 15)}|${pkg.slice(0, 15)}`) ?? 0;
    if (users * 100 <= percent * seats) shelfware.add(r.Id);
  }
  return { shelfware, atCap };
}

/** The oracle's License rows straight from the org's REST query resource (every page), without the product's reader. */
export async function fetchRawUsageLicenses(instanceUrl: string, accessToken: string, apiVersion = '62.0'): Promise<RawUsageLicense[]> {
  const rows: RawUsageLicense[] = [];
  let next: string | undefined = `/services/data/v${apiVersion}/query?q=${encodeURIComponent(RAW_USAGE_LICENSE_SOQL)}`;
  while (next) {
    const response = await fetch(`${instanceUrl}${next}`, { headers: { Authorization: `Bearer ${accessToken}` } });
    if (!response.ok) throw new Error(`query failed: HTTP ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { records: RawUsageLicense[]; nextRecordsUrl?: string };
    rows.push(...page.records);
    next = page.nextRecordsUrl;
  }
  return rows;
}
