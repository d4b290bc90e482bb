import { type CalendarDate } from '../calendarDate';
import { type LmaBaseline } from '../lmaCurrency';
import { type Finding, type Evidence, type SetupAction, type Verdict } from './verdicts';
import { type Reading, type SetupSignals } from './signals';

/** A package the workspace's sfdx-project.json names. */
export interface ProjectPackageRef {
  readonly name: string;
  /** The 0Ho package id, when the project's aliases give it. */
  readonly packageId?: string;
  /** The 033 subscriber package id, when known (through the Dev Hub). */
  readonly subscriberPackageId?: string;
}

/** A verdict another feature contributes to a step (provisioning rules, the change feed, the Dev Hub). */
export interface StepContribution {
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  readonly evidence: readonly Evidence[];
  readonly action?: SetupAction;
}

export interface ChecklistInput {
  readonly signals: SetupSignals;
  readonly today: CalendarDate;
  /** When the signals were read (ISO instant). */
  readonly checkedAt: string;
  readonly baseline: LmaBaseline | undefined;
  /** The workspace's packages; undefined when there is no sfdx-project.json. */
  readonly projectPackages: readonly ProjectPackageRef[] | undefined;
  /** Provisioning defaults from the rules audit, once it exists. */
  readonly provisioning?: StepContribution;
  /**
   * Link states verified against the Dev Hub (or packaging org) that owns the packages
   * (core/linking/checklist.ts): replaces the project packages' match by name or 033 id.
   */
  readonly linking?: StepContribution;
  /** The executives' dashboard in the LMO, verified (core/lmoDashboard/verify.ts), once it was checked. */
  readonly lmoDashboard?: StepContribution;
  /** The license change feed, when this product's feed is configured for the LMO. */
  readonly changeFeed?: { readonly configured: boolean; readonly detail: string };
}

/** A failed reading as a finding: no access cannot be verified; an object that does not exist is missing. */
export function failureFinding(reading: Reading<unknown>, what: string): Finding {
  if (reading.ok) throw new Error('failureFinding needs a failed reading');
  const { kind, message } = reading.failure;
  if (kind === 'notInstalled') return { level: 'missing', text: `${what}: the License Management App's objects do not exist in this org.` };
  if (kind === 'noAccess') return { level: 'unverifiable', text: `${what}: you may not read this (${message}).` };
  return { level: 'unverifiable', text: `${what} could not be read: ${message}` };
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The workspace's packages as the checklist matches them: a 0Ho id is the package, a 033 id the subscriber package. */
export function projectPackageRefs(packages: readonly { readonly name: string; readonly packageId: string | undefined }[]): ProjectPackageRef[] {
  return packages.map((p) => ({
    name: p.name,
    packageId: p.packageId?.startsWith('0Ho') ? p.packageId : undefined,
    subscriberPackageId: p.packageId?.startsWith('033') ? p.packageId : undefined,
  }));
}

/** This product's change feed, seen running for the org (its state on this machine). */
export function changeFeedRan(at: Date | undefined): ChecklistInput['changeFeed'] {
  return at && { configured: true, detail: `the license change feed (last run here ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC)` };
}
