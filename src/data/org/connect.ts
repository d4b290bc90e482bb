/**
 * Opening an org, the same way for the editor and the command line. The data layer and the
 * Salesforce stack under it (@salesforce/core, jsforce) are one bundle, loaded here lazily the
 * first time an org is needed; nothing on the activation path loads them.
 */
import { looksLikeSessionId } from '../../core/displayText';
import type { OrgClient, OrgClientOptions } from './orgClient';
import type { CliOrg } from './orgTarget';

type SalesforceStack = typeof import('./salesforceStack');
let stack: Promise<SalesforceStack> | undefined;

/**
 * Loads the separately bundled Salesforce stack once. A plain require (not import()) so that the
 * bundle's sibling file is loaded as CommonJS with its named exports.
 */
export function salesforceStack(): Promise<SalesforceStack> {
  stack ??= Promise.resolve().then(() => require('./salesforceStack') as SalesforceStack);
  return stack;
}

/** Whether the Salesforce stack has been asked for yet (activation must leave this false). */
export function isSalesforceStackRequested(): boolean {
  return stack !== undefined;
}

/** Which org: one the Salesforce CLI knows (alias or username), or the embedded demo. */
export type OrgChoice = { readonly kind: 'cli'; readonly aliasOrUsername: string } | { readonly kind: 'demo' };

export function describeChoice(choice: OrgChoice, demoName = 'the demo LMO'): string {
  return choice.kind === 'demo' ? demoName : choice.aliasOrUsername;
}

export function isOrgChoice(value: unknown): value is OrgChoice {
  const v = value as OrgChoice | undefined;
  return (
    !!v &&
    (v.kind === 'demo' || (v.kind === 'cli' && typeof v.aliasOrUsername === 'string' && v.aliasOrUsername.length > 0 && !looksLikeSessionId(v.aliasOrUsername)))
  );
}

/** A running demo org: where it listens and how to get a session (a fresh one per connection, as a login gives). */
export interface DemoEndpoint {
  readonly url: string;
  readonly username: string;
  readonly label: string;
  /** The demo org's id, when known (journals name the org a change was made in). */
  readonly orgId?: string;
  issueAccessToken(): Promise<string>;
}

export interface OpenOptions extends OrgClientOptions {
  /** Starts (or returns) the demo, for `{ kind: 'demo' }`. */
  readonly demo?: () => Promise<DemoEndpoint>;
}

/** Opens the chosen org (in the lazily loaded data layer). Failures leave as LmoErrors that say what to do. */
export async function openOrg(choice: OrgChoice, options: OpenOptions = {}): Promise<OrgClient> {
  return (await salesforceStack()).openOrg(choice, options);
}

export async function listCliOrgs(): Promise<CliOrg[]> {
  return (await salesforceStack()).listCliOrgs();
}

/** The project's target-org and target-dev-hub, as the Salesforce CLI resolves them there. */
export async function resolveProjectOrgs(projectPath: string | undefined): Promise<{ targetOrg: string | undefined; targetDevHub: string | undefined }> {
  return (await salesforceStack()).resolveProjectOrgs(projectPath);
}
