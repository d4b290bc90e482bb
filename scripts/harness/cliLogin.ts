import { existsSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Stores an org in the Salesforce CLI's auth store under an alias, the way
 * `sf org login access-token` does, through @salesforce/core's real AuthInfo path — with the
 * instance URL's trailing slash, as the real CLI stores it. HOME must already point where the
 * store should be (tests and the benchmark use a throw-away one). Reads the store back and
 * throws if it does not hold this login.
 */
export function storeCliLogin(instanceUrl: string, accessToken: string, alias: string): Promise<void> {
  // One login at a time, as a user types them: two in flight in one process would share core's
  // in-memory store and race for the alias file's lock.
  const stored = inLine.then(() => store(instanceUrl, accessToken, alias));
  inLine = stored.catch(() => undefined);
  return stored;
}

let inLine: Promise<unknown> = Promise.resolve();

async function store(instanceUrl: string, accessToken: string, alias: string): Promise<void> {
  const { AuthInfo, StateAggregator, ConfigAggregator, Global } = await import('@salesforce/core');
  // The real CLI is a fresh process per login. This harness logs in many times from one
  // long-lived process, and core merges each write with the file on disk by last writer wins:
  // the file's entries are dated by its mtime (the wall clock), ours by performance.timeOrigin +
  // performance.now() — a clock that falls behind the wall clock when the machine is paused and
  // resumed, or while NTP slews it. Once it is behind, a login that rebinds an alias or a username
  // to another org loses to the older file and the store silently keeps the previous org. Dating
  // the store's files in the past makes this login newer than anything already stored, as it is.
  backdateAuthStore(Global.SFDX_DIR);
  StateAggregator.clearInstance();
  await ConfigAggregator.clearInstance();
  const url = new URL(instanceUrl).href;
  const auth = await AuthInfo.create({ accessTokenOptions: { accessToken, instanceUrl: url, loginUrl: url } });
  await auth.save();
  await auth.handleAliasAndDefaultSettings({ alias, setDefault: false, setDefaultDevHub: false });
  StateAggregator.clearInstance();
  await verifyStored(alias, url, accessToken);
}

const A_DAY_MS = 24 * 60 * 60 * 1000;

function backdateAuthStore(dir: string): void {
  if (!existsSync(dir)) return;
  const past = new Date(Date.now() - A_DAY_MS);
  for (const name of readdirSync(dir)) if (name.endsWith('.json')) utimesSync(join(dir, name), past, past);
}

/** The store as a new process would read it: the alias names a username whose auth has this URL and token. */
async function verifyStored(alias: string, instanceUrl: string, accessToken: string): Promise<void> {
  const { AuthInfo, StateAggregator } = await import('@salesforce/core');
  let fields;
  try {
    const state = await StateAggregator.getInstance();
    const username = state.aliases.getUsername(alias);
    if (!username) throw new Error(`The CLI auth store has no alias "${alias}" after the login was stored.`);
    fields = (await AuthInfo.create({ username })).getFields(true);
  } finally {
    StateAggregator.clearInstance();
  }
  if (fields.instanceUrl !== instanceUrl || fields.accessToken !== accessToken)
    throw new Error(`The CLI auth store kept another org for "${alias}" (${String(fields.instanceUrl)}), not ${instanceUrl}.`);
}
