/**
 * The executives' dashboard as metadata: read back, each report's filter keeps exactly the licenses
 * the product counts (hand-counted below, and equal to the product's own reference computation);
 * the dashboard names reports that exist; the Home page names the dashboard; hostile text survives
 * escaped; same options, same bytes; bad names are refused in words.
 */
import * as assert from 'node:assert/strict';
import { type CalendarDate, addDays, calendarDate } from '../../../src/core/calendarDate';
import { metricsFromLicenses } from '../../../src/core/dashboard/fromLicenses';
import { expirationFrom, seatsFrom, statusFrom } from '../../../src/core/license';
import { GENERATED_MARKER, type GeneratedDashboard, generateLmoDashboard, isGeneratedFile } from '../../../src/core/lmoDashboard/generate';
import {
  DEFAULT_OPTIONS,
  type LmoDashboardOptions,
  LmoDashboardOptionsError,
  OPTIONS_FILE,
  developerNameFrom,
  developerNameProblem,
  optionsFileContent,
  optionsFromFile,
} from '../../../src/core/lmoDashboard/options';
import { aLicense } from '../../support/builders';
import { HOSTILE_NAMES } from '../../support/hostile';
import { type XmlElement, all, one, parseXml, textOf } from '../../support/xmlTree';
import { type RawLicense, filterRows } from '../../support/reportFilters';

const T: CalendarDate = calendarDate('2026-03-15');
const d = (days: number) => addDays(T, days);
const at = (days: number) => `${d(days)}T12:00:00.000+0000`;
const row = (status: string, seats: number | null, expiration: string | null, org: string, extra: Partial<RawLicense> = {}): RawLicense => ({
  status,
  seats,
  expiration,
  isSandbox: false,
  orgId: `00D5g000000${org.padStart(4, '0')}`,
  lastModified: at(-200),
  ...extra,
});

// Each row's part in the numbers is written beside it (T = today).
const ROWS: RawLicense[] = [
  row('Active', 10, null, '1'), // live, subscriber org 1, 10 seats
  row('Active', 5, '1970-01-01', '1'), // live (does not expire), org 1 again, 5 seats
  row('Active', 20, d(0), '2'), // expires today: still live; renewal 0–30; 20 seats
  row('Active', 7, d(-1), '3'), // expired yesterday: not live
  row('Trial', 3, d(30), '4'), // live trial (not a subscriber); renewal 0–30; 3 seats
  row('Trial', 4, d(31), '5'), // renewal 31–60; 4 seats
  row('Active', -1, d(60), '6'), // site license; renewal 31–60; subscriber org 6
  row('Active', 2, d(61), '7'), // renewal 61–90; 2 seats
  row('Active', 8, d(90), '8'), // renewal 61–90; 8 seats
  row('Active', 9, d(91), '9'), // outside the windows; 9 seats
  row('Active', 100, null, '10', { isSandbox: true }), // a sandbox: only when included
  row('Suspended', 10, null, '11', { lastModified: at(-10) }), // churned (approximation)
  row('Uninstalled', 1, d(-5), '12', { lastModified: at(-90) }), // churned: the period's first day counts
  row('Uninstalled', 1, null, '13', { lastModified: at(-91) }), // before the period
  row('Uninstalled', 1, null, '14', { isSandbox: true, lastModified: at(-1) }), // churned, a sandbox
  row('Active', 0, null, '2'), // live, org 2 again, 0 seats
];

const EXPECTED = {
  excluded: { activeSubscribers: 6, seats: 61, siteLicenses: 1, renewals: [2, 2, 2], churn: 2 },
  included: { activeSubscribers: 7, seats: 161, siteLicenses: 1, renewals: [2, 2, 2], churn: 3 },
};

function read(g: GeneratedDashboard, path: string): XmlElement {
  const file = g.files.find((f) => f.path === path);
  assert.ok(file, `no file ${path} among ${g.files.map((f) => f.path).join(', ')}`);
  return parseXml(file.content);
}

