/**
 * The embedded demo License Management Org: a real HTTP server on 127.0.0.1 that speaks the
 * Salesforce REST wire format over generated LMA data. This file is the plumbing (sessions,
 * limits, routing); the routes live beside it.
 */
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { type CalendarDate, calendarDate } from '../../core/calendarDate';
import { parseVersionNumber } from '../../core/versionNumber';
import { ApiError, notFound } from '../apiError';
import { DEMO_DEV_HUB_NAME, DEMO_DEV_HUB_ORG_ID, DEMO_ORG_ID, DEMO_ORG_NAME, DEMO_USERNAME, generateDemoData } from '../generator';
import { type DemoCatalogPackage, linkRecords } from '../devHub';
import { PackageSubscriberView } from '../packageSubscribers';
import { applySetup, DEFAULT_SETUP_BREAKS, SETUP_BREAKS, type SetupBreak } from '../setup';
import { DATA_OBJECTS, type DemoRecord, type ObjectDef, Schema, TOOLING_OBJECTS } from '../schema';
import { DemoStore } from '../store';
import { AGGREGATE_ROW_LIMIT, type QueryContext } from '../soql/engine';
import { ChangeSimulator } from '../changeSimulator';
import { DemoClock } from '../time';
import { composite } from './compositeRoutes';
import { type ControlRequest, control } from './controlRoutes';
import { Faults } from './faults';
import { FrontDoor, refreshGrant, userInfo } from './identityRoutes';
import { decodeOrReject, isLoopbackHost, parseJson, readBody, send, sendHtml, sendRaw, sleep } from './io';
import { loginRequiredPage } from './pages';
import { lightningPage } from './pageRoutes';
import { type ConsolePackage, partnerConsole } from './partnerConsole';
import { QueryRoutes } from './queryRoutes';
import { RequestLog } from './requestLog';
import { MODIFY_LICENSE_PATH, modifyLicensePage } from './modifyLicensePage';
import { SObjectRoutes } from './sobjectRoutes';
import { type ApiRequest, type ApiResponse, type DemoIdentity, ok } from './types';

/**
 * Which org a demo is. 'pbo': the Partner Business Org, which is the LMO and also the Dev Hub that
 * owns Acme's packages (a real PBO usually is both). 'devHub': a Dev Hub without the LMA, with an
 * org id of its own, beside an LMO demo, for the two-org case.
 */
export type DemoOrgProfile = 'pbo' | 'devHub';

export interface DemoLmoOptions {
  /** Default 'pbo'. */
  readonly profile?: DemoOrgProfile;
  /**
   * The Dev Hub that owns the packages, as the LMO's package records name it (default: this org).
   * Give a `profile: 'devHub'` demo's `orgId` (DEMO_DEV_HUB_ORG_ID) for the two-org case: this org then owns no packages.
   */
  readonly devHubOrgId?: string;
  /** How long a Partner Console registration takes before the LMA writes the package record (default 20 s). */
  readonly linkDelayMs?: number;
  /** Number of License records (default 2,000). */
  readonly licenses?: number;
  readonly seed?: number;
  /** "Today" for the data and for SOQL date literals (default: today, UTC). */
  readonly today?: string;
  readonly port?: number;
  /** Installed LMA version, major.minor[.patch] (default 1.18.0: behind the latest known release, 1.20). */
  readonly lmaVersion?: string;
  /** Start without the LMA installed (its objects answer INVALID_TYPE). */
  readonly lmaInstalled?: boolean;
  /** Start without the Feature Management App (its objects answer INVALID_TYPE; it is not among the installed packages; no FMA data is generated). */
  readonly fmaInstalled?: boolean;
  readonly dailyApiLimit?: number;
  /** The connected user's username (distinct demo orgs need distinct usernames in one CLI auth store). */
  readonly username?: string;
  /** Rows an aggregate query may return (Salesforce: 2,000); lower it to test what happens past it. */
  readonly aggregateRowLimit?: number;
  /** Every n-th org stores licenses under its 18-character id too (default 997). */
  readonly mixedIdEvery?: number;
  /** Setup steps broken on purpose (default: one package's lead manager is inactive). */
  readonly setup?: readonly SetupBreak[];
  /** Start the change simulator at this many license changes a minute (default 0: off). */
  readonly changesPerMinute?: number;
}

