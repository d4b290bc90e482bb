/** Server.ts' helpers: the options a demo starts with, and its App Analytics made from them (docs/demo.md). */
import { ApiError } from '../apiError';
import { APP_ANALYTICS_MODES, AppAnalytics, type AppAnalyticsMode, DEFAULT_APP_ANALYTICS_DELAY_MS, DEFAULT_DOWNLOAD_TTL_MS } from '../appAnalytics';
import { type DemoCatalogPackage } from '../devHub';
import { type DemoStore } from '../store';
import { scenarioOptions } from '../scenarios';
import { type DemoLmoOptions, MAX_DEMO_LICENSES, MIN_DEMO_LICENSES } from './demoOptions';

export function checkAppAnalyticsMode(mode: unknown): AppAnalyticsMode {
  if (!(APP_ANALYTICS_MODES as readonly unknown[]).includes(mode))
    throw new ApiError(400, 'INVALID_FIELD', `appAnalytics is ${APP_ANALYTICS_MODES.join(', ')}, not ${String(mode)}`);
  return mode as AppAnalyticsMode;
}

function checkMs(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new RangeError(`${name} is ${min} to ${max} ms, not ${String(value)}`);
  return value;
}

export interface AppAnalyticsParts {
  readonly store: DemoStore;
  readonly seed: number;
  readonly catalog: readonly DemoCatalogPackage[];
  readonly demo: { now(): number; userId(): string; readonly url: string; readonly appAnalyticsState: AppAnalyticsMode };
}

export function makeAppAnalytics(options: DemoLmoOptions, parts: AppAnalyticsParts): AppAnalytics {
  const { store, seed, catalog, demo } = parts;
  const namespaces = new Map(catalog.map((p) => [p.subscriberPackageId.slice(0, 15), p.namespace]));
  return new AppAnalytics({
    store,
    seed,
    now: () => demo.now(),
    userId: () => demo.userId(),
    baseUrl: () => demo.url,
    mode: () => demo.appAnalyticsState,
    delayMs: checkMs('appAnalyticsDelayMs', options.appAnalyticsDelayMs ?? DEFAULT_APP_ANALYTICS_DELAY_MS, 0, 600_000),
    downloadTtlMs: checkMs('appAnalyticsUrlTtlMs', options.appAnalyticsUrlTtlMs ?? DEFAULT_DOWNLOAD_TTL_MS, 1, 7 * 86_400_000),
    namespaceOf: (package18) => namespaces.get(package18.slice(0, 15)) ?? null,
  });
}

/** The size first (a demo it cannot hold is refused before anything else is read or made), then the scenario's options with the given ones over them. */
export function resolveOptions(given: DemoLmoOptions): { licenses: number; options: DemoLmoOptions } {
  const licenses = given.licenses ?? 2000;
  if (!Number.isInteger(licenses) || licenses < MIN_DEMO_LICENSES || licenses > MAX_DEMO_LICENSES) {
    throw new RangeError(
      `The demo holds ${MIN_DEMO_LICENSES.toLocaleString('en-US')} to ${MAX_DEMO_LICENSES.toLocaleString('en-US')} licenses, not ${String(given.licenses)}`,
    );
  }
  // An explicit `undefined` does not override a scenario's choice.
  const explicit = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<DemoLmoOptions>;
  return { licenses, options: { ...scenarioOptions(given.scenario ?? 'edgeCases'), ...explicit } };
}
