/** The checklist's vocabulary: verdicts, findings, evidence, actions, steps. */

/**
 * done: verified. attention: works, but something is off. broken: something stops license
 * creation or the LMA (an inactive lead manager, a before-trigger). missing: not set up.
 * unverifiable: no API can tell (or the user may not read it): guidance instead of a guess.
 */
export type Verdict = 'done' | 'attention' | 'broken' | 'missing' | 'unverifiable';

/** A finding's weight; `info` notes never change a step's verdict. */
export type FindingLevel = Verdict | 'info';

export interface Finding {
  readonly level: FindingLevel;
  readonly text: string;
}

/** What a verdict rests on: the query or resource, and the record when there is one. */
export interface Evidence {
  readonly label: string;
  readonly detail: string;
  readonly source: string;
  readonly recordId?: string;
}

export type SetupActionKind =
  | 'openDashboard'
  | 'verifyLmoDashboard'
  | 'buildLmoDashboard'
  | 'pinLmoDashboard'
  | 'checkLmaVersion'
  | 'openInOrg'
  | 'openUrl'
  | 'connect'
  | 'openProjectFile'
  | 'copyFeedCommand'
  | 'openSubscriberSupport'
  | 'openRecycleBin';

export interface SetupAction {
  readonly kind: SetupActionKind;
  readonly label: string;
  /** A path in the org (openInOrg), a URL (openUrl), or nothing. */
  readonly target?: string;
}

export type StepId = 'lmo' | 'lmaApp' | 'packages' | 'provisioning' | 'dashboard' | 'billing';

export interface SetupStep {
  readonly id: StepId;
  readonly number: number;
  readonly title: string;
  readonly verdict: Verdict;
  /** One line: what the verdict means here. */
  readonly summary: string;
  readonly findings: readonly Finding[];
  readonly evidence: readonly Evidence[];
  /** The one primary action. */
  readonly action: SetupAction | undefined;
}

export type GotchaId = 'permanence' | 'deletedLicenses' | 'subscriberSupport' | 'lmaUpdates';

export interface Gotcha {
  readonly id: GotchaId;
  readonly title: string;
  readonly text: string;
  readonly level: 'info' | 'attention';
  readonly evidence: readonly Evidence[];
  readonly action: SetupAction | undefined;
}

const RANK: Record<FindingLevel, number> = { info: -1, done: 0, unverifiable: 1, attention: 2, missing: 3, broken: 4 };

/** The step's verdict: its worst finding (notes aside); done when nothing is wrong. */
export function worstVerdict(findings: readonly Finding[]): Verdict {
  let worst: Verdict = 'done';
  for (const f of findings) if (f.level !== 'info' && RANK[f.level] > RANK[worst]) worst = f.level;
  return worst;
}

/** Whether a verdict should fail CI: something missing or broken. */
export function needsFixing(verdict: Verdict): boolean {
  return verdict === 'missing' || verdict === 'broken';
}

export const VERDICT_LABELS: Record<Verdict, string> = {
  done: 'Done',
  attention: 'Needs attention',
  broken: 'Broken',
  missing: 'Missing',
  unverifiable: 'Cannot be verified',
};
