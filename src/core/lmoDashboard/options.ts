/**
 * What the executives' dashboard is generated from (docs/salesforce/lmo-dashboard.md): names, the
 * running user, the Home page's app and profile, the scope and the churn mode. Defaults, validation
 * with messages a user can act on, and the round trip through `lmo-dashboard.json`.
 */
import { DEFAULT_CHURN_DAYS } from '../dashboard/installBaseMetrics';

export type ChurnMode = 'history' | 'approximation';

export type RunningUser = { readonly kind: 'dynamic' } | { readonly kind: 'user'; readonly username: string };

export interface NamedFolder {
  /** What users see. */
  readonly label: string;
  /** The API name (the folder's part of every member's full name). */
  readonly developerName: string;
}

export interface LmoDashboardOptions {
  readonly reportFolder: NamedFolder;
  readonly dashboardFolder: NamedFolder;
  readonly dashboardTitle: string;
  readonly dashboardDeveloperName: string;
  /** Put before each report's developer name (may be empty). */
  readonly reportPrefix: string;
  /** The Lightning Home page (FlexiPage) carrying the dashboard. */
  readonly homePageDeveloperName: string;
  readonly homePageLabel: string;
  /** The app (CustomApplication developer name) and profile the Home page is assigned for. */
  readonly app: string;
  readonly profile: string;
  readonly runningUser: RunningUser;
  readonly includeSandboxes: boolean;
  readonly churn: ChurnMode;
  readonly churnDays: number;
}

export const DEFAULT_FOLDER_LABEL = 'LMA Executive Dashboard';

export const DEFAULT_OPTIONS: LmoDashboardOptions = {
  reportFolder: { label: DEFAULT_FOLDER_LABEL, developerName: 'LMA_Executive_Reports' },
  dashboardFolder: { label: DEFAULT_FOLDER_LABEL, developerName: 'LMA_Executive_Dashboards' },
  dashboardTitle: 'Install base',
  dashboardDeveloperName: 'LMA_Install_Base',
  reportPrefix: 'LMA_',
  homePageDeveloperName: 'LMA_Executive_Home',
  homePageLabel: 'LMA Executive Home',
  app: 'standard__LightningSales',
  profile: 'System Administrator',
  runningUser: { kind: 'dynamic' },
  includeSandboxes: false,
  churn: 'approximation',
  churnDays: DEFAULT_CHURN_DAYS,
};

/** Developer names: at most this long (docs/salesforce/lmo-dashboard.md: the shortest limit among the types). */
export const MAX_DEVELOPER_NAME = 40;
/** The longest report developer name the generator makes after the prefix ("Renewals_61_90_Days"). */
const LONGEST_REPORT_SUFFIX = 'Renewals_61_90_Days'.length;
export const MAX_LABEL = 40;
export const MAX_TITLE = 80;
export const MIN_CHURN_DAYS = 1;
export const MAX_CHURN_DAYS = 365;

export class LmoDashboardOptionsError extends Error {}

/**
 * Why a developer name is not one, or undefined when it is: letters, digits and underscores,
 * starting with a letter, no two underscores in a row, not ending with one, at most `max` characters.
 */
export function developerNameProblem(what: string, value: string, max = MAX_DEVELOPER_NAME): string | undefined {
  const shown = JSON.stringify(value);
  if (!value) return `${what} is empty: give letters, digits and underscores, starting with a letter.`;
  if (value.length > max) return `${what} ${shown} is ${value.length} characters long: at most ${max}.`;
  if (!/^[A-Za-z]/.test(value)) return `${what} ${shown} must start with a letter.`;
  if (!/^[A-Za-z0-9_]+$/.test(value)) return `${what} ${shown} may hold only letters (A–Z), digits and underscores.`;
  if (value.includes('__')) return `${what} ${shown} may not hold two underscores in a row.`;
  if (value.endsWith('_')) return `${what} ${shown} may not end with an underscore.`;
  return undefined;
}

/** A developer name made from a label: other characters become underscores, runs collapse, a letter first. */
export function developerNameFrom(label: string, max = MAX_DEVELOPER_NAME): string {
  let name = label
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[A-Za-z]/.test(name)) name = `X_${name}`;
  return name.slice(0, max).replace(/_+$/, '') || 'X';
}

function textProblem(what: string, value: string, max: number): string | undefined {
  if (!value.trim()) return `${what} is empty.`;
  if (value.length > max) return `${what} is ${value.length} characters long: at most ${max}.`;
  return undefined;
}

