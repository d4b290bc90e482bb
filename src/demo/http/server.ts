import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { CalendarDate, calendarDate } from '../../core/calendarDate';
import { parseVersionNumber } from '../../core/versionNumber';
import { ApiError, notFound } from '../apiError';
import { DEMO_ORG_ID, DEMO_USERNAME, generateDemoData } from '../generator';
import { DATA_OBJECTS, DemoRecord, ObjectDef, Schema, TOOLING_OBJECTS } from '../schema';
import { DemoStore } from '../store';
import { QueryContext } from '../soql/engine';
import { composite } from './compositeRoutes';
import { PAGE_CSP, installedPackagesPage, recordPage } from './pages';
import { Faults } from './faults';
import { QueryRoutes } from './queryRoutes';
import { SObjectRoutes } from './sobjectRoutes';
import { ApiRequest, ApiResponse, ok } from './types';

export interface DemoLmoOptions {
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
  readonly dailyApiLimit?: number;
  /** The connected user's username (distinct demo orgs need distinct usernames in one CLI auth store). */
  readonly username?: string;
}

export const LATEST_API_VERSION = '66.0';
/** The demo LMO's installed LMA: behind the latest known release on purpose, so the warning shows. */
export const DEMO_LMA_VERSION = '1.18.0';
const OLDEST_API_VERSION = 31;
const API_PATH = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/;

/**
 * The embedded demo License Management Org: a real HTTP server on 127.0.0.1 that speaks the
 * Salesforce REST wire format over generated LMA data.
 */
export class DemoLmo {
  readonly faults = new Faults();
  readonly username: string;
  readonly orgId = DEMO_ORG_ID;
  /** Authorises the /__demo/control route (tests and the launcher change the demo through it). */
  readonly controlToken = token('ctl');
  readonly refreshToken = token('rt');
  readonly today: CalendarDate;
  /** API calls counted against the daily limit since start (or the last resetCounters). */
  apiCalls = 0;
  /** The last API calls (method and decoded path with query), newest last, for tests to inspect. */
  readonly requestLog: string[] = [];
  private dailyUsed = 0;
  private readonly dailyLimit: number;
  private accessTokens = new Set<string>();
  private currentToken = '';
  private lmaInstalled: boolean;
  private readonly store: DemoStore;
  private readonly dataSchema = new Schema(DATA_OBJECTS);
  private readonly noLmaSchema = new Schema(DATA_OBJECTS.filter((o) => !o.lma));
  private readonly toolingSchema = new Schema(TOOLING_OBJECTS);
  private readonly queries: QueryRoutes;
  private readonly sobjects: SObjectRoutes;
  private server: http.Server | undefined;
  private baseUrl = '';

