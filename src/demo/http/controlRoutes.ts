/**
 * The demo's control API: what tests, the benchmark and the launcher use to steer it. Served at
 * POST /__demo/control (with the control token) and over a worker's message port; never part of
 * the Salesforce API surface.
 */
import { ApiError } from '../apiError';
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
    case 'reset':
      demo.faults.reset();
      demo.resetCounters();
      break;
    default:
      throw new ApiError(400, 'INVALID_FIELD', `Unknown control action: ${String(body.action)}`);
  }
  return demo.state();
}
