/**
 * The demo's App Analytics on the wire: AppAnalyticsQueryRequest's create checks (Salesforce's
 * error shapes), its state machine (New → Pending → Complete; NoData for the month not yet
 * summarised; Failed with a message when App Analytics is not enabled), the pre-signed download
 * (no session needed, a session header refused, gzip when asked, 403 once expired), the CSV header
 * per data type, the generated usage's shelfware, at-cap and dormant licenses, and 'noAccess'.
 */
import * as assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { COLUMNS } from '../../src/demo/appAnalyticsUsage';
import { type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';
import { eventually } from '../support/eventually';

type Row = Record<string, unknown>;
const PATH = '/services/data/v66.0/sobjects/AppAnalyticsQueryRequest';

function client(demo: DemoLmo) {
  const call = async (path: string, init: { method?: string; body?: unknown; version?: string } = {}) => {
    const res = await fetch(`${demo.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Row & Row[] };
  };
  const create = (body: object) => call(PATH, { method: 'POST', body });
  const get = async (id: string) => (await call(`${PATH}/${id}`)).body;
  /** Waits for the request's end state. */
  const settled = async (id: string) => {
    let record: Row = {};
    await eventually(async () => {
      record = await get(id);
      return !['New', 'Pending'].includes(String(record.RequestState));
    }, `request ${id} settles`);
    return record;
  };
  return { call, create, get, settled };
}

const FEB = { StartTime: '2026-02-01T00:00:00Z', EndTime: '2026-03-01T00:00:00Z' };

describe('demo App Analytics', function () {
  this.timeout(60_000);
  let demo: DemoLmo;
  let api: ReturnType<typeof client>;
  before(async () => {
    demo = await startDemo({ appAnalyticsDelayMs: 200 });
    api = client(demo);
  });
  after(() => demo.close());

  it('refuses a request as Salesforce does: DataType required and restricted, StartTime or AvailableSince, times in order, request fields only', async () => {
    const cases: [object, number, string, string, string[]?][] = [
      [{ StartTime: FEB.StartTime }, 400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [DataType]', ['DataType']],
      [
        { DataType: 'CustomObjectUsageSummary', ...FEB },
        400,
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        'Data Type: bad value for restricted picklist field: CustomObjectUsageSummary',
        ['DataType'],
      ],
      [
        { DataType: 'PackageUsageSummary' },
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        'A query must include StartTime, AvailableSince, or both.',
        ['StartTime', 'AvailableSince'],
      ],
      [
        { DataType: 'PackageUsageSummary', StartTime: FEB.EndTime, EndTime: FEB.StartTime },
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        'EndTime must be later than StartTime.',
        ['StartTime', 'EndTime'],
      ],
      [
        { DataType: 'PackageUsageSummary', ...FEB, AvailableSince: '2026-02-15T00:00:00Z' },
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        'AvailableSince must be later than StartTime and EndTime.',
        ['AvailableSince'],
      ],
      [
        { DataType: 'PackageUsageSummary', ...FEB, RequestState: 'Complete' },
        400,
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        'Unable to create/update fields: RequestState. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
        ['RequestState'],
      ],
      [
        { DataType: 'PackageUsageSummary', ...FEB, PackageIds: 'a0P000000000001' },
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        'PackageIds: not a comma-separated list of 033 IDs: a0P000000000001',
        ['PackageIds'],
      ],
      [
        { DataType: 'PackageUsageSummary', ...FEB, Month: '2026-02' },
        400,
        'INVALID_FIELD',
        "No such column 'Month' on sobject of type AppAnalyticsQueryRequest",
      ],
    ];
    for (const [body, status, errorCode, message, fields] of cases) {
      const r = await api.create(body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.deepEqual(r.body, [{ message, errorCode, ...(fields ? { fields } : {}) }]);
    }
    assert.equal(
      (await api.call(PATH.replace('v66.0', 'v44.0'), { method: 'POST', body: { DataType: 'PackageUsageSummary', ...FEB } })).status,
      404,
      'the object is from API 45.0',
    );
  });

  it("moves a request New → Pending → Complete; the file is the oracle's CSV, downloaded without the session; SOQL sees the same", async () => {
    const created = await api.create({ DataType: 'PackageUsageSummary', ...FEB });
    assert.equal(created.status, 201);
    assert.match(String(created.body.id), /^0XI[a-zA-Z0-9]{15}$/);
    const id = String(created.body.id);
    const seen = new Set<string>([String((await api.get(id)).RequestState)]);
    await eventually(async () => {
      const state = String((await api.get(id)).RequestState);
      seen.add(state);
      return state === 'Complete';
    }, 'the request completes');
    assert.ok(seen.has('New') && seen.has('Complete'), [...seen].join());
    const record = await api.get(id);
    const url = String(record.DownloadUrl);
    assert.ok(url.startsWith(`${demo.url}/__appanalytics/files/`), url);
    assert.ok(Date.parse(String(record.DownloadExpirationTime).replace('+0000', 'Z')) > demo.now());
    const file = await fetch(url);
    assert.equal(file.status, 200);
    const csv = await file.text();
    assert.equal(csv, demo.appAnalytics.summaryCsv('2026-02'));
    assert.equal(record.DownloadSize, Buffer.byteLength(csv));
    assert.equal(csv.split('\n')[0], COLUMNS.PackageUsageSummary.join(','));
    // The Salesforce session sent to the file host is refused, as an object store refuses a second auth mechanism.
    const withAuth = await fetch(url, { headers: { Authorization: `Bearer ${demo.accessToken}` } });
    assert.equal(withAuth.status, 400);
    assert.match(await withAuth.text(), /<Code>InvalidArgument<\/Code>/);
    const tampered = await fetch(url.replace(/Signature=[0-9a-f]+/, 'Signature=00'));
    assert.equal(tampered.status, 403);
    const q = await api.call(
      `/services/data/v66.0/query?q=${encodeURIComponent(`SELECT Id, RequestState, DataType, DownloadSize FROM AppAnalyticsQueryRequest WHERE Id = '${id}'`)}`,
    );
    assert.equal(q.status, 200);
    assert.deepEqual(
      (q.body.records as unknown as Row[]).map((r) => [r.RequestState, r.DataType, r.DownloadSize]),
      [['Complete', 'PackageUsageSummary', Buffer.byteLength(csv)]],
    );
  });

  it('gzips the file when FileCompression is gzip (served as a .gz, not as a transfer encoding)', async () => {
    const ids = ['0335g0000000001AAA'];
    const created = await api.create({ DataType: 'PackageUsageSummary', ...FEB, FileCompression: 'gzip', PackageIds: ids.join(',') });
    const record = await api.settled(String(created.body.id));
    assert.equal(record.RequestState, 'Complete');
    const res = await fetch(String(record.DownloadUrl));
    assert.equal(res.headers.get('content-encoding'), null);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length, record.DownloadSize);
    assert.deepEqual([...bytes.subarray(0, 2)], [0x1f, 0x8b]);
    const csv = gunzipSync(bytes).toString();
    assert.equal(csv, demo.appAnalytics.summaryCsv('2026-02', ids));
    assert.ok(
      csv
        .split('\n')
        .slice(1, -1)
        .every((l) => l.includes(',0335g0000000001,')),
      'only the package asked for',
    );
  });

  it('answers NoData for the current month (its summary arrives at the start of the next month)', async () => {
    const created = await api.create({ DataType: 'PackageUsageSummary', StartTime: '2026-03-01T00:00:00Z' });
    const record = await api.settled(String(created.body.id));
    assert.deepEqual([record.RequestState, record.DownloadUrl, record.ErrorMessage], ['NoData', null, null]);
    assert.equal(demo.appAnalytics.summaryCsv('2026-03'), `${COLUMNS.PackageUsageSummary.join(',')}\n`);
  });

  it('serves the documented header for logs and snapshots too', async () => {
    for (const dataType of ['PackageUsageLog', 'SubscriberSnapshot'] as const) {
      const created = await api.create({ DataType: dataType, StartTime: '2026-03-07T00:00:00Z', EndTime: '2026-03-09T00:00:00Z' });
      const record = await api.settled(String(created.body.id));
      assert.equal(record.RequestState, 'Complete', dataType);
      const csv = await (await fetch(String(record.DownloadUrl))).text();
      const [header, first] = csv.split('\n');
      assert.equal(header, COLUMNS[dataType].join(','));
      assert.match(first, /^2026-03-0[78]/);
    }
  });

  it('generates shelfware, at-cap and dormant licenses; never sandbox or trial orgs', async () => {
    const months = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02'];
    const users: Map<string, Set<string>>[] = [];
    for (const m of months) {
      const byKey = new Map<string, Set<string>>();
      for (const line of demo.appAnalytics.summaryCsv(m).split('\n').slice(1, -1)) {
        const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) as string[];
        const org = cells[1].slice(0, -1);
        const pkg = cells[5].slice(0, -1);
        const token = cells[9].slice(0, -1);
        assert.match(token, /^005-[0-9a-f]{40}$/);
        const key = `${org}|${pkg}`;
        byKey.set(key, (byKey.get(key) ?? new Set()).add(token));
      }
      users.push(byKey);
    }
    const feb = users[users.length - 1];
    const licenses = demo.store
      .rows('sfLma__License__c')
      .filter((l) => l.IsDeleted !== true && (l.sfLma__Status__c === 'Active' || l.sfLma__Status__c === 'Trial'));
    const key = (l: Row) =>
      `${String(l.sfLma__Subscriber_Org_ID__c).slice(0, 15)}|${String(demo.store.lookup(String(l.sfLma__Package__c))?.sfLma__Package_ID__c).slice(0, 15)}`;
    const excluded = licenses.filter((l) => l.sfLma__Subscriber_Org_Is_Sandbox__c === true || l.sfLma__Org_Status_Formula__c === 'Trial');
    assert.ok(excluded.length > 0);
    for (const l of excluded)
      assert.ok(
        users.every((m) => !m.has(key(l))),
        `sandbox or trial org in a summary: ${key(l)}`,
      );
    const production = licenses.filter((l) => !excluded.includes(l) && String(l.sfLma__Install_Date__c) < '2025-09');
    const active = (l: Row) => feb.get(key(l))?.size ?? 0;
    const shelfware = production.filter((l) => Number(l.sfLma__Seats__c) >= 20 && active(l) > 0 && active(l) / Number(l.sfLma__Seats__c) <= 0.1);
    const atCap = production.filter((l) => Number(l.sfLma__Seats__c) > 0 && l.sfLma__Used_Licenses__c === l.sfLma__Seats__c && active(l) > 0);
    const dormant = production.filter((l) => users.slice(2).every((m) => !m.has(key(l))) && users[0].has(key(l)));
    assert.ok(shelfware.length >= 3, `shelfware: ${shelfware.length}`);
    assert.ok(atCap.length >= 3, `at cap: ${atCap.length}`);
    assert.ok(dormant.length >= 3, `dormant: ${dormant.length}`);
    // A user token is the same across months.
    const someKey = [...feb.keys()].find((k) => users[3].has(k)) as string;
    assert.ok([...(feb.get(someKey) as Set<string>)].some((t) => users[3].get(someKey)?.has(t)));
  });

  it('with a row repeat (control setAppAnalyticsRowRepeat), serves N× the rows on other custom entities, with the same users', async () => {
    const control = (value: unknown) =>
      fetch(`${demo.url}/__demo/control`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${demo.controlToken}` },
        body: JSON.stringify({ action: 'setAppAnalyticsRowRepeat', value }),
      });
    const rows = (csv: string) => csv.split('\n').slice(1, -1);
    // organization_id, package_id, user_id_token (the 2nd, 11th from the end and 7th from the end: organization_name may hold commas).
    const users = (csv: string) =>
      new Set(
        rows(csv).map((l) => {
          const f = l.split(',');
          return `${f[1]}|${f.at(-11)}|${f.at(-7)}`;
        }),
      );
    const once = demo.appAnalytics.summaryCsv('2026-02');
    assert.equal((await control(4)).status, 200);
    try {
      const created = await api.create({ DataType: 'PackageUsageSummary', ...FEB });
      const record = await api.settled(String(created.body.id));
      const csv = await (await fetch(String(record.DownloadUrl))).text();
      assert.equal(rows(csv).length, 4 * rows(once).length);
      assert.ok(Buffer.byteLength(csv) > 3.9 * Buffer.byteLength(once), `${Buffer.byteLength(csv)} bytes, once ${Buffer.byteLength(once)}`);
      assert.deepEqual([...users(csv)].sort(), [...users(once)].sort());
      // Each copy is another custom entity: no row is there twice (a summary has a row per user and entity).
      assert.equal(new Set(rows(csv)).size, rows(csv).length);
      assert.equal((await control(0)).status, 400);
      assert.equal((await control(101)).status, 400);
    } finally {
      await control(1);
    }
    assert.equal(demo.appAnalytics.summaryCsv('2026-02'), once);
  });

  it('answers 403 once the DownloadUrl has expired', async () => {
    const short = await startDemo({ appAnalyticsDelayMs: 50, appAnalyticsUrlTtlMs: 400 });
    try {
      const c = client(short);
      const record = await c.settled(String((await c.create({ DataType: 'PackageUsageSummary', ...FEB })).body.id));
      assert.equal((await fetch(String(record.DownloadUrl), { method: 'HEAD' })).status, 200);
      await new Promise((r) => setTimeout(r, 600));
      const res = await fetch(String(record.DownloadUrl));
      assert.equal(res.status, 403);
      assert.match(await res.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
      assert.equal((await c.get(String(record.Id))).RequestState, 'Expired');
    } finally {
      await short.close();
    }
  });

  it("ends Failed with an ErrorMessage when App Analytics is not enabled for the packages ('disabled')", async () => {
    demo.setAppAnalytics('disabled');
    try {
      const created = await api.create({ DataType: 'PackageUsageSummary', ...FEB, PackageIds: '0335g0000000001AAA' });
      assert.equal(created.status, 201);
      const record = await api.settled(String(created.body.id));
      assert.deepEqual(
        [record.RequestState, record.ErrorMessage, record.DownloadUrl],
        ['Failed', 'AppExchange App Analytics is not enabled for 0335g0000000001.', null],
      );
    } finally {
      demo.setAppAnalytics('enabled');
    }
  });

  it("hides the object with 'noAccess': INVALID_TYPE to SOQL, NOT_FOUND on its URLs, absent from describe", async () => {
    demo.setAppAnalytics('noAccess');
    try {
      const q = await api.call(`/services/data/v66.0/query?q=${encodeURIComponent('SELECT Id FROM AppAnalyticsQueryRequest')}`);
      assert.equal(q.status, 400);
      assert.equal(q.body[0].errorCode, 'INVALID_TYPE');
      for (const [path, method] of [
        [PATH, 'POST'],
        [`${PATH}/describe`, 'GET'],
      ] as const) {
        const r = await api.call(path, { method, body: method === 'POST' ? { DataType: 'PackageUsageSummary', ...FEB } : undefined });
        assert.deepEqual([r.status, r.body[0].errorCode], [404, 'NOT_FOUND'], path);
      }
      const global = await api.call('/services/data/v66.0/sobjects');
      assert.ok(!(global.body.sobjects as unknown as Row[]).some((o) => o.name === 'AppAnalyticsQueryRequest'));
    } finally {
      demo.setAppAnalytics('enabled');
    }
  });
});