function reportOf(g: GeneratedDashboard, key: string): XmlElement {
  const r = g.reports.find((x) => x.key === key);
  assert.ok(r);
  return read(g, `reports/${r.fullName}.report-meta.xml`);
}

function numbers(g: GeneratedDashboard) {
  const rows = (key: string) => filterRows(reportOf(g, key), ROWS, T);
  return {
    activeSubscribers: new Set(rows('activeSubscribers').map((r) => r.orgId)).size,
    seats: rows('seats').reduce((s, r) => s + (r.seats ?? 0), 0),
    siteLicenses: rows('siteLicenses').length,
    renewals: ['renewals0to30', 'renewals31to60', 'renewals61to90'].map((k) => rows(k).length),
    churn: rows('churn').length,
  };
}

const asLicense = (r: RawLicense) =>
  aLicense({
    status: statusFrom(r.status),
    statusLabel: r.status,
    seats: seatsFrom(r.seats),
    expiration: expirationFrom(r.expiration),
    isSandbox: r.isSandbox,
    subscriberOrgId: r.orgId,
    lastModified: r.lastModified,
  });

describe('lmoDashboard: generateLmoDashboard', () => {
  for (const includeSandboxes of [false, true]) {
    it(`each report keeps the licenses the product counts (sandboxes ${includeSandboxes ? 'included' : 'excluded'})`, () => {
      const g = generateLmoDashboard({ ...DEFAULT_OPTIONS, includeSandboxes });
      const got = numbers(g);
      assert.deepEqual(got, includeSandboxes ? EXPECTED.included : EXPECTED.excluded);
      const m = metricsFromLicenses(ROWS.map(asLicense), [], [], { today: T, includeSandboxes, churnDays: 90 });
      assert.deepEqual(got, {
        activeSubscribers: m.activeSubscribers,
        seats: m.seats,
        siteLicenses: m.siteLicenses,
        renewals: m.renewals.map((w) => w.licenses),
        churn: m.churn.churned,
      });
    });
  }

  it('every report is on the License object, a summary report grouped as its number needs; the churn approximation says so', () => {
    const g = generateLmoDashboard(DEFAULT_OPTIONS);
    assert.equal(g.reports.length, 7);
    for (const r of g.reports) {
      const x = reportOf(g, r.key);
      assert.equal(x.name, 'Report');
      assert.equal(textOf(x, 'reportType'), 'CustomEntity$sfLma__License__c');
      assert.equal(textOf(x, 'format'), 'Summary');
      assert.ok(textOf(x, 'name').length <= 40, textOf(x, 'name'));
    }
    assert.equal(textOf(one(reportOf(g, 'activeSubscribers'), 'groupingsDown'), 'field'), 'sfLma__License__c.sfLma__Subscriber_Org_ID__c');
    const seatColumns = all(reportOf(g, 'seats'), 'columns').filter((c) => all(c, 'aggregateTypes').length);
    assert.deepEqual(
      seatColumns.map((c) => [textOf(c, 'aggregateTypes'), textOf(c, 'field')]),
      [['Sum', 'sfLma__License__c.sfLma__Seats__c']],
    );
    assert.match(textOf(reportOf(g, 'churn'), 'name'), /approximation/);
  });

  it('history churn: the License history report type, status changes to Uninstalled or Suspended in the period, no "approximation"', () => {
    const g = generateLmoDashboard({ ...DEFAULT_OPTIONS, churn: 'history', churnDays: 30 });
    const x = reportOf(g, 'churn');
    assert.equal(textOf(x, 'reportType'), 'CustomEntityHistory$sfLma__License__c');
    const items = all(one(x, 'filter'), 'criteriaItems').map((c) => `${textOf(c, 'column')} ${textOf(c, 'operator')} ${textOf(c, 'value')}`);
    assert.deepEqual(items, [
      'FIELD_KEY equals sfLma__License__c.sfLma__Status__c',
      'NEW_VALUE equals Uninstalled,Suspended',
      'CREATED_DATE equals LAST_N_DAYS:30',
      'sfLma__License__c.sfLma__Subscriber_Org_Is_Sandbox__c equals 0',
    ]);
    const dash = read(g, 'dashboards/LMA_Executive_Dashboards/LMA_Install_Base.dashboard-meta.xml');
    assert.ok(!/approximation/i.test(JSON.stringify(dash)));
  });

  it('the dashboard: seven metric tiles, each naming a generated report as Folder/Name; churn labelled an approximation; dynamic by default', () => {
    const g = generateLmoDashboard(DEFAULT_OPTIONS);
    const dash = read(g, 'dashboards/LMA_Executive_Dashboards/LMA_Install_Base.dashboard-meta.xml');
    assert.equal(dash.attributes.xmlns, 'http://soap.sforce.com/2006/04/metadata');
    const tiles = all(one(dash, 'dashboardGridLayout'), 'dashboardGridComponents').map((c) => one(c, 'dashboardComponent'));
    assert.equal(tiles.length, 7);
    const paths = new Set(g.files.map((f) => f.path));
    for (const t of tiles) {
      assert.equal(textOf(t, 'componentType'), 'Metric');
      assert.ok(paths.has(`reports/${textOf(t, 'report')}.report-meta.xml`), textOf(t, 'report'));
    }
    const churn = tiles.find((t) => textOf(t, 'report').endsWith('/LMA_Churn'));
    assert.ok(churn);
    assert.match(textOf(churn, 'header'), /approximation/);
    assert.match(textOf(churn, 'footer'), /Approximation/);
    assert.equal(textOf(dash, 'dashboardType'), 'LoggedInUser');
    assert.equal(all(dash, 'runningUser').length, 0);
    const seats = tiles.find((t) => textOf(t, 'report').endsWith('/LMA_Seats'));
    assert.ok(seats);
    assert.equal(textOf(one(seats, 'chartSummary'), 'aggregate'), 'Sum');

    const specified = read(
      generateLmoDashboard({ ...DEFAULT_OPTIONS, runningUser: { kind: 'user', username: 'ceo@acme.example' } }),
      'dashboards/LMA_Executive_Dashboards/LMA_Install_Base.dashboard-meta.xml',
    );
    assert.equal(textOf(specified, 'dashboardType'), 'SpecifiedUser');
    assert.equal(textOf(specified, 'runningUser'), 'ceo@acme.example');
  });

  it("the Home page carries the dashboard by its developer name; the assignment names the page, app and profile; the components list every file's member", () => {
    const g = generateLmoDashboard({
      ...DEFAULT_OPTIONS,
      dashboardDeveloperName: 'Exec_Board',
      homePageDeveloperName: 'Exec_Home',
      app: 'Acme_Console',
      profile: 'Executives',
    });
    const page = read(g, 'flexipages/Exec_Home.flexipage-meta.xml');
    assert.equal(textOf(page, 'type'), 'HomePage');
    const instance = one(one(one(page, 'flexiPageRegions'), 'itemInstances'), 'componentInstance');
    assert.equal(textOf(instance, 'componentName'), 'desktopDashboards:embeddedDashboard');
    assert.equal(textOf(one(instance, 'componentInstanceProperties'), 'value'), 'Exec_Board');
    assert.ok(g.files.some((f) => f.path === 'dashboards/LMA_Executive_Dashboards/Exec_Board.dashboard-meta.xml'));
    assert.deepEqual(
      { app: g.homePageAssignment.app, profile: g.homePageAssignment.profile, page: g.homePageAssignment.flexiPage },
      { app: 'Acme_Console', profile: 'Executives', page: 'Exec_Home' },
    );
    assert.ok(!g.files.some((f) => f.path.startsWith('applications/')), 'no partial app file');
    assert.deepEqual(
      g.components.map((c) => c.type),
      ['ReportFolder', 'Report', 'Report', 'Report', 'Report', 'Report', 'Report', 'Report', 'DashboardFolder', 'Dashboard', 'FlexiPage'],
    );
  });

  it('hostile labels, title, profile and username survive escaped: every file parses, and reads back the text given', () => {
    const names = HOSTILE_NAMES.filter((n): n is string => typeof n === 'string' && n.length <= 40);
    assert.ok(names.length >= 5);
    for (const name of names) {
      const g = generateLmoDashboard({
        ...DEFAULT_OPTIONS,
        reportFolder: { label: name, developerName: 'R1' },
        dashboardFolder: { label: name, developerName: 'D1' },
        dashboardTitle: name,
        homePageLabel: name,
        profile: name,
      });
      for (const f of g.files.filter((x) => x.path.endsWith('.xml'))) parseXml(f.content);
      assert.equal(textOf(read(g, 'reports/R1.reportFolder-meta.xml'), 'name'), name);
      assert.equal(textOf(read(g, 'dashboards/D1/LMA_Install_Base.dashboard-meta.xml'), 'title'), name);
      assert.equal(textOf(read(g, 'flexipages/LMA_Executive_Home.flexipage-meta.xml'), 'masterLabel'), name);
      assert.equal(optionsFromFile(g.files.find((f) => f.path === OPTIONS_FILE)?.content ?? '').profile, name);
    }
    // Characters XML cannot carry are dropped, not written.
    const g = generateLmoDashboard({ ...DEFAULT_OPTIONS, dashboardTitle: 'A\u0000B\u001bC\uD800D' });
    assert.equal(textOf(read(g, 'dashboards/LMA_Executive_Dashboards/LMA_Install_Base.dashboard-meta.xml'), 'title'), 'ABCD');
  });

  it('same options, same bytes; every XML file carries the marker; the options file round-trips', () => {
    const o: LmoDashboardOptions = { ...DEFAULT_OPTIONS, churn: 'history', includeSandboxes: true, runningUser: { kind: 'user', username: 'a@b.c' } };
    const a = generateLmoDashboard(o);
    const b = generateLmoDashboard(JSON.parse(JSON.stringify(o)) as LmoDashboardOptions);
    assert.deepEqual(b.files, a.files);
    for (const f of a.files) assert.ok(isGeneratedFile(f.path, f.content), f.path);
    assert.ok(a.files.filter((f) => f.path.endsWith('.xml')).every((f) => f.content.includes(GENERATED_MARKER)));
    assert.deepEqual(optionsFromFile(optionsFileContent(o)), o);
    assert.equal(isGeneratedFile('reports/X/Y.report-meta.xml', '<Report/>'), false);
    assert.equal(isGeneratedFile(OPTIONS_FILE, '{"options":{}}'), false);
  });

  it('refuses developer names Salesforce would refuse, saying why', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['1Board', /start with a letter/],
      ['Exec Board', /only letters/],
      ['Exec-Board', /only letters/],
      ['Exec__Board', /two underscores/],
      ['Exec_', /end with an underscore/],
      ['A'.repeat(41), /at most 40/],
    ];
    for (const [name, why] of cases) {
      assert.match(developerNameProblem('The dashboard developer name', name) ?? '', why, name);
      assert.throws(
        () => generateLmoDashboard({ ...DEFAULT_OPTIONS, dashboardDeveloperName: name }),
        (err: unknown) => err instanceof LmoDashboardOptionsError && why.test(err.message) && err.message.includes('dashboard developer name'),
      );
    }
    assert.equal(developerNameProblem('x', 'A'.repeat(40)), undefined);
    assert.throws(() => generateLmoDashboard({ ...DEFAULT_OPTIONS, churnDays: 0 }), /churn period/);
    assert.throws(() => generateLmoDashboard({ ...DEFAULT_OPTIONS, runningUser: { kind: 'user', username: 'not a user' } }), /username/);
    assert.throws(() => generateLmoDashboard({ ...DEFAULT_OPTIONS, dashboardFolder: DEFAULT_OPTIONS.reportFolder }), /different developer names/);
    assert.equal(developerNameFrom("O'Brien & Sons — 2026 "), 'O_Brien_Sons_2026');
    assert.equal(developerNameFrom('2026 board'), 'X_2026_board');
    assert.equal(developerNameProblem('x', developerNameFrom('株式会社')), undefined);
  });
});
