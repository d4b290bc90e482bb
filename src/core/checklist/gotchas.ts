import { assessLmaCurrency } from '../lmaCurrency';
import { type ChecklistInput, plural } from './input';
import { PERMANENCE } from './steps/lmo';
import { type Gotcha } from './verdicts';

export const SUBSCRIBER_SUPPORT_PATH = '/apex/sfLma__SubscriberSupport';
export const RECYCLE_BIN_PATH = '/lightning/o/DeleteEvent/home';
const CONSOLE_PAGES = ['SubscriberSupport', 'LoginToPartnerBT'];

/** The four gotchas, each where it bites. */
export function gotchas({ signals, baseline }: ChecklistInput): Gotcha[] {
  const out: Gotcha[] = [{ id: 'permanence', title: 'The LMO is permanent', text: PERMANENCE, level: 'info', evidence: [], action: undefined }];

  const deleted = signals.deletedLicenses;
  out.push({
    id: 'deletedLicenses',
    title: 'Deleting a license removes the customer’s access',
    text: !deleted.ok
      ? `Deleted licenses could not be counted (${deleted.failure.message}). Never delete a license: the customer loses access and it cannot be recreated.`
      : deleted.value > 0
        ? `${plural(deleted.value, 'license was', 'licenses were')} deleted in the last 15 days: those customers lost access. Restore them from the Recycle Bin before it is emptied (15 days).`
        : 'No license was deleted in the last 15 days. Never delete one: the customer loses access and it cannot be recreated.',
    level: deleted.ok && deleted.value > 0 ? 'attention' : 'info',
    evidence: deleted.ok ? [{ label: 'Recycle Bin', detail: plural(deleted.value, 'deleted license'), source: deleted.source }] : [],
    action: deleted.ok && deleted.value > 0 ? { kind: 'openRecycleBin', label: 'Open the Recycle Bin', target: RECYCLE_BIN_PATH } : undefined,
  });

  const pages = signals.supportPages;
  const granted = pages.ok ? CONSOLE_PAGES.filter((p) => pages.value.includes(p)) : [];
  const consent = 'Logging in to a customer’s org needs their consent (they grant login access); whether they did is shown only in the console.';
  out.push({
    id: 'subscriberSupport',
    title: 'The Subscriber Support Console needs the customer’s consent',
    text: !pages.ok
      ? `Your access to the console could not be checked (${pages.failure.message}). ${consent}`
      : granted.length === CONSOLE_PAGES.length
        ? `You can open the Subscriber Support Console. It also needs the “Log in to Subscriber Organization” permission and MFA, which no API shows. ${consent}`
        : `Your permission sets do not grant the console’s pages (${CONSOLE_PAGES.filter((p) => !granted.includes(p))
            .map((p) => `sfLma.${p}`)
            .join(', ')}): ask your admin for them and the “Log in to Subscriber Organization” permission. ${consent}`,
    level: pages.ok && granted.length < CONSOLE_PAGES.length ? 'attention' : 'info',
    evidence: pages.ok
      ? [{ label: 'Visualforce page access', detail: granted.length ? granted.map((p) => `sfLma.${p}`).join(', ') : 'none', source: pages.source }]
      : [],
    action: { kind: 'openSubscriberSupport', label: 'Open Subscriber Support', target: SUBSCRIBER_SUPPORT_PATH },
  });

  const lma = signals.installed.ok ? signals.installed.value.find((p) => p.namespace === 'sfLma') : undefined;
  const behind = !!(lma && baseline && assessLmaCurrency(lma.version, baseline).kind === 'behind');
  out.push({
    id: 'lmaUpdates',
    title: 'The LMA updates periodically',
    // Said once: when the LMA is behind, step 2 says so with the facts; this reminder only points there.
    text: behind
      ? 'Salesforce updates the LMA from time to time; step 2 (the LMA app) says which version yours is and which is the newest known.'
      : 'Salesforce updates the LMA from time to time; the version check here tells you when yours falls behind.',
    level: 'info',
    evidence: [],
    action: { kind: 'checkLmaVersion', label: 'Check LMA Version' },
  });
  return out;
}
