/** What a demo LMO can be started with, and the bounds of it. */
import { type DemoScenario } from '../scenarios';
import { type SetupBreak } from '../setup';

/**
 * Which org a demo is. 'pbo': the Partner Business Org, which is the LMO and also the Dev Hub that
 * owns Acme's packages (a real PBO usually is both). 'devHub': a Dev Hub without the LMA, with an
 * org id of its own, beside an LMO demo, for the two-org case.
 */
export type DemoOrgProfile = 'pbo' | 'devHub';

export interface DemoLmoOptions {
  /** What the demo shows (scenarios.ts; default 'edgeCases', the tests' demo); the options below override it. */
  readonly scenario?: DemoScenario;
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
  /** Customer names that attack every output head the data (default true, for the tests; a showcase turns it off: scenarios.ts). */
  readonly hostileNames?: boolean;
  /**
   * App Analytics for the org's packages (default 'enabled'): 'disabled' = not enabled for the
   * packages (requests end Failed with an ErrorMessage); 'noAccess' = AppAnalyticsQueryRequest is not
   * visible to the user (INVALID_TYPE, NOT_FOUND). docs/demo.md.
   */
  readonly appAnalytics?: 'enabled' | 'disabled' | 'noAccess';
  /** Time a request takes from New (through Pending) to its end state (default 300 ms). */
  readonly appAnalyticsDelayMs?: number;
  /** How long a DownloadUrl stays valid (default 60 minutes). */
  readonly appAnalyticsUrlTtlMs?: number;
  /** The PBO licensing objects SfdcPartnerTenant, SfdcPartnerTenantPackage, SfdcPartnerTntPkgLicense (API 65.0/66.0+; default false). */
  readonly pboLicensing?: boolean;
}

/** The demo LMO's installed LMA: behind the latest known release on purpose, so the warning shows. */
export const DEMO_LMA_VERSION = '1.18.0';
export const MIN_DEMO_LICENSES = 100;
export const MAX_DEMO_LICENSES = 1_000_000;
export const DEMO_DEV_HUB_USERNAME = 'admin@acme-devhub.demo';