  private constructor(options: DemoLmoOptions) {
    this.today = calendarDate(options.today ?? new Date().toISOString().slice(0, 10));
    this.dailyLimit = options.dailyApiLimit ?? 100_000;
    this.lmaInstalled = options.lmaInstalled ?? true;
    this.username = options.username ?? DEMO_USERNAME;
    this.store = new DemoStore(generateDemoData({ licenses: options.licenses ?? 2000, seed: options.seed ?? 42, today: this.today, username: this.username }));
    this.setLmaVersion(options.lmaVersion ?? DEMO_LMA_VERSION);
    this.issueAccessToken();
    this.queries = new QueryRoutes((req, o) => this.queryContext(req, o.tooling, o.includeDeleted));
    this.sobjects = new SObjectRoutes(this.store, () => this.schema());
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

  get licenseCount(): number {
    return this.store.count('sfLma__License__c');
  }

  /** Invalidates every access token, as when a session times out. The refresh token still works. */
  expireSession(): void {
    this.accessTokens.clear();
  }

  /** A new valid access token (e.g. after expireSession, for a fresh login). */
  issueAccessToken(): string {
    this.currentToken = token('00D');
    this.accessTokens.add(this.currentToken);
    return this.currentToken;
  }

  setLmaInstalled(installed: boolean): void {
    this.lmaInstalled = installed;
  }

  /** Changes the installed LMA version reported by the Tooling API (major.minor[.patch]). */
  setLmaVersion(version: string): void {
    const parts = parseVersionNumber(version);
    if (!parts || parts.length < 2) throw new RangeError(`Not a version number: ${version}`);
    const lma = this.tooling('SubscriberPackage').find((r) => r.NamespacePrefix === 'sfLma');
    const installed = this.tooling('InstalledSubscriberPackage').find((r) => r.SubscriberPackageId === lma?.Id);
    const pkgVersion = installed && this.store.lookup(String(installed.SubscriberPackageVersionId));
    const publisher = this.tooling('Publisher').find((r) => r.NamespacePrefix === 'sfLma');
    if (!pkgVersion || !publisher) throw new Error('The demo data has no sfLma package');
    Object.assign(pkgVersion, { MajorVersion: parts[0], MinorVersion: parts[1], PatchVersion: parts[2] ?? 0, Name: `License Management App ${parts[0]}.${parts[1]}` });
    Object.assign(publisher, { MajorVersion: parts[0], MinorVersion: parts[1] });
  }

  resetCounters(): void {
    this.apiCalls = 0;
    this.requestLog.length = 0;
    this.dailyUsed = 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private tooling(objectName: string): DemoRecord[] {
    return this.store.rows(this.toolingSchema.object(objectName) as ObjectDef) as DemoRecord[];
  }

  private schema(): Schema {
    return this.lmaInstalled ? this.dataSchema : this.noLmaSchema;
  }

  private queryContext(req: ApiRequest, tooling: boolean, includeDeleted: boolean): QueryContext {
    const hideLma = !this.lmaInstalled && tooling;
    const lmaPackageId = this.tooling('SubscriberPackage').find((r) => r.NamespacePrefix === 'sfLma')?.Id;
    return {
      schema: tooling ? this.toolingSchema : this.schema(),
      rows: (object) => {
        const rows = this.store.rows(object);
        if (!hideLma) return rows;
        return rows.filter((r) => r.NamespacePrefix !== 'sfLma' && r.SubscriberPackageId !== lmaPackageId);
      },
      lookup: this.store.lookup,
      today: this.today,
      includeDeleted,
      apiVersion: req.version,
    };
  }

  private async listen(port: number): Promise<void> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
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

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = req.headers as Record<string, string | undefined>;
    if (this.faults.settings.latencyMs > 0) await sleep(this.faults.settings.latencyMs);
    try {
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (path === '/services/oauth2/token' && method === 'POST') return send(res, ...this.refresh(raw));
      if (path === '/services/oauth2/revoke') return send(res, 200, {});
      if (path === '/__demo/control' && method === 'POST') return send(res, ...this.control(headers, raw));
      if (path === '/services/data' && method === 'GET') return send(res, 200, versions());
      if (method === 'GET' && path.startsWith('/lightning/')) return this.lightningPage(path, res);
      if (path === '/services/oauth2/userinfo' || path.startsWith('/id/')) {
        this.authorize(headers);
        return send(res, 200, this.userInfo());
      }
      const m = API_PATH.exec(path);
      if (!m) throw notFound();
      this.authorize(headers);
      const version = m[1];
      if (Number(version) < OLDEST_API_VERSION || Number(version) > Number(LATEST_API_VERSION)) throw notFound();
      if (this.faults.settings.apiLimitReached || this.dailyUsed >= this.dailyLimit) {
        throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      }
      this.apiCalls++;
      this.dailyUsed++;
      this.requestLog.push(`${method} ${decodeURIComponent(`${path}${url.search}`.replace(/\+/g, ' '))}`);
      if (this.requestLog.length > 1000) this.requestLog.splice(0, this.requestLog.length - 1000);
      const fault = this.faults.take(`${path}${url.search}`);
      if (fault?.kind === 'slow') await sleep(fault.delayMs);
      if (fault?.kind === 'serverError') throw new ApiError(fault.status ?? 500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1984-demo (-42)');
      if (fault?.kind === 'apiError') throw new ApiError(fault.status, fault.errorCode, fault.message);
      if (fault?.kind === 'queryTimeout') throw new ApiError(400, 'QUERY_TIMEOUT', 'Your query request was running for too long.');
      const body = raw ? parseJson(raw) : undefined;
      const response = this.dispatch({ method, segments: (m[2] ?? '').split('/').filter(Boolean).map(decodeURIComponent), version, params: url.searchParams, headers, body });
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

  /** The Lightning pages the product opens in a browser (no session needed: it is demo data). */
  private lightningPage(path: string, res: http.ServerResponse): void {
    const html = (status: number, body: string) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP });
      res.end(body);
    };
    const record = /^\/lightning\/r\/(\w+)\/(\w{15,18})\/view$/.exec(path);
    if (record) {
      const object = this.schema().object(record[1]);
      const found = object && this.store.objectOf(record[2]) === object.name ? this.store.lookup(record[2]) : undefined;
      return found && object ? html(200, recordPage(object, found, this.store)) : html(404, '<!DOCTYPE html><title>Not found</title><p>No such record in the demo LMO.</p>');
    }
    if (path === '/lightning/setup/ImportedPackage/home') {
      const rows = this.tooling('InstalledSubscriberPackage').map((row) => {
        const pkg = this.store.lookup(String(row.SubscriberPackageId));
        const ver = this.store.lookup(String(row.SubscriberPackageVersionId));
        return { name: String(pkg?.Name ?? ''), namespace: String(pkg?.NamespacePrefix ?? ''), version: `${ver?.MajorVersion}.${ver?.MinorVersion}.${ver?.PatchVersion}` };
      });
      return html(200, installedPackagesPage(this.lmaInstalled ? rows : rows.filter((r) => r.namespace !== 'sfLma')));
    }
    return html(404, '<!DOCTYPE html><title>Not found</title><p>The demo LMO serves only record pages and Installed Packages.</p>');
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
        throw notFound();
      case 'sobjects':
        return this.sobjects.handle(req);
      case 'composite':
        if (second === 'sobjects') return this.sobjects.updateCollection(req);
        if (second) throw notFound();
        return composite(req, (method, url, headers, body) => this.subrequest(method, url, headers, body), this.store.transaction);
      case 'limits':
        return ok(this.limits());
      default:
        throw notFound();
    }
  }

