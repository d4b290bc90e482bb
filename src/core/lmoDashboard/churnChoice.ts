/**
 * Which churn report `lmo-dashboard generate` writes, and why: chosen with --churn, detected in
 * the org (auto: history when field history is tracked on License's Status, the approximation
 * when it is not or cannot be told), or, with no org, the remembered or default mode
 * (docs/salesforce/lmo-dashboard.md#is-license-status-history-tracked).
 */
import { type ChurnMode, LmoDashboardOptionsError } from './options';

export type ChurnFlag = ChurnMode | 'auto';

export interface ChurnChoice {
  readonly mode: ChurnMode;
  /** flag: --churn history|approximation; detected: --churn auto read the org; remembered: the folder's options; default: no org, no flag. */
  readonly source: 'flag' | 'detected' | 'remembered' | 'default';
  readonly reason: string;
}

/** What the org said about License Status history (the data layer's answer). */
export type HistoryTracking = { readonly tracked: boolean; readonly how: string } | { readonly tracked: undefined; readonly reason: string };

export function parseChurnFlag(text: string | undefined): ChurnFlag | undefined {
  if (text === undefined) return undefined;
  if (text === 'history' || text === 'approximation' || text === 'auto') return text;
  throw new LmoDashboardOptionsError(`--churn must be auto, history or approximation, not ${JSON.stringify(text)}.`);
}

/**
 * Without detection: the flag, or (no org) the remembered or default mode. Undefined means
 * "detect": --churn auto, or no flag with an org given.
 */
export function churnWithoutOrg(flag: ChurnFlag | undefined, orgGiven: boolean, base: { mode: ChurnMode; remembered: boolean }): ChurnChoice | undefined {
  if (flag === 'history' || flag === 'approximation') return { mode: flag, source: 'flag', reason: `--churn ${flag}` };
  if (orgGiven) return undefined;
  if (flag === 'auto')
    throw new LmoDashboardOptionsError('--churn auto reads the org: pass --target-org <alias> (or --demo), or choose --churn history|approximation.');
  return base.remembered
    ? { mode: base.mode, source: 'remembered', reason: `no org given: the mode remembered in the folder's options (pass --target-org to detect it)` }
    : { mode: base.mode, source: 'default', reason: 'no org given, so License history could not be checked (pass --target-org to detect it)' };
}

/** --churn auto: history only when the org says Status history is tracked. */
export function churnFromTracking(tracking: HistoryTracking): ChurnChoice {
  if (tracking.tracked === undefined) return { mode: 'approximation', source: 'detected', reason: `${tracking.reason} The approximation is used.` };
  return tracking.tracked
    ? { mode: 'history', source: 'detected', reason: `${tracking.how}: License Status history is tracked` }
    : { mode: 'approximation', source: 'detected', reason: `${tracking.how}: License Status history is not tracked` };
}
