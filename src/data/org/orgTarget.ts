/** Which org a connection talks to, for display and for error messages. Never holds a token. */
import { shellCommand, shellFor } from '../../core/shellQuote';
export interface OrgTarget {
  /** Where the credentials came from: the Salesforce CLI's auth store, or the embedded demo. */
  readonly source: 'cli' | 'demo';
  /** Alias, else username. */
  readonly label: string;
  readonly username: string;
  readonly alias: string | undefined;
  /** The org's instance URL, once known (undefined before a connection opened). */
  readonly instanceUrl: string | undefined;
  /** 18-character org id, once known. */
  readonly orgId: string | undefined;
  /** What the user runs to get a fresh session. */
  readonly reloginHint: string;
}

/** An org the Salesforce CLI has authenticated. */
export interface CliOrg {
  readonly username: string;
  readonly aliases: readonly string[];
  readonly instanceUrl: string | undefined;
  readonly orgId: string | undefined;
  readonly isSandbox: boolean;
  readonly isScratchOrg: boolean;
  readonly isDevHub: boolean;
  /** The CLI config keys naming this org (e.g. target-org). */
  readonly configs: readonly string[];
  readonly isExpired: boolean | 'unknown';
  /** Why the CLI cannot use the stored auth, if it cannot. */
  readonly error: string | undefined;
}

/** The command that logs in again, every argument quoted for the user's shell (the alias may come from a project file). */
export function cliReloginHint(alias: string | undefined, username: string, instanceUrl: string | undefined, platform: string = process.platform): string {
  return shellCommand(['sf', 'org', 'login', 'web', '--alias', alias ?? username, ...(instanceUrl ? ['--instance-url', instanceUrl] : [])], shellFor(platform));
}

/** The target of an org known only by the name the user gave (before a connection opened). */
export function namedTarget(aliasOrUsername: string, source: OrgTarget['source'] = 'cli'): OrgTarget {
  return {
    source,
    label: aliasOrUsername,
    username: aliasOrUsername,
    alias: undefined,
    instanceUrl: undefined,
    orgId: undefined,
    reloginHint: cliReloginHint(aliasOrUsername, aliasOrUsername, undefined),
  };
}

/** "the org at https://…", or the label when the URL is not known yet. */
export function describeWhere(target: OrgTarget): string {
  return target.instanceUrl ? `${target.label} at ${target.instanceUrl}` : target.label;
}