  /** A Composite subrequest: routed like any call, but counted once with its parent. */
  private subrequest(method: string, rawUrl: string, headers: Record<string, string | undefined>, body: unknown): ApiResponse {
    const url = new URL(rawUrl, 'http://127.0.0.1');
    const m = API_PATH.exec(url.pathname.replace(/\/+$/, ''));
    try {
      if (!m) throw notFound();
      return this.dispatch({ method, segments: (m[2] ?? '').split('/').filter(Boolean).map(decodeURIComponent), version: m[1], params: url.searchParams, headers, body });
    } catch (err) {
      if (err instanceof ApiError) return { status: err.status, body: err.body() };
      throw err;
    }
  }

  private authorize(headers: Record<string, string | undefined>): void {
    const auth = headers.authorization ?? '';
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(auth);
    if (!m || !this.accessTokens.has(m[1].trim())) throw new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  }

  private refresh(raw: string): [number, unknown] {
    const form = new URLSearchParams(raw);
    if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== this.refreshToken) {
      return [400, { error: 'invalid_grant', error_description: 'expired access/refresh token' }];
    }
    const accessToken = this.issueAccessToken();
    return [200, {
      access_token: accessToken,
      instance_url: this.baseUrl,
      id: `${this.baseUrl}/id/${this.orgId}/${this.userId()}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      scope: 'api refresh_token',
      signature: 'demo',
    }];
  }

  private userId(): string {
    return String(this.store.rows(this.dataSchema.object('User') as ObjectDef).find((u) => u.Username === this.username)?.Id);
  }

  private userInfo(): object {
    const userId = this.userId();
    return {
      sub: `${this.baseUrl}/id/${this.orgId}/${userId}`,
      user_id: userId,
      organization_id: this.orgId,
      preferred_username: this.username,
      name: 'Demo Admin',
      email: this.username,
      email_verified: true,
      zoneinfo: 'UTC',
      urls: { rest: `${this.baseUrl}/services/data/v{version}/` },
    };
  }

  private limits(): object {
    return {
      DailyApiRequests: { Max: this.dailyLimit, Remaining: Math.max(0, this.dailyLimit - this.dailyUsed) },
      DataStorageMB: { Max: 10240, Remaining: 9100 },
    };
  }

  private limitHeader(): Record<string, string> {
    return { 'Sforce-Limit-Info': `api-usage=${this.dailyUsed}/${this.dailyLimit}` };
  }

  /** POST /__demo/control { action, … }: what tests outside this process use to steer the demo. */
  private control(headers: Record<string, string | undefined>, raw: string): [number, unknown] {
    if (headers.authorization !== `Bearer ${this.controlToken}`) return [401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Control token required' }]];
    const body = (parseJson(raw) ?? {}) as { action?: string; value?: unknown; fault?: unknown; match?: string; times?: number };
    switch (body.action) {
      case 'state':
        break;
      case 'expireSession':
        this.expireSession();
        break;
      case 'issueAccessToken':
        this.issueAccessToken();
        break;
      case 'setLmaVersion':
        this.setLmaVersion(String(body.value));
        break;
      case 'setLmaInstalled':
        this.setLmaInstalled(body.value === true);
        break;
      case 'setLatency':
        this.faults.settings.latencyMs = Number(body.value) || 0;
        break;
      case 'setApiLimitReached':
        this.faults.settings.apiLimitReached = body.value === true;
        break;
      case 'injectFault':
        this.faults.inject(body.fault as never, { match: body.match, times: body.times });
        break;
      case 'reset':
        this.faults.reset();
        this.resetCounters();
        break;
      default:
        return [400, [{ errorCode: 'INVALID_FIELD', message: `Unknown control action: ${String(body.action)}` }]];
    }
    return [200, { apiCalls: this.apiCalls, accessToken: this.accessToken, lmaInstalled: this.lmaInstalled, licenses: this.licenseCount }];
  }
}

function token(prefix: string): string {
  return `${prefix}!${randomBytes(24).toString('base64url')}`;
}

function versions(): object[] {
  const out = [];
  for (let v = OLDEST_API_VERSION; v <= Number(LATEST_API_VERSION); v++) out.push({ label: `v${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  return out;
}

function resources(version: string): object {
  const base = `/services/data/v${version}`;
  return { sobjects: `${base}/sobjects`, query: `${base}/query`, queryAll: `${base}/queryAll`, tooling: `${base}/tooling`, composite: `${base}/composite`, limits: `${base}/limits` };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON');
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  sendRaw(res, status, JSON.stringify(body), headers);
}

function sendRaw(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
