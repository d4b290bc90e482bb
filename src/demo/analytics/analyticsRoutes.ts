/**
 * The Reports REST API under /services/data/vXX.X/analytics/reports (docs/salesforce/lmo-dashboard.md,
 * "Verify: the Analytics REST API"): `GET reports/{id}` runs a deployed report synchronously
 * (`?includeDetails=true` for detail rows), `GET reports/{id}/describe` gives its metadata. The
 * reports come from a source the caller passes (the Metadata deploy's registry), so the routes know
 * nothing of how reports got into the org. At most 500 synchronous runs per hour per org.
 * `dashboards/…` (the Dashboards REST API) is dashboardRoutes.ts, when the source also gives dashboards.
 */
import { ApiError, notFound } from '../apiError';
import { type ApiRequest, type ApiResponse, ok } from '../http/types';
import { type CalendarDate } from '../../core/calendarDate';
import { DashboardRoutes, type DeployedDashboardSource } from './dashboardRoutes';
import { type ReportDefinition, ReportDefinitionError, parseReport } from './reportDefinition';
import { type ReportData, extendedMetadata, reportMetadata, runReport } from './runReport';

/** A report as deployed: what the Metadata deploy's registry gives (src/demo/metadata/registry.ts). */
export interface DeployedReport {
  readonly id: string;
  readonly developerName: string;
  readonly folderName: string;
  readonly name: string;
  /** The `.report` metadata XML as deployed. */
  readonly xml: string;
}

export interface DeployedReportSource extends Partial<DeployedDashboardSource> {
  reportById(id: string): DeployedReport | undefined;
}

export interface AnalyticsRoutesParts {
  readonly reports: DeployedReportSource;
  readonly data: ReportData;
  /** The demo's today (reports' relative dates count from it). */
  readonly today: () => CalendarDate;
  /** The demo's clock, for the hourly limit. */
  readonly now: () => number;
  /** Synchronous runs per hour per org (Requirements and Limitations: 500). */
  readonly hourlyRuns?: number;
}

export const SYNC_RUNS_PER_HOUR = 500;
const HOUR_MS = 3_600_000;

export class AnalyticsRoutes {
  /** When each counted run happened, oldest first (a rolling hour: unconfirmed whether Salesforce's hour rolls or is fixed). */
  private readonly runs: number[] = [];
  private readonly parsed = new Map<string, ReportDefinition>();
  /** The Dashboards REST API, when the source gives dashboards (the deploy registry does); else dashboards/… is 404. */
  private readonly dashboards: DashboardRoutes | undefined;

  constructor(private readonly parts: AnalyticsRoutesParts) {
    const { dashboards, report, folder } = parts.reports;
    if (dashboards && report && folder) {
      const source: DeployedDashboardSource = {
        dashboards: () => dashboards.call(parts.reports),
        report: (name) => report.call(parts.reports, name),
        folder: (type, name) => folder.call(parts.reports, type, name),
      };
      this.dashboards = new DashboardRoutes({ source, data: parts.data, today: parts.today, now: parts.now });
    }
  }

  /** segments: ['analytics', …]. */
  handle(req: ApiRequest): ApiResponse {
    const [, resource, id, sub, ...more] = req.segments;
    if (resource === 'dashboards' && this.dashboards) return this.dashboards.handle(req);
    if (resource !== 'reports' || !id || more.length || (sub !== undefined && sub !== 'describe')) throw notFound();
    if (req.method !== 'GET')
      throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are GET (the demo runs saved reports as they are)`);
    const report = this.parts.reports.reportById(id);
    if (!report) throw notFound();
    const def = this.definition(report);
    const who = { id: report.id, developerName: report.developerName, name: report.name, folderName: report.folderName };
    if (sub === 'describe')
      return ok({ reportExtendedMetadata: extendedMetadata(def), reportMetadata: reportMetadata(def, who, def.showDetails), reportTypeMetadata: null });
    this.countRun();
    const includeDetails = (req.params.get('includeDetails') ?? '').toLowerCase() === 'true';
    return ok(runReport(def, who, this.parts.data, { today: this.parts.today(), includeDetails, version: req.version }));
  }

  /** Runs left in the current hour. */
  runsLeft(): number {
    this.expire();
    return Math.max(0, (this.parts.hourlyRuns ?? SYNC_RUNS_PER_HOUR) - this.runs.length);
  }

  private expire(): void {
    const from = this.parts.now() - HOUR_MS;
    while (this.runs.length && this.runs[0] <= from) this.runs.shift();
  }

  private countRun(): void {
    const max = this.parts.hourlyRuns ?? SYNC_RUNS_PER_HOUR;
    if (this.runsLeft() <= 0)
      // Status and code unconfirmed: the limit is documented, its error body is not (docs/salesforce/lmo-dashboard.md).
      throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', `You have reached the limit of ${max} synchronous report runs per hour. Try again later.`);
    this.runs.push(this.parts.now());
  }

  private definition(report: DeployedReport): ReportDefinition {
    const cached = this.parsed.get(report.xml);
    if (cached) return cached;
    try {
      const def = parseReport(report.xml);
      this.parsed.set(report.xml, def);
      return def;
    } catch (err) {
      // A deploy refuses such a report; one that got in anyway cannot run (status and code unconfirmed).
      if (err instanceof ReportDefinitionError) throw new ApiError(400, 'BAD_REQUEST', err.message);
      throw err;
    }
  }
}
export { reportDataOf } from './runReport';
