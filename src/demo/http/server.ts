/**
 * The embedded demo License Management Org: a real HTTP server on 127.0.0.1 that speaks the
 * Salesforce REST wire format over generated LMA data. This file is the org itself (its data, what
 * is installed, what a test can change) and its server's lifecycle; beside it: the router
 * (router.ts), the REST API (restApi.ts) and its resources (*Routes.ts), sessions (sessions.ts),
 * package linking (packageLinks.ts), what the user can see (visibleObjects.ts, installedApps.ts).
 */
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { type CalendarDate, calendarDate } from '../../core/calendarDate';
import { ApiError } from '../apiError';
import { DEMO_DEV_HUB_NAME, DEMO_DEV_HUB_ORG_ID, DEMO_ORG_ID, DEMO_ORG_NAME, DEMO_USERNAME, generateDemoData } from '../generator';
import { type DemoCatalogPackage } from '../devHub';
import { PackageSubscriberView } from '../packageSubscribers';
import { PushUpgrades } from '../pushUpgrades';
import { type AppAnalytics, type AppAnalyticsMode } from '../appAnalytics';
import { APP_ANALYTICS_OBJECT } from '../appAnalyticsSchema';
import { type PboDisagreement, seedPboLicensing } from '../pboLicensing';
import { checkAppAnalyticsMode, makeAppAnalytics, resolveOptions } from './usageParts';
import { pushCandidates, upgradeLicenses } from '../pushUpgradesSeed';
import { applySetup, DEFAULT_SETUP_BREAKS, SETUP_BREAKS, type SetupBreak } from '../setup';
import { type DemoRecord, type ObjectDef } from '../schema';
import { DemoStore } from '../store';
import { AGGREGATE_ROW_LIMIT } from '../soql/queryContext';
import { ChangeSimulator } from '../changeSimulator';
import { DemoClock } from '../time';
import { DEMO_DEV_HUB_USERNAME, DEMO_LMA_VERSION, type DemoLmoOptions, type DemoOrgProfile, MAX_DEMO_LICENSES, MIN_DEMO_LICENSES } from './demoOptions';
import { Faults } from './faults';
import { FrontDoor } from './identityRoutes';
import { send } from './io';
import { installedPackages, lmaVersion, setLmaVersion } from './installedApps';
import { DEFAULT_LINK_DELAY_MS, PackageLinks, type PendingLink, checkLinkDelay } from './packageLinks';
import { type ConsolePackage } from './partnerConsole';
import { QueryRoutes } from './queryRoutes';
import { RequestLog } from './requestLog';
import { MetadataApi, type MetadataRegistry } from '../metadata/metadataApi';
import { AnalyticsRoutes, reportDataOf } from '../analytics/analyticsRoutes';
import { RestApi } from './restApi';
import { route } from './router';
import { Sessions } from './sessions';
import { SObjectRoutes } from './sobjectRoutes';
import { type DemoIdentity } from './types';
import { type OrgApps, READ_ONLY_OBJECTS, VisibleObjects } from './visibleObjects';

export { LATEST_API_VERSION } from './restApi';
// The options and bounds are the demo's public face: importers of DemoLmo find them here too.
export { DEMO_DEV_HUB_USERNAME, DEMO_LMA_VERSION, type DemoLmoOptions, type DemoOrgProfile, MAX_DEMO_LICENSES, MIN_DEMO_LICENSES };
export { DEFAULT_LINK_DELAY_MS, MAX_LINK_DELAY_MS, type PendingLink } from './packageLinks';

