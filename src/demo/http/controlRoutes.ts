/**
 * The demo's control API: what tests, the benchmark and the launcher use to steer it. Served at
 * POST /__demo/control (with the control token) and over a worker's message port; never part of
 * the Salesforce API surface.
 */
import { ApiError } from '../apiError';
import { type SetupBreak, parseSetupBreaks } from '../setup';
import { SIMULATED_KINDS, type SimulatedKind } from '../changeSimulator';
import type { OneShotFault } from './faults';
import type { DemoLmo } from './server';

export interface ControlRequest {
  readonly action?: string;
  readonly value?: unknown;
  readonly fault?: unknown;
  readonly match?: string;
  readonly times?: number;
  readonly since?: number;
  readonly session?: number;
  readonly [key: string]: unknown;
}

function setupBreaksFrom(value: unknown): SetupBreak[] {
  try {
    return parseSetupBreaks(Array.isArray(value) ? value.map(String).join(',') || 'none' : String(value ?? 'none'));
  } catch (err) {
    throw new ApiError(400, 'INVALID_FIELD', (err as Error).message);
  }
}

/** Runs one control request; the result is plain JSON. Throws ApiError 400 for an unknown action. */
export function control(demo: DemoLmo, body: ControlRequest): unknown {
  switch (body.action) {
    case 'state':
      return demo.state();
    case 'issueAccessToken': {
      const accessToken = demo.issueAccessToken();
      return { accessToken, session: demo.sessionOf(accessToken) };
    }
    case 'expireSession':
      demo.expireSession();
      break;
    case 'setLmaVersion':
      demo.setLmaVersion(String(body.value));
      break;
    case 'setLmaInstalled':
      demo.setLmaInstalled(body.value === true);
      break;
    case 'setFmaInstalled':
      demo.setFmaInstalled(body.value === true);
      break;
    case 'setSetup':
      demo.setSetup(setupBreaksFrom(body.value));
      break;
    case 'setLatency':
      demo.faults.settings.latencyMs = Math.max(0, Number(body.value) || 0);
      break;
    case 'setApiLimitReached':
      demo.faults.settings.apiLimitReached = body.value === true;
      break;
    case 'setAggregateRowLimit':
      demo.setAggregateRowLimit(Number(body.value));
      break;
    case 'injectFault':
      demo.faults.inject(body.fault as OneShotFault, { match: body.match, times: body.times });
      break;
    case 'failRecords':
      demo.faults.failRecords({
        ids: Array.isArray(body.ids) ? body.ids.map(String) : undefined,
        every: body.every === undefined ? undefined : Number(body.every),
        errorCode: typeof body.errorCode === 'string' ? body.errorCode : undefined,
        message: typeof body.message === 'string' ? body.message : undefined,
      });
      break;
    case 'mark':
      return { mark: demo.requests.mark() };
    case 'requests':
      return { requests: demo.requests.since(Number(body.since ?? 0), body.session === undefined ? undefined : Number(body.session)) };
    case 'simulateChanges':
      try {
        demo.changes.run(Number(body.value ?? 0));
      } catch (err) {
        throw new ApiError(400, 'INVALID_FIELD', (err as Error).message);
      }
      break;
    case 'saveModifyLicense': {
      // A person saving the Modify License page (the worklist's other half), for tests.
      const fields = (body.fields ?? {}) as Record<string, unknown>;
      const record = demo.saveOnModifyLicensePage(String(body.id ?? ''), fields);
      return { id: record.Id };
    }
    case 'makeChanges': {
      const kinds = Array.isArray(body.kinds) ? (body.kinds as unknown[]).map(String) : [...SIMULATED_KINDS];
      const unknown = kinds.filter((k) => !(SIMULATED_KINDS as readonly string[]).includes(k));
      const count = Number(body.value ?? 1);
      if (unknown.length || !Number.isInteger(count) || count < 1 || count > 100_000)
        throw new ApiError(400, 'INVALID_FIELD', `makeChanges: value is 1 to 100,000 and kinds are ${SIMULATED_KINDS.join(', ')}`);
      return { changes: demo.changes.make(count, kinds as SimulatedKind[]) };
    }
    case 'linkPackage':
      // The Partner Console's Register: the LMA writes the package record after delayMs (default: the demo's link delay).
      return { link: demo.linkPackage(String(body.subscriberPackageId ?? ''), body.delayMs === undefined ? undefined : Number(body.delayMs)) };
    case 'pushRequests':
      return { requests: demo.pushUpgrades.requests() };
    case 'simulatePush':
      // A push upgrade whose jobs advance over real time (pushUpgrades.ts); answers its 0DV id.
      return {
        requestId: demo.pushUpgrades.simulate({
          versionId: String(body.versionId ?? ''),
          orgKeys: Array.isArray(body.orgKeys) ? body.orgKeys.map(String) : undefined,
          failEvery: body.failEvery === undefined ? undefined : Number(body.failEvery),
          stepMs: body.stepMs === undefined ? undefined : Number(body.stepMs),
        }),
      };
    case 'appAnalyticsSummaryCsv':
      // The oracle: the exact CSV a PackageUsageSummary request of that month gets (appAnalytics.ts).
      return { csv: demo.appAnalytics.summaryCsv(String(body.month ?? ''), Array.isArray(body.packageIds) ? body.packageIds.map(String) : undefined) };
    case 'setAppAnalyticsRowRepeat':
      demo.appAnalytics.setRowRepeat(Number(body.value));
      break;
    case 'setAppAnalytics':
      demo.setAppAnalytics(body.value as never);
      break;
    case 'setPboLicensing':
      demo.setPboLicensing(body.value === true);
      break;
    case 'pboDisagreements':
      return { disagreements: demo.pboDisagreements };
    case 'activateHomePage':
      // A person in Lightning App Builder: Activation → assign the Home page to an app and a profile.
      return { override: demo.deploys.apps.activateHomePage(String(body.app ?? ''), String(body.profile ?? ''), String(body.page ?? '')) };
    case 'reset':
      demo.faults.reset();
      demo.resetCounters();
      break;
    default:
      throw new ApiError(400, 'INVALID_FIELD', `Unknown control action: ${String(body.action)}`);
  }
  return demo.state();
}
