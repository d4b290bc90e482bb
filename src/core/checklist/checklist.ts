/**
 * The LMA setup checklist: six steps and four gotchas, each verdict with its evidence and one
 * action, from the signals the data layer read (three API calls) and what the workspace and the
 * other features know. Pure: the same input gives the same checklist.
 */
import { gotchas } from './gotchas';
import { type ChecklistInput } from './input';
import { billingStep } from './steps/billing';
import { dashboardStep } from './steps/dashboard';
import { lmaAppStep, lmaInstalled } from './steps/lmaApp';
import { lmoStep } from './steps/lmo';
import { packagesStep } from './steps/packages';
import { provisioningStep } from './steps/provisioning';
import { type Gotcha, type SetupStep, type StepId, type Verdict, needsFixing } from './verdicts';

export interface Checklist {
  readonly checkedAt: string;
  readonly lmaInstalled: boolean | undefined;
  /** Packages linked to this org (undefined when they could not be read). */
  readonly linkedPackages: number | undefined;
  /** A production org that could still become an LMO (or the wrong one): nothing linked yet. */
  readonly productionWithoutPackages: boolean;
  readonly steps: readonly SetupStep[];
  readonly gotchas: readonly Gotcha[];
}

export function buildChecklist(input: ChecklistInput): Checklist {
  const installed = lmaInstalled(input);
  const steps = [lmoStep, lmaAppStep, packagesStep, provisioningStep, dashboardStep, billingStep].map((step) => step(input));
  const { org, packages } = input.signals;
  const linkedPackages = packages.ok ? packages.value.length : undefined;
  return {
    checkedAt: input.checkedAt,
    lmaInstalled: installed,
    linkedPackages,
    productionWithoutPackages: org.ok && !org.value.isSandbox && linkedPackages === 0,
    steps,
    gotchas: gotchas(input),
  };
}

/** Steps that are missing or broken: what makes the CLI exit non-zero. */
export function stepsNeedingFixes(checklist: Checklist): SetupStep[] {
  return checklist.steps.filter((s) => needsFixing(s.verdict));
}

/** Steps whose verdict got worse since the previous check (a lead manager deactivated, a trigger added). */
export function regressions(previous: Readonly<Partial<Record<StepId, Verdict>>> | undefined, checklist: Checklist): SetupStep[] {
  if (!previous) return [];
  return checklist.steps.filter((s) => previous[s.id] === 'done' && s.verdict !== 'done' && s.verdict !== 'unverifiable');
}

/** The verdicts alone, to remember between checks. */
export function verdictsOf(checklist: Checklist): Record<StepId, Verdict> {
  return Object.fromEntries(checklist.steps.map((s) => [s.id, s.verdict])) as Record<StepId, Verdict>;
}
