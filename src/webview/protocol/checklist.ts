/**
 * The Setup Checklist's requests and view, shared by the extension host and the page. The page
 * gets verdicts and display text only; to run an action it names the step or gotcha that owns
 * it, and the host runs the action it computed itself (the page never supplies a URL or a path).
 */
import type { Checklist } from '../../core/checklist/checklist';
import type { GotchaId, StepId, Verdict } from '../../core/checklist/verdicts';
import type { Validators } from './envelope';

export type ChecklistView =
  | { readonly state: 'notConnected' }
  | {
      readonly state: 'ready';
      readonly orgLabel: string;
      readonly isDemo: boolean;
      readonly checklist: Checklist;
      /** The verdicts' words (the core's, sent by the host: the page has no copy of its own). */
      readonly verdictLabels: Readonly<Record<Verdict, string>>;
      readonly apiCalls: number;
      /** Set when a re-check failed and this is the previous result. */
      readonly stale?: { readonly message: string };
    };

/** Which action to run: the one the host attached to this step or gotcha. */
export type ActionOwner = { readonly step: StepId } | { readonly gotcha: GotchaId };

export type ChecklistRequests = {
  /** The last result (checks when there is none). */
  load: { params: Record<string, never>; result: ChecklistView };
  /** Reads the org again. */
  recheck: { params: Record<string, never>; result: ChecklistView };
  runAction: { params: ActionOwner; result: { readonly done: boolean } };
  cancelCheck: { params: Record<string, never>; result: { readonly cancelled: boolean } };
};

const STEP_IDS: readonly string[] = ['lmo', 'lmaApp', 'packages', 'provisioning', 'dashboard', 'billing'];
const GOTCHA_IDS: readonly string[] = ['permanence', 'deletedLicenses', 'subscriberSupport', 'lmaUpdates'];

const isEmpty = (value: unknown): value is Record<string, never> =>
  !!value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;

export function isActionOwner(value: unknown): value is ActionOwner {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const v = value as Record<string, unknown>;
  if (keys[0] === 'step') return typeof v.step === 'string' && STEP_IDS.includes(v.step);
  if (keys[0] === 'gotcha') return typeof v.gotcha === 'string' && GOTCHA_IDS.includes(v.gotcha);
  return false;
}

export const CHECKLIST_VALIDATORS: Validators<ChecklistRequests> = {
  load: isEmpty,
  recheck: isEmpty,
  runAction: isActionOwner,
  cancelCheck: isEmpty,
};
