/**
 * The Dashboards REST API under /services/data/vXX.X/analytics/dashboards, for deployed dashboards:
 * - `GET dashboards/{id}`: `dashboardMetadata` and `componentData` (componentId, reportResult,
 *   status {dataStatus, errorCode, errorMessage, errorSeverity, refreshDate, refreshStatus}) as of
 *   the **last refresh**: a dashboard never refreshed has no data set (`NODATA`: "never generated or
 *   is invalid due to a change in the report"), nor has a component whose report changed since
 *   (Get Dashboard Results, Dashboard Results:
 *   https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/analytics_api_dashboard_get_results.htm,
 *   https://developer.salesforce.com/docs/atlas.en-us.194.0.api_analytics.meta/api_analytics/analytics_api_dashboard_results_resource.htm).
 * - `PUT dashboards/{id}` triggers a refresh and answers `{statusUrl}` (Refresh a Dashboard:
 *   https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/analytics_api_dashboard_refresh.htm).
 *   The demo runs the reports at once and keeps the components `RUNNING` for `refreshMs` of the
 *   demo's clock, as a client must poll; a PUT meanwhile is 400 "A refresh is already in progress"
 *   (Dashboard and Component Error Codes:
 *   https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/analytics_api_dashboard_errors.htm).
 * - `GET dashboards/{id}/status`: `componentStatus` [{componentId, refreshDate, refreshStatus}]
 *   (Get Dashboard Status:
 *   https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/analytics_api_dashboard_get_status.htm).
 * Limits: refreshes and results requests are counted apart from synchronous report runs (the Limits
 * resource lists "Hourly dashboard refreshes", "Hourly REST API requests for dashboard results" and
 * "Hourly synchronous report runs" separately:
 * https://developer.salesforce.com/docs/atlas.en-us.202.0.api_rest.meta/api_rest/resources_limits.htm);
 * 200 refreshes and 5,000 results per hour per org (Dashboards API limits, as the localized
 * Requirements and Limitations page gives them:
 * https://developer.salesforce.com/docs/atlas.ja-jp.salesforce1api.meta/salesforce1api/apis_analytics_best_practices.htm).
 * Not modelled: filters, `runningUser=`, the dashboard list, POST/PATCH/DELETE (405).
 */
import { ApiError, notFound } from '../apiError';
import { type ApiRequest, type ApiResponse, ok } from '../http/types';
import { type CalendarDate } from '../../core/calendarDate';
import { sfDateTime } from '../time';
import { type DeployedReport } from './analyticsRoutes';
import {
  type ComponentRun,
  type DashboardComponent,
  type DeployedDashboard,
  SOURCE_REPORT_UNAVAILABLE,
  componentsOf,
  dashboardMetadata,
  dashboardRoot,
  runComponent,
} from './dashboardResults';
import { type ReportData } from './runReport';

export interface DeployedDashboardSource {
  dashboards(): readonly DeployedDashboard[];
  /** A report by its `Folder/Name`. */
  report(fullName: string): DeployedReport | undefined;
  folder(type: 'Dashboard', developerName: string): { readonly id: string } | undefined;
}

export interface DashboardRoutesParts {
  readonly source: DeployedDashboardSource;
  readonly data: ReportData;
  readonly today: () => CalendarDate;
  readonly now: () => number;
  /** How long a refresh stays RUNNING on the demo's clock (the real duration is the org's; default 2 s). */
  readonly refreshMs?: number;
  readonly refreshesPerHour?: number;
  readonly resultsPerHour?: number;
}

export const DASHBOARD_REFRESHES_PER_HOUR = 200;
export const DASHBOARD_RESULTS_PER_HOUR = 5000;
const HOUR_MS = 3_600_000;

/** Requests in a rolling hour (**unconfirmed** whether Salesforce's hour rolls or is fixed). */
class HourlyCount {
  private readonly at: number[] = [];
  constructor(
    private readonly max: number,
    private readonly what: string,
  ) {}

  take(now: number): void {
    while (this.at.length && this.at[0] <= now - HOUR_MS) this.at.shift();
    // Status and code **unconfirmed**: the limit is documented, its error body is not (as for report runs).
    if (this.at.length >= this.max)
      throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', `You have reached the limit of ${this.max} ${this.what} per hour. Try again later.`);
    this.at.push(now);
  }
}

interface Refresh {
  /** When the reports ran (each component's refreshDate). */
  readonly at: number;
  /** When the refresh is over (RUNNING before). */
  readonly doneAt: number;
  readonly runs: ReadonlyMap<string, ComponentRun & { readonly reportName: string }>;
}

export class DashboardRoutes {
  /** Per dashboard (15-character id): the last finished refresh, and one under way. */
  private readonly refreshes = new Map<string, { done?: Refresh; running?: Refresh }>();
  private readonly refreshCount: HourlyCount;
  private readonly resultsCount: HourlyCount;