export class DemoLmo implements DemoIdentity {
  readonly faults = new Faults();
  readonly username: string;
  readonly orgId: string;
  readonly profile: DemoOrgProfile;
  /** The Dev Hub that owns the packages (this org unless the options name another). */
  readonly devHubOrgId: string;
  /** Every package the demo Dev Hub owns, linked or not. */
  readonly catalog: readonly DemoCatalogPackage[];
  /** Whether this org is the Dev Hub that owns the packages (it then answers Package2, MetadataPackage and PackageSubscriber queries). */
  readonly ownsPackages: boolean;
  /** Authorises the demo Partner Console's form. */
  readonly consoleToken = randomBytes(18).toString('base64url');
  /** Authorises the /__demo/control route (tests and the launcher change the demo through it). */
  readonly controlToken = `ctl-${randomBytes(24).toString('base64url')}`;
  readonly refreshToken = `5Aep861${randomBytes(30).toString('base64url')}`;
  readonly today: CalendarDate;
  private readonly clock: DemoClock;
  /** Every API call, with the session that made it. */
  readonly requests = new RequestLog();
  private readonly sessions: Sessions;
  private lmaInstalled: boolean;
  private fmaInstalled: boolean;
  private aggregateRowLimit: number;
  readonly store: DemoStore;
  private setupBreaks = new Set<SetupBreak>();
  private readonly visible: VisibleObjects;
  private readonly links: PackageLinks;
  private readonly api: RestApi;
  private readonly sobjects: SObjectRoutes;
  /** Makes license changes of every kind through the API's write paths (see changeSimulator.ts). */
  readonly changes: ChangeSimulator;
  /** The push upgrades of the packages this org owns: seeded past requests, and `simulate` for one that runs (pushUpgrades.ts). */
  readonly pushUpgrades: PushUpgrades;
  /** App Analytics: requests, their files, and `summaryCsv`, the oracle of a month's summary (appAnalytics.ts). */
  readonly appAnalytics: AppAnalytics;
  /** What deploys wrote (reports, dashboards, folders, Lightning pages), and the Metadata API that writes them (metadata/). */
  readonly metadata: MetadataRegistry;
  readonly deploys: MetadataApi;
  private appAnalyticsMode: AppAnalyticsMode;
  private pboLicensing: boolean;
  /** Where the PBO licensing rows disagree with the LMA on purpose (pboLicensing.ts; made whether or not the objects are visible). */
  readonly pboDisagreements: readonly PboDisagreement[];
  private server: http.Server | undefined;
  private baseUrl = '';
  private readonly frontDoor = new FrontDoor(() => this.baseUrl);

  private constructor(given: DemoLmoOptions) {
    const { licenses, options } = resolveOptions(given);
    this.today = calendarDate(options.today ?? new Date().toISOString().slice(0, 10));
    this.clock = new DemoClock(this.today);
    this.profile = options.profile ?? 'pbo';
    if (this.profile !== 'pbo' && this.profile !== 'devHub') throw new RangeError(`A demo org is 'pbo' or 'devHub', not ${String(this.profile)}`);
    const devHub = this.profile === 'devHub';
    this.orgId = devHub ? DEMO_DEV_HUB_ORG_ID : DEMO_ORG_ID;
    this.devHubOrgId = devHub ? this.orgId : (options.devHubOrgId ?? this.orgId);
    const linkDelayMs = checkLinkDelay(options.linkDelayMs ?? DEFAULT_LINK_DELAY_MS);
    // A Dev Hub of its own has no LMA.
    this.lmaInstalled = devHub ? false : (options.lmaInstalled ?? true);
    // The Feature Management App comes with the Partner Business Org; a Dev Hub of its own has none.
    this.fmaInstalled = devHub ? false : (options.fmaInstalled ?? true);
    this.aggregateRowLimit = options.aggregateRowLimit ?? AGGREGATE_ROW_LIMIT;
    this.appAnalyticsMode = checkAppAnalyticsMode(options.appAnalytics ?? 'enabled');
    this.pboLicensing = options.pboLicensing === true;
    this.username = options.username ?? (devHub ? DEMO_DEV_HUB_USERNAME : DEMO_USERNAME);
    const seed = options.seed ?? 42;
    const data = generateDemoData({
      licenses,
      seed,
      today: this.today,
      username: this.username,
      mixedIdEvery: options.mixedIdEvery,
      orgId: this.orgId,
      orgName: devHub ? DEMO_DEV_HUB_NAME : DEMO_ORG_NAME,
      devHubOrgId: this.devHubOrgId,
      nowMs: this.now(),
      featureParameters: this.fmaInstalled,
      hostileNames: options.hostileNames,
    });
    this.store = new DemoStore(data.tables, data.history, data.deleted);
    this.catalog = data.catalog;
    this.ownsPackages = data.ownsPackages;
    if (this.ownsPackages) {
      const subscribers = new PackageSubscriberView(this.store, this.catalog, seed, () => this.now(), options.hostileNames);
      this.store.derive('PackageSubscriber', () => subscribers.scan());
    }
    this.visible = new VisibleObjects(this.store, this.apps.bind(this), this.today, () => this.now());
    this.links = new PackageLinks({ ...this.linkingOrg(), catalog: this.catalog }, linkDelayMs);
    this.setLmaVersion(options.lmaVersion ?? DEMO_LMA_VERSION);
    this.setSetup(options.setup ?? DEFAULT_SETUP_BREAKS);
    this.sessions = new Sessions(this.orgId);
    this.sessions.issue();
    const queries = new QueryRoutes((req, o) => this.visible.queryContext(req, o.tooling, o.includeDeleted));
    this.sobjects = new SObjectRoutes(this.store, (version) => this.visible.schema(version), {
      userId: () => this.userId(),
      now: () => this.now(),
      // Read-only to the demo's user: the push objects (the product never schedules, starts or cancels a push), PBO licensing, deployed metadata.
      canEdit: (object) => !(object === 'sfLma__License__c' && this.setupBreaks.has('no-license-edit')) && !READ_ONLY_OBJECTS.has(object),
      create: (object, values) => (object === APP_ANALYTICS_OBJECT ? this.appAnalytics.create(values) : undefined),
      canCreate: (object) => object === APP_ANALYTICS_OBJECT,
      isRequired: (object, field) => object === 'Lead' && field === 'Region__c' && this.setupBreaks.has('required-field'),
      recordFailure: (id) => {
        const f = this.faults.recordFailure(id);
        return f && new ApiError(400, f.errorCode, f.message);
      },
    });
    this.metadata = (this.deploys = new MetadataApi(this, () => this.lmaInstalled)).registry;
    // The Reports REST API (analytics/) runs what deploys wrote, over the demo's licenses.
    const parts = { faults: this.faults, requests: this.requests, queries, sobjects: this.sobjects, store: this.store, ...this.deploys.routes };
    const analytics = new AnalyticsRoutes({ reports: this.metadata, data: reportDataOf(this.store), today: () => this.today, now: () => this.now() });
    this.api = new RestApi({ ...parts, analytics, dailyLimit: options.dailyApiLimit ?? 100_000 });
    this.changes = new ChangeSimulator({ store: this.store, now: () => this.now(), write: (object, id, fields) => this.sobjects.write(object, id, fields) });
    if (options.changesPerMinute) this.changes.run(options.changesPerMinute);
    this.pushUpgrades = new PushUpgrades({
      store: this.store,
      catalog: this.catalog,
      ownsPackages: this.ownsPackages,
      now: () => this.now(),
      userId: () => this.userId(),
      candidates: (packageId) => pushCandidates(this.store, packageId),
      upgraded: (orgId15, packageId, versionId) => {
        // The LMA records the new version; an LMO that refuses the write (no edit access, an injected fault) keeps the old one.
        if (!this.lmaInstalled) return;
        try {
          upgradeLicenses(this.store, (id, fields) => this.sobjects.write('sfLma__License__c', id, fields), orgId15, packageId, versionId);
        } catch {
          /* the push still succeeded; the license shows the old version, as after a failed LMA sync */
        }
      },
      hostile: options.hostileNames !== false,
    });
    this.appAnalytics = makeAppAnalytics(options, { store: this.store, seed, catalog: this.catalog, demo: this });
    this.pboDisagreements = seedPboLicensing(this.store, this.userId());
  }