/** Permission objects: Salesforce shows them only to users with View Setup and Configuration. */
const NEEDS_VIEW_SETUP = new Set(['PermissionSet', 'PermissionSetAssignment', 'ObjectPermissions', 'SetupEntityAccess']);

export const LATEST_API_VERSION = '66.0';
/** The demo LMO's installed LMA: behind the latest known release on purpose, so the warning shows. */
export const DEMO_LMA_VERSION = '1.18.0';
export const MIN_DEMO_LICENSES = 100;
export const MAX_DEMO_LICENSES = 1_000_000;
export const DEFAULT_LINK_DELAY_MS = 20_000;
/** The longest registration delay the demo accepts (the real one can take hours). */
export const MAX_LINK_DELAY_MS = 6 * 3_600_000;
export const DEMO_DEV_HUB_USERNAME = 'admin@acme-devhub.demo';

/** A Partner Console registration the LMA has not finished yet. */
export interface PendingLink {
  readonly subscriberPackageId: string;
  readonly name: string;
  readonly requestedAt: number;
  readonly dueAt: number;
}
const OLDEST_API_VERSION = 31;
const API_PATH = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/;

/** A Salesforce-shaped session id: the org id, "!", then the secret. */
function sessionId(orgId: string): string {
  return `${orgId}!${randomBytes(30).toString('base64url').replace(/[-_]/g, 'x')}`;
}

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
  private readonly linkDelayMs: number;
  private readonly pendingLinks = new Map<string, PendingLink & { timer: NodeJS.Timeout }>();
  private linkSerial = 0;
  /** Authorises the /__demo/control route (tests and the launcher change the demo through it). */
  readonly controlToken = `ctl-${randomBytes(24).toString('base64url')}`;
  readonly refreshToken = `5Aep861${randomBytes(30).toString('base64url')}`;
  readonly today: CalendarDate;
  private readonly clock: DemoClock;
  /** API calls counted against the daily limit since start (or the last resetCounters). */
  apiCalls = 0;
  /** Every API call, with the session that made it. */
  readonly requests = new RequestLog();
  private dailyUsed = 0;
  private readonly dailyLimit: number;
  /** Valid access tokens → their session number. */
  private readonly sessions = new Map<string, number>();
  private sessionCount = 0;
  private currentToken = '';
  private lmaInstalled: boolean;
  private fmaInstalled: boolean;
  private aggregateRowLimit: number;
  readonly store: DemoStore;
  private readonly dataSchema = new Schema(DATA_OBJECTS);
  private readonly schemas = new Map<string, Schema>();
  private setupBreaks = new Set<SetupBreak>();
  private readonly toolingSchema = new Schema(TOOLING_OBJECTS);
  private readonly queries: QueryRoutes;
  private readonly sobjects: SObjectRoutes;
  /** Makes license changes of every kind through the API's write paths (see changeSimulator.ts). */
  readonly changes: ChangeSimulator;
  private server: http.Server | undefined;
  private held = 0;
  private baseUrl = '';
  private readonly frontDoor = new FrontDoor(() => this.baseUrl);

  private constructor(options: DemoLmoOptions) {
    const licenses = options.licenses ?? 2000;
    if (!Number.isInteger(licenses) || licenses < MIN_DEMO_LICENSES || licenses > MAX_DEMO_LICENSES) {
      throw new RangeError(
        `The demo holds ${MIN_DEMO_LICENSES.toLocaleString('en-US')} to ${MAX_DEMO_LICENSES.toLocaleString('en-US')} licenses, not ${String(options.licenses)}`,
      );
    }
    this.today = calendarDate(options.today ?? new Date().toISOString().slice(0, 10));
    this.clock = new DemoClock(this.today);
    this.dailyLimit = options.dailyApiLimit ?? 100_000;
    this.profile = options.profile ?? 'pbo';
    if (this.profile !== 'pbo' && this.profile !== 'devHub') throw new RangeError(`A demo org is 'pbo' or 'devHub', not ${String(this.profile)}`);
    const devHub = this.profile === 'devHub';
    this.orgId = devHub ? DEMO_DEV_HUB_ORG_ID : DEMO_ORG_ID;
    this.devHubOrgId = devHub ? this.orgId : (options.devHubOrgId ?? this.orgId);
    this.linkDelayMs = checkLinkDelay(options.linkDelayMs ?? DEFAULT_LINK_DELAY_MS);
    // A Dev Hub of its own has no LMA.
    this.lmaInstalled = devHub ? false : (options.lmaInstalled ?? true);
    // The Feature Management App comes with the Partner Business Org; a Dev Hub of its own has none.
    this.fmaInstalled = devHub ? false : (options.fmaInstalled ?? true);
    this.aggregateRowLimit = options.aggregateRowLimit ?? AGGREGATE_ROW_LIMIT;
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
    });
    this.store = new DemoStore(data.tables, data.history, data.deleted);
    this.catalog = data.catalog;
    this.ownsPackages = data.ownsPackages;
    if (this.ownsPackages) {
      const subscribers = new PackageSubscriberView(this.store, this.catalog, seed, () => this.now());
      this.store.derive('PackageSubscriber', () => subscribers.scan());
    }
    this.setLmaVersion(options.lmaVersion ?? DEMO_LMA_VERSION);
    this.setSetup(options.setup ?? DEFAULT_SETUP_BREAKS);
    this.issueAccessToken();
    this.queries = new QueryRoutes((req, o) => this.queryContext(req, o.tooling, o.includeDeleted));
    this.sobjects = new SObjectRoutes(this.store, () => this.schema(), {
      userId: () => this.userId(),
      now: () => this.now(),
      canEdit: (object) => !(object === 'sfLma__License__c' && this.setupBreaks.has('no-license-edit')),
      isRequired: (object, field) => object === 'Lead' && field === 'Region__c' && this.setupBreaks.has('required-field'),
      recordFailure: (id) => {
        const f = this.faults.recordFailure(id);
        return f && new ApiError(400, f.errorCode, f.message);
      },
    });
    this.changes = new ChangeSimulator({ store: this.store, now: () => this.now(), write: (object, id, fields) => this.sobjects.write(object, id, fields) });
    if (options.changesPerMinute) this.changes.run(options.changesPerMinute);
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
    return this.currentToken;
  }

  /** Requests a `hang` fault holds unanswered whose clients have not closed them yet. */
  get heldRequests(): number {
    return this.held;
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
    this.sessions.clear();
  }

  /** A new valid access token (a new session, as a new login gives). */
  issueAccessToken(): string {
    this.currentToken = sessionId(this.orgId);
    this.sessions.set(this.currentToken, ++this.sessionCount);
    return this.currentToken;
  }

  /** The session number of a token (undefined when it is not valid). */
  sessionOf(token: string): number | undefined {
    return this.sessions.get(token);
  }

  setLmaInstalled(installed: boolean): void {
    if (installed && this.profile === 'devHub') throw new ApiError(400, 'INVALID_FIELD', 'The demo Dev Hub has no LMA; install it in the demo LMO.');
    this.lmaInstalled = installed;
  }

  /** The Partner Console's packages, with their state in this LMO. */
  consolePackages(): ConsolePackage[] {
    return this.catalog.map((p) => ({
      name: p.name,
      namespace: p.namespace,
      subscriberPackageId: p.subscriberPackageId,
      containerOptions: p.containerOptions,
      linkedFrom: this.packageRecordOf(p.subscriberPackageId)?.sfLma__Developer_Org_ID__c as string | undefined,
      dueAt: this.pendingLinks.get(p.subscriberPackageId.slice(0, 15))?.dueAt,
    }));
  }

  private packageRecordOf(subscriberPackageId: string): DemoRecord | undefined {
    const key = subscriberPackageId.trim().slice(0, 15);
    return this.store.rows('sfLma__Package__c').find((r) => r.IsDeleted !== true && String(r.sfLma__Package_ID__c ?? '').slice(0, 15) === key);
  }

  /**
   * Registers a package in the (demo) Partner Console: after `delayMs` the LMA writes its Package
   * record (Developer Org ID = the owning Dev Hub, Package ID, lead manager) and a Package Version
   * per released version, as the LMA would. Refused for a package that is already linked (linking is
   * permanent), unknown, unlocked, or being registered.
   */
  linkPackage(subscriberPackageId: string, delayMs: number = this.linkDelayMs): PendingLink {
    if (!this.lmaInstalled) throw new ApiError(400, 'INVALID_FIELD', 'This demo org has no LMA: register packages in the demo LMO.');
    const key = String(subscriberPackageId ?? '')
      .trim()
      .slice(0, 15);
    const pkg = this.catalog.find((p) => p.subscriberPackageId.slice(0, 15) === key);
    if (!pkg) throw new ApiError(400, 'INVALID_ID_FIELD', `No package with id ${key || '(none)'} in the demo Dev Hub.`);
    if (pkg.containerOptions !== 'Managed')
      throw new ApiError(400, 'INVALID_FIELD', `${pkg.name} is an unlocked package: only managed packages can be linked to the LMA.`);
    const linked = this.packageRecordOf(key);
    if (linked)
      throw new ApiError(
        400,
        'DUPLICATE_VALUE',
        `${pkg.name} is already linked (from org ${String(linked.sfLma__Developer_Org_ID__c)}); a package is linked once, for good.`,
      );
    if (this.pendingLinks.has(key)) throw new ApiError(400, 'DUPLICATE_VALUE', `${pkg.name} is already being registered.`);
    const delay = checkLinkDelay(delayMs);
    const requestedAt = Date.now();
    const complete = () => {
      this.pendingLinks.delete(key);
      if (this.packageRecordOf(key)) return;
      const lmaUser = this.store.rows('User').find((u) => u.Username === 'license.manager@acme-lmo.demo');
      const { pkg: record, versions } = linkRecords(pkg, {
        developerOrgId: this.devHubOrgId,
        developerName: this.devHubOrgId === this.orgId ? String(this.store.rows('Organization')[0]?.Name ?? DEMO_ORG_NAME) : DEMO_DEV_HUB_NAME,
        leadManagerId: this.userId(),
        lmaUserId: String(lmaUser?.Id ?? this.userId()),
        ownerId: this.userId(),
        nowMs: this.now(),
        serial: ++this.linkSerial,
      });
      this.store.insert('sfLma__Package__c', record);
      for (const v of versions) this.store.insert('sfLma__Package_Version__c', v);
    };
    const pending = { subscriberPackageId: pkg.subscriberPackageId, name: pkg.name, requestedAt, dueAt: requestedAt + delay };
    if (delay === 0) {
      complete();
      return pending;
    }
    const timer = setTimeout(complete, delay);
    timer.unref();
    this.pendingLinks.set(key, { ...pending, timer });
    return pending;
  }

  /** Registrations the LMA has not finished. */
  get linksPending(): PendingLink[] {
    return [...this.pendingLinks.values()].map(({ timer: _timer, ...link }) => link);
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
    const parts = parseVersionNumber(version);
    if (!parts || parts.length < 2) throw new ApiError(400, 'INVALID_FIELD', `Not a version number: ${version}`);
    const lma = this.tooling('SubscriberPackage').find((r) => r.NamespacePrefix === 'sfLma');
    const installed = this.tooling('InstalledSubscriberPackage').find((r) => r.SubscriberPackageId === lma?.Id);
    const pkgVersion = installed && this.store.lookup(String(installed.SubscriberPackageVersionId));
    const publisher = this.tooling('Publisher').find((r) => r.NamespacePrefix === 'sfLma');
    if (!pkgVersion || !publisher) throw new Error('The demo data has no sfLma package');
    Object.assign(pkgVersion, {
      MajorVersion: parts[0],
      MinorVersion: parts[1],
      PatchVersion: parts[2] ?? 0,
      Name: `License Management App ${parts[0]}.${parts[1]}`,
    });
    Object.assign(publisher, { MajorVersion: parts[0], MinorVersion: parts[1] });
  }

  /** The installed LMA version, major.minor.patch. */
  get lmaVersion(): string {
    const lma = this.tooling('SubscriberPackage').find((r) => r.NamespacePrefix === 'sfLma');
    const installed = this.tooling('InstalledSubscriberPackage').find((r) => r.SubscriberPackageId === lma?.Id);
    const v = installed && this.store.lookup(String(installed.SubscriberPackageVersionId));
    return `${v?.MajorVersion}.${v?.MinorVersion}.${v?.PatchVersion}`;
  }

  resetCounters(): void {
    this.apiCalls = 0;
    this.dailyUsed = 0;
  }

  state(): Record<string, unknown> {
    return {
      apiCalls: this.apiCalls,
      heldRequests: this.held,
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
    };
  }

  async close(): Promise<void> {
    this.changes.stop();
    for (const link of this.pendingLinks.values()) clearTimeout(link.timer);
    this.pendingLinks.clear();
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
    const object = this.schema().object(objectName);
    const record = object && this.store.objectOf(id) === object.name ? this.store.lookup(id) : undefined;
    return object && record ? { object, record } : undefined;
  }

  /** The Installed Packages page's rows. */
  installedPackages(): { name: string; namespace: string; version: string }[] {
    const rows = this.tooling('InstalledSubscriberPackage').map((row) => {
      const pkg = this.store.lookup(String(row.SubscriberPackageId));
      const ver = this.store.lookup(String(row.SubscriberPackageVersionId));
      return {
        name: String(pkg?.Name ?? ''),
        namespace: String(pkg?.NamespacePrefix ?? ''),
        version: `${ver?.MajorVersion}.${ver?.MinorVersion}.${ver?.PatchVersion}`,
      };
    });
    return rows.filter((r) => (this.lmaInstalled || r.namespace !== 'sfLma') && (this.fmaInstalled || r.namespace !== 'sfFma'));
  }

  userId(): string {
    return String(this.store.rows(this.dataSchema.object('User') as ObjectDef).find((u) => u.Username === this.username)?.Id);
  }

  private tooling(objectName: string): DemoRecord[] {
    return this.store.rows(this.toolingSchema.object(objectName) as ObjectDef) as DemoRecord[];
  }

  /** The objects the running user can see: the LMA's only while it is installed, permission objects only with View Setup. */
  private schema(): Schema {
    const hideSetup = this.setupBreaks.has('no-view-setup');
    const key = `${this.lmaInstalled}:${this.fmaInstalled}:${hideSetup}`;
    let schema = this.schemas.get(key);
    if (!schema) {
      schema = new Schema(
        DATA_OBJECTS.filter((o) => (this.lmaInstalled || !o.lma) && (this.fmaInstalled || !o.fma) && !(hideSetup && NEEDS_VIEW_SETUP.has(o.name))),
      );
      this.schemas.set(key, schema);
    }
    return schema;
  }

  private queryContext(req: ApiRequest, tooling: boolean, includeDeleted: boolean): QueryContext {
    // A Developer Edition org (the `developer-edition` setup) has none of the Partner Business Org's own apps.
    const notPbo = this.setupBreaks.has('developer-edition') ? ['CHANNEL_ORDERS', 'sfcma'] : [];
    const hidden = tooling ? [...(this.lmaInstalled ? [] : ['sfLma']), ...(this.fmaInstalled ? [] : ['sfFma']), ...notPbo] : [];
    const packageIds = this.tooling('SubscriberPackage')
      .filter((r) => hidden.includes(String(r.NamespacePrefix)))
      .map((r) => r.Id);
    return {
      schema: tooling ? this.toolingSchema : this.schema(),
      rows: (object, createdDate) => {
        const rows = this.store.scan(object, createdDate);
        return hidden.length ? withoutPackages(rows, hidden, packageIds) : rows;
      },
      lookup: this.store.lookup,
      today: this.today,
      includeDeleted,
      purged: (record) => this.store.purged(record, this.now()),
      apiVersion: req.version,
      aggregateRowLimit: this.aggregateRowLimit,
    };
  }

  private async listen(port: number): Promise<void> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
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

  /** The session of a request's Bearer token; 401 INVALID_SESSION_ID without one. */
  private authorize(headers: Record<string, string | undefined>): number {
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(headers.authorization ?? '');
    const session = m ? this.sessions.get(m[1].trim()) : undefined;
    if (session === undefined) throw new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    return session;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
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
    if (this.faults.settings.latencyMs > 0) await sleep(this.faults.settings.latencyMs);

    // Routes that need no session.
    if (path === '/services/oauth2/token' && method === 'POST') return send(res, ...refreshGrant(this, await readBody(req)));
    if (path === '/services/oauth2/revoke') return send(res, 200, {});
    if (path === '/secur/frontdoor.jsp' && method === 'GET') {
      const spent = this.frontDoor.spend(url.searchParams.get('otp'), Date.now());
      if (!spent || this.sessionOf(spent.token) === undefined) {
        res.writeHead(302, { Location: '/?ec=302&startURL=%2F' });
        return void res.end();
      }
      res.writeHead(302, { Location: spent.start, 'Set-Cookie': `sid=${encodeURIComponent(spent.token)}; Path=/; HttpOnly; SameSite=Lax` });
      return void res.end();
    }
    if (path === '/__demo/control' && method === 'POST') {
      if (headers.authorization !== `Bearer ${this.controlToken}`)
        return send(res, 401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Control token required' }]);
      return send(res, 200, control(this, (parseJson((await readBody(req)) || '{}') ?? {}) as ControlRequest));
    }
    if (path === '/services/data' && method === 'GET') return send(res, 200, versions());
    if (path === '/partnerconsole' || path.startsWith('/partnerconsole/')) return partnerConsole(this, method, path, url.searchParams, headers, req, res);
    if (path === MODIFY_LICENSE_PATH) return modifyLicensePage(this, method, url.searchParams, headers, req, res);
    if (method === 'GET' && /^\/(lightning|apex|partnerbt)\//.test(path)) return lightningPage(this, path, url.searchParams, headers, res);
    if (method === 'GET' && path === '/') return sendHtml(res, 401, loginRequiredPage());

    // Everything else needs a session: checked before any body is read.
    if (path === '/services/oauth2/singleaccess' && (method === 'GET' || method === 'POST')) {
      this.authorize(headers);
      const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim() ?? '';
      const form = method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
      return send(res, ...this.frontDoor.issue(token, form.get('redirect_uri'), Date.now()));
    }
    if (path === '/services/oauth2/userinfo' || path.startsWith('/id/')) {
      this.authorize(headers);
      return send(res, 200, userInfo(this));
    }
    const m = API_PATH.exec(path);
    if (!m) throw notFound();
    const session = this.authorize(headers);
    const version = m[1];
    if (Number(version) < OLDEST_API_VERSION || Number(version) > Number(LATEST_API_VERSION)) throw notFound();
    const raw = await readBody(req);
    try {
      if (this.faults.settings.apiLimitReached || this.dailyUsed >= this.dailyLimit) {
        throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      }
      this.apiCalls++;
      this.dailyUsed++;
      const described = `${path}${decodeOrReject(url.search.replace(/\+/g, ' '))}`;
      const body = raw ? parseJson(raw) : undefined;
      this.requests.add(session, method, described, compositeUrls(body));
      const fault = this.faults.take(described);
      if (fault?.kind === 'slow') await sleep(fault.delayMs);
      if (fault?.kind === 'serverError')
        throw new ApiError(
          fault.status ?? 500,
          'UNKNOWN_EXCEPTION',
          'An unexpected error occurred. Please include this ErrorId if you contact support: 1984-demo (-42)',
        );
      if (fault?.kind === 'apiError') throw new ApiError(fault.status, fault.errorCode, fault.message);
      if (fault?.kind === 'queryTimeout') throw new ApiError(400, 'QUERY_TIMEOUT', 'Your query request was running for too long.');
      if (fault?.kind === 'emptyError') return sendRaw(res, fault.status, '', this.limitHeader());
      if (fault?.kind === 'hang') {
        // Accepts and never answers; held until the client closes the request.
        this.held++;
        res.once('close', () => this.held--);
        return;
      }
      const segments = (m[2] ?? '').split('/').filter(Boolean);
      const response = this.dispatch({ method, segments, version, params: url.searchParams, headers, body });
      if (fault?.kind === 'invalidJson') return sendRaw(res, 200, '<html><body>Service temporarily unavailable</body></html>', this.limitHeader());
      if (fault?.kind === 'truncatedJson') {
        const text = JSON.stringify(response.body ?? {});
        return sendRaw(res, response.status, text.slice(0, Math.max(1, Math.floor(text.length / 2))), this.limitHeader());
      }
      return send(res, response.status, response.body, this.limitHeader());
    } catch (err) {
      if (err instanceof ApiError) return send(res, err.status, err.body(), this.limitHeader());
      throw err;
    }
  }

  private dispatch(req: ApiRequest): ApiResponse {
    const [first, second, third] = req.segments;
    switch (first) {
      case undefined:
        return ok(resources(req.version));
      case 'query':
      case 'queryAll':
        return this.queries.handle(req, false, first, second);
      case 'tooling':
        if (second === 'query') return this.queries.handle(req, true, 'query', third);
        if (second === 'composite' && !third)
          return composite(req, (method, url, headers, body) => this.subrequest(method, url, headers, body, true), this.store.transaction, true);
        throw notFound();
      case 'sobjects':
        return this.sobjects.handle(req);
      case 'composite':
        if (second === 'sobjects') return this.sobjects.updateCollection(req);
        if (second) throw notFound();
        return composite(req, (method, url, headers, body) => this.subrequest(method, url, headers, body, false), this.store.transaction, false);
      case 'limits':
        return ok(this.limits());
      default:
        throw notFound();
    }
  }

  /** A Composite subrequest: routed like any call, but counted once with its parent. */
  private subrequest(method: string, rawUrl: string, headers: Record<string, string | undefined>, body: unknown, tooling: boolean): ApiResponse {
    try {
      const url = new URL(rawUrl, 'http://127.0.0.1');
      const m = API_PATH.exec(decodeOrReject(url.pathname).replace(/\/+$/, ''));
      if (!m) throw notFound();
      const segments = (m[2] ?? '').split('/').filter(Boolean);
      // A Tooling composite runs Tooling subrequests; a REST composite cannot reach Tooling.
      if (tooling !== (segments[0] === 'tooling')) throw notFound();
      // Injected errors reach subrequests too (a test can refuse one query of a Composite call).
      const fault = this.faults.take(decodeOrReject(`${url.pathname}${url.search}`.replace(/\+/g, ' ')), true);
      if (fault?.kind === 'apiError') throw new ApiError(fault.status, fault.errorCode, fault.message);
      return this.dispatch({ method, segments, version: m[1], params: url.searchParams, headers, body });
    } catch (err) {
      if (err instanceof ApiError) return { status: err.status, body: err.body() };
      throw err;
    }
  }

  private limits(): object {
    return {
      DailyApiRequests: { Max: this.dailyLimit, Remaining: Math.max(0, this.dailyLimit - this.dailyUsed) },
      DataStorageMB: { Max: 10240, Remaining: 9100 },
      FileStorageMB: { Max: 10240, Remaining: 10000 },
    };
  }

  private limitHeader(): Record<string, string> {
    return { 'Sforce-Limit-Info': `api-usage=${this.dailyUsed}/${this.dailyLimit}` };
  }
}

function checkLinkDelay(ms: number): number {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_LINK_DELAY_MS)
    throw new ApiError(400, 'INVALID_FIELD', `A registration delay is a whole number of milliseconds from 0 to ${MAX_LINK_DELAY_MS}, not ${String(ms)}`);
  return ms;
}