  constructor(private readonly parts: DashboardRoutesParts) {
    this.refreshCount = new HourlyCount(parts.refreshesPerHour ?? DASHBOARD_REFRESHES_PER_HOUR, 'dashboard refreshes');
    this.resultsCount = new HourlyCount(parts.resultsPerHour ?? DASHBOARD_RESULTS_PER_HOUR, 'dashboard results requests');
  }

  /** segments: ['analytics', 'dashboards', …]. */
  handle(req: ApiRequest): ApiResponse {
    const [, , id, sub, ...more] = req.segments;
    if (!id || more.length || (sub !== undefined && sub !== 'status')) throw notFound();
    const allowed = sub === 'status' ? ['GET'] : ['GET', 'PUT'];
    if (!allowed.includes(req.method))
      throw new ApiError(
        405,
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${req.method}' not allowed. Allowed are ${allowed.join(',')} (the demo does not save, clone or delete dashboards)`,
      );
    const dashboard = this.parts.source.dashboards().find((d) => d.id.slice(0, 15) === id.slice(0, 15));
    if (!dashboard) throw notFound();
    const root = dashboardRoot(dashboard);
    const components = componentsOf(dashboard, root, (name) => this.parts.source.report(name));
    const state = this.state(dashboard.id);
    if (req.method === 'PUT') return this.refresh(dashboard, components, state, req.version);
    if (sub === 'status') {
      const running = !!state.running;
      return ok({
        componentStatus: components.map((c) => ({
          componentId: c.id,
          refreshDate: this.refreshDate(state.done, c),
          refreshStatus: running ? 'RUNNING' : 'IDLE',
        })),
      });
    }
    this.resultsCount.take(this.parts.now());
    const runner = this.parts.data.lookup(dashboard.runningUserId);
    const metadata = dashboardMetadata(dashboard, root, components, {
      folderId: this.parts.source.folder('Dashboard', dashboard.folderName)?.id ?? null,
      runningUserName: String(runner?.Name ?? runner?.Username ?? ''),
      version: req.version,
    });
    return ok({ componentData: components.map((c) => this.componentData(c, state)), dashboardMetadata: metadata });
  }

  /** The dashboard's refreshes, a finished one moved from running to done. */
  private state(id: string): { done?: Refresh; running?: Refresh } {
    const key = id.slice(0, 15);
    const s = this.refreshes.get(key) ?? this.refreshes.set(key, {}).get(key)!;
    if (s.running && this.parts.now() >= s.running.doneAt) {
      s.done = s.running;
      s.running = undefined;
    }
    return s;
  }

  private refresh(dashboard: DeployedDashboard, components: readonly DashboardComponent[], state: { running?: Refresh }, version: string): ApiResponse {
    // Status and message as the errors page gives them; the errorCode is **unconfirmed**.
    if (state.running) throw new ApiError(400, 'BAD_REQUEST', "You can't refresh this dashboard. A refresh is already in progress.");
    const now = this.parts.now();
    this.refreshCount.take(now);
    const today = this.parts.today();
    const runs = new Map(components.map((c) => [c.id, { ...runComponent(c, this.parts.data, today, version), reportName: c.reportName }]));
    state.running = { at: now, doneAt: now + (this.parts.refreshMs ?? 2000), runs };
    // The status code is **unconfirmed** (the page shows the body only); 200 as for other successful requests.
    return ok({ statusUrl: `/services/data/v${version}/analytics/dashboards/${dashboard.id}/status` });
  }

  /** The finished refresh's run of a component, if it still stands for the component as deployed now. */
  private runOf(done: Refresh | undefined, c: DashboardComponent): ComponentRun | undefined {
    const run = done?.runs.get(c.id);
    if (!run || run.reportName !== c.reportName || run.reportXml !== (c.report?.xml ?? null)) return undefined;
    return run;
  }

  private refreshDate(done: Refresh | undefined, c: DashboardComponent): string | null {
    return this.runOf(done, c) ? sfDateTime(done!.at) : null;
  }

  private componentData(c: DashboardComponent, state: { done?: Refresh; running?: Refresh }): object {
    const run = this.runOf(state.done, c);
    const refreshStatus = state.running ? 'RUNNING' : 'IDLE';
    const refreshDate = run ? sfDateTime(state.done!.at) : null;
    const noError = { errorCode: null, errorMessage: null, errorSeverity: null };
    // A component whose report is gone shows the error whether or not it was refreshed.
    const error = !c.report ? SOURCE_REPORT_UNAVAILABLE : run && 'error' in run ? run.error : undefined;
    if (error)
      return {
        componentId: c.id,
        reportResult: null,
        status: { dataStatus: 'ERROR', errorCode: error.code, errorMessage: error.message, errorSeverity: 'Error', refreshDate, refreshStatus },
      };
    // A NODATA component's reportResult: null is **unconfirmed**.
    if (!run || !('result' in run))
      return { componentId: c.id, reportResult: null, status: { dataStatus: 'NODATA', ...noError, refreshDate: null, refreshStatus } };
    return { componentId: c.id, reportResult: run.result, status: { dataStatus: 'DATA', ...noError, refreshDate, refreshStatus } };
  }
}