  /** Switches App Analytics' state for requests made from now on (and the object's visibility). */
  setAppAnalytics(mode: AppAnalyticsMode): void {
    this.appAnalyticsMode = checkAppAnalyticsMode(mode);
  }

  get appAnalyticsState(): AppAnalyticsMode {
    return this.appAnalyticsMode;
  }

  setPboLicensing(on: boolean): void {
    this.pboLicensing = on;
  }

  private apps(): OrgApps {
    const { lmaInstalled, fmaInstalled, setupBreaks, aggregateRowLimit, appAnalyticsMode: appAnalytics, pboLicensing } = this;
    return { lmaInstalled, fmaInstalled, setupBreaks, aggregateRowLimit, appAnalytics, pboLicensing };
  }

  private linkingOrg() {
    return {
      store: this.store,
      orgId: this.orgId,
      devHubOrgId: this.devHubOrgId,
      lmaInstalled: () => this.lmaInstalled,
      userId: () => this.userId(),
      now: () => this.now(),
    };
  }

  static async start(options: DemoLmoOptions = {}): Promise<DemoLmo> {
    const demo = new DemoLmo(options);
    await demo.listen(options.port ?? 0);
    return demo;
  }

  get url(): string {
    return this.baseUrl;
  }

  get accessToken(): string {
    return this.sessions.current;
  }

  /** API calls counted against the daily limit since start (or the last resetCounters). */
  get apiCalls(): number {
    return this.api.calls;
  }

  /** Requests a `hang` fault holds unanswered whose clients have not closed them yet. */
  get heldRequests(): number {
    return this.api.held;
  }

  /** Licenses not in the Recycle Bin. */
  get licenseCount(): number {
    let n = 0;
    for (const l of this.store.rows('sfLma__License__c')) if (l.IsDeleted !== true) n++;
    return n;
  }

  /** The demo's "now": from today's date at the time of day it started, running forward (see DemoClock). */
  now(): number {
    return this.clock.now();
  }

  /** Invalidates every access token, as when a session times out. The refresh token still works. */
  expireSession(): void {
    this.sessions.expire();
  }

  /** A new valid access token (a new session, as a new login gives). */
  issueAccessToken(): string {
    return this.sessions.issue();
  }