/** Every problem with a set of options, in words; empty when they can be generated. */
export function optionProblems(o: LmoDashboardOptions): string[] {
  const problems = [
    textProblem('The report folder label', o.reportFolder.label, MAX_LABEL),
    developerNameProblem('The report folder developer name', o.reportFolder.developerName),
    textProblem('The dashboard folder label', o.dashboardFolder.label, MAX_LABEL),
    developerNameProblem('The dashboard folder developer name', o.dashboardFolder.developerName),
    textProblem('The dashboard title', o.dashboardTitle, MAX_TITLE),
    developerNameProblem('The dashboard developer name', o.dashboardDeveloperName),
    o.reportPrefix === '' ? undefined : developerNameProblem('The report prefix', `${o.reportPrefix}X`, MAX_DEVELOPER_NAME - LONGEST_REPORT_SUFFIX + 1),
    developerNameProblem('The Home page developer name', o.homePageDeveloperName),
    textProblem('The Home page label', o.homePageLabel, MAX_TITLE),
    /^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(o.app) ? undefined : `The app ${JSON.stringify(o.app)} is not an app's developer name (e.g. standard__LightningSales).`,
    textProblem('The profile', o.profile, 255),
    o.runningUser.kind === 'user' && !/^[^\s@]+@[^\s@]+$/.test(o.runningUser.username)
      ? `The running user ${JSON.stringify(o.runningUser.username)} is not a Salesforce username (name@domain).`
      : undefined,
    Number.isInteger(o.churnDays) && o.churnDays >= MIN_CHURN_DAYS && o.churnDays <= MAX_CHURN_DAYS
      ? undefined
      : `The churn period must be a whole number of days from ${MIN_CHURN_DAYS} to ${MAX_CHURN_DAYS}, not ${String(o.churnDays)}.`,
    o.churn === 'history' || o.churn === 'approximation' ? undefined : `Churn must be "history" or "approximation", not ${JSON.stringify(o.churn)}.`,
  ];
  if (o.reportFolder.developerName === o.dashboardFolder.developerName)
    problems.push('The report folder and the dashboard folder need different developer names.');
  return problems.filter((p): p is string => p !== undefined);
}

export function validOptions(o: LmoDashboardOptions): LmoDashboardOptions {
  const problems = optionProblems(o);
  if (problems.length) throw new LmoDashboardOptionsError(problems.join(' '));
  return o;
}

/** The options file's shape (lmo-dashboard.json): the options plus who wrote it. */
export const OPTIONS_FILE = 'lmo-dashboard.json';
export const GENERATED_BY = 'lma-workbench lmo-dashboard generate';

export function optionsFileContent(o: LmoDashboardOptions): string {
  return `${JSON.stringify({ generatedBy: GENERATED_BY, options: o }, null, 2)}\n`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Options read back from lmo-dashboard.json (unknown keys ignored, missing ones defaulted), validated. */
export function optionsFromFile(text: string): LmoDashboardOptions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new LmoDashboardOptionsError(`${OPTIONS_FILE} is not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(parsed) || parsed.generatedBy !== GENERATED_BY || !isRecord(parsed.options))
    throw new LmoDashboardOptionsError(`${OPTIONS_FILE} was not written by ${GENERATED_BY}.`);
  const o = parsed.options;
  const d = DEFAULT_OPTIONS;
  const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
  const folder = (v: unknown, fallback: NamedFolder): NamedFolder =>
    isRecord(v) ? { label: str(v.label, fallback.label), developerName: str(v.developerName, fallback.developerName) } : fallback;
  const runningUser: RunningUser =
    isRecord(o.runningUser) && o.runningUser.kind === 'user' ? { kind: 'user', username: str(o.runningUser.username, '') } : { kind: 'dynamic' };
  return validOptions({
    reportFolder: folder(o.reportFolder, d.reportFolder),
    dashboardFolder: folder(o.dashboardFolder, d.dashboardFolder),
    dashboardTitle: str(o.dashboardTitle, d.dashboardTitle),
    dashboardDeveloperName: str(o.dashboardDeveloperName, d.dashboardDeveloperName),
    reportPrefix: str(o.reportPrefix, d.reportPrefix),
    homePageDeveloperName: str(o.homePageDeveloperName, d.homePageDeveloperName),
    homePageLabel: str(o.homePageLabel, d.homePageLabel),
    app: str(o.app, d.app),
    profile: str(o.profile, d.profile),
    runningUser,
    includeSandboxes: typeof o.includeSandboxes === 'boolean' ? o.includeSandboxes : d.includeSandboxes,
    churn: o.churn === 'history' ? 'history' : o.churn === 'approximation' ? 'approximation' : d.churn,
    churnDays: typeof o.churnDays === 'number' ? o.churnDays : d.churnDays,
  });
}