/** The subrequests of a Composite body, for the request log. */
function compositeUrls(body: unknown): string[] | undefined {
  const list = (body as { compositeRequest?: unknown } | undefined)?.compositeRequest;
  if (!Array.isArray(list)) return undefined;
  return list.map((s: { method?: unknown; url?: unknown }) => {
    const url = String(s?.url ?? '');
    let decoded = url;
    try {
      decoded = decodeURIComponent(url.replace(/\+/g, ' '));
    } catch {
      // Kept as sent.
    }
    return `${String(s?.method ?? 'GET')} ${decoded}`;
  });
}

/** Tooling rows without the packages that are not installed (their SubscriberPackage, Publisher and InstalledSubscriberPackage rows). */
function* withoutPackages(rows: Iterable<DemoRecord>, namespaces: readonly string[], packageIds: readonly unknown[]): Iterable<DemoRecord> {
  for (const r of rows) if (!namespaces.includes(String(r.NamespacePrefix)) && !packageIds.includes(r.SubscriberPackageId)) yield r;
}

function versions(): object[] {
  const out = [];
  for (let v = OLDEST_API_VERSION; v <= Number(LATEST_API_VERSION); v++) out.push({ label: `v${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  return out;
}

function resources(version: string): object {
  const base = `/services/data/v${version}`;
  return {
    sobjects: `${base}/sobjects`,
    query: `${base}/query`,
    queryAll: `${base}/queryAll`,
    tooling: `${base}/tooling`,
    composite: `${base}/composite`,
    limits: `${base}/limits`,
  };
}