  /** The session number of a token (undefined when it is not valid). */
  sessionOf(token: string): number | undefined {
    return this.sessions.of(token);
  }

  setLmaInstalled(installed: boolean): void {
    if (installed && this.profile === 'devHub') throw new ApiError(400, 'INVALID_FIELD', 'The demo Dev Hub has no LMA; install it in the demo LMO.');
    this.lmaInstalled = installed;
  }

  /** The Partner Console's packages, with their state in this LMO. */
  consolePackages(): ConsolePackage[] {
    return this.links.consolePackages();
  }

  /** Registers a package in the (demo) Partner Console (see PackageLinks.link). */
  linkPackage(subscriberPackageId: string, delayMs?: number): PendingLink {
    return this.links.link(subscriberPackageId, delayMs);
  }

  /** Registrations the LMA has not finished. */
  get linksPending(): PendingLink[] {
    return this.links.inProgress;
  }

  setFmaInstalled(installed: boolean): void {
    this.fmaInstalled = installed;
  }

  /** Breaks setup steps on purpose (replacing the previous set). */
  setSetup(breaks: readonly SetupBreak[]): void {
    for (const b of breaks) if (!(SETUP_BREAKS as readonly string[]).includes(b)) throw new ApiError(400, 'INVALID_FIELD', `Unknown setup break: ${String(b)}`);
    this.setupBreaks = new Set(breaks);
    applySetup(this.store, this.userId(), this.setupBreaks);
  }

  get setup(): SetupBreak[] {
    return [...this.setupBreaks];
  }

  setAggregateRowLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1) throw new ApiError(400, 'INVALID_FIELD', `Not a row limit: ${limit}`);
    this.aggregateRowLimit = limit;
  }

  /** Changes the installed LMA version reported by the Tooling API (major.minor[.patch]). */
  setLmaVersion(version: string): void {
    setLmaVersion((name) => this.visible.tooling(name), this.store.lookup, version);
  }

  /** The installed LMA version, major.minor.patch. */
  get lmaVersion(): string {
    return lmaVersion((name) => this.visible.tooling(name), this.store.lookup);
  }

  resetCounters(): void {
    this.api.resetCounters();
  }

  state(): Record<string, unknown> {
    return {
      apiCalls: this.apiCalls,
      heldRequests: this.heldRequests,
      lmaInstalled: this.lmaInstalled,
      fmaInstalled: this.fmaInstalled,
      lmaVersion: this.lmaVersion,
      setup: this.setup,
      licenses: this.licenseCount,
      url: this.url,
      username: this.username,
      orgId: this.orgId,
      profile: this.profile,
      devHubOrgId: this.devHubOrgId,
      pendingLinks: this.linksPending,
      today: this.today,
      mark: this.requests.mark(),
      changesPerMinute: this.changes.perMinute,
      changesMade: this.changes.made,
      appAnalytics: this.appAnalyticsMode,
      pboLicensing: this.pboLicensing,
    };
  }

  async close(): Promise<void> {
    this.changes.stop();
    this.pushUpgrades.stop();
    this.appAnalytics.stop();
    this.links.stop();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * A save on the LMA's Modify License page, as a person makes it in the browser: the same rules
   * and License history as any write of a License, and no API call counted (tests stand in for the user).
   */
  saveOnModifyLicensePage(licenseId: string, fields: Record<string, unknown>): DemoRecord {
    return this.sobjects.write('sfLma__License__c', licenseId, fields);
  }

  /** A record for a Lightning record page, if the object and id match. */
  pageRecord(objectName: string, id: string): { object: ObjectDef; record: DemoRecord } | undefined {
    return this.visible.pageRecord(objectName, id);
  }

  /** The Installed Packages page's rows. */
  installedPackages(): { name: string; namespace: string; version: string }[] {
    return installedPackages((name) => this.visible.tooling(name), this.store.lookup, this.apps());
  }

  userId(): string {
    return String(this.store.rows(this.visible.dataSchema.object('User') as ObjectDef).find((u) => u.Username === this.username)?.Id);
  }

  private async listen(port: number): Promise<void> {
    const parts = { demo: this, sessions: this.sessions, frontDoor: this.frontDoor, api: this.api };
    const server = http.createServer((req, res) => {
      route(parts, req, res).catch((err) => {
        if (err instanceof ApiError) {
          // An unread body (too large, refused) is not drained: the connection closes after the answer.
          res.once('finish', () => req.socket?.destroy());
          if (!res.headersSent) send(res, err.status, err.body(), { Connection: 'close' });
          return;
        }
        if (!res.headersSent) send(res, 500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: String(err) }]);
        else res.destroy();
      });
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
}
