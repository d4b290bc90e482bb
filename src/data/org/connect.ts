/**
 * Opening an org, the same way for the editor and the command line. The Salesforce stack
 * (@salesforce/core, jsforce) is loaded here, lazily, the first time an org is needed; nothing
 * on the activation path loads it.
 */
import { looksLikeSessionId } from '../../core/displayText';
import { LmoError, toLmoError, usageError } from './errors';
import { OrgClient, OrgClientOptions } from './orgClient';
import { CliOrg, namedTarget } from './orgTarget';

type SalesforceStack = typeof import('./salesforceStack');
let stack: Promise<SalesforceStack> | undefined;

/**
 * Loads the separately bundled Salesforce stack once. A plain require (not import()) so that the
 * bundle's sibling file is loaded as CommonJS with its named exports.
 */
export function salesforceStack(): Promise<SalesforceStack> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
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
  return !!v && (v.kind === 'demo' || (v.kind === 'cli' && typeof v.aliasOrUsername === 'string' && v.aliasOrUsername.length > 0 && !looksLikeSessionId(v.aliasOrUsername)));
}

/** A running demo org: where it listens and how to get a session (a fresh one per connection, as a login gives). */
export interface DemoEndpoint {
  readonly url: string;
  readonly username: string;
  readonly label: string;
  issueAccessToken(): Promise<string>;
}

export interface OpenOptions extends OrgClientOptions {
  /** Starts (or returns) the demo, for `{ kind: 'demo' }`. */
  readonly demo?: () => Promise<DemoEndpoint>;
}

/** Opens the chosen org. Failures leave as LmoErrors that say what to do. */
export async function openOrg(choice: OrgChoice, options: OpenOptions = {}): Promise<OrgClient> {
  if (choice.kind === 'demo') {
    if (!options.demo) throw usageError('The demo is not available here.');
    const demo = await options.demo();
    const sf = await salesforceStack();
    const connection = await sf.connectWithAccessToken({ instanceUrl: demo.url, accessToken: await demo.issueAccessToken() });
    return new OrgClient(connection, { source: 'demo', label: demo.label, username: demo.username, alias: undefined, instanceUrl: demo.url, orgId: undefined, reloginHint: `connect to ${demo.label} again` }, options);
  }
  const name = choice.aliasOrUsername.trim();
  // A token typed where an alias belongs must never be echoed back or looked up.
  if (looksLikeSessionId(name)) throw usageError('That looks like an access token, not an org alias or username. Log in with the Salesforce CLI (sf org login web --alias my-lmo) and pass the alias.');
  const sf = await salesforceStack();
  try {
    const { connection, target } = await sf.connectCliOrg(name);
    return new OrgClient(connection, target, options);
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e.name === 'NamedOrgNotFoundError' || e.name === 'NoAuthInfoFound' || /No authorization information found/i.test(e.message ?? '')) {
      throw new LmoError('sessionExpired', `The Salesforce CLI has no login for "${name}". Log in with: sf org login web --alias ${name}`, `${e.name}: ${e.message}`, e.name);
    }
    throw toLmoError(err, namedTarget(name));
  }
}

export async function listCliOrgs(): Promise<CliOrg[]> {
  return (await salesforceStack()).listCliOrgs();
}

/** The project's target-org and target-dev-hub, as the Salesforce CLI resolves them there. */
export async function resolveProjectOrgs(projectPath: string | undefined): Promise<{ targetOrg: string | undefined; targetDevHub: string | undefined }> {
  return (await salesforceStack()).resolveProjectOrgs(projectPath);
}
