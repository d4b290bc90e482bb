/**
 * Pinning the Home page in an LMO (docs/salesforce/lmo-dashboard.md#pin): reads the app's
 * CustomApplication metadata, the profile and the page through the Tooling API, writes the app back
 * with one assignment added (`PATCH /tooling/sobjects/CustomApplication/{id}`, Metadata only) and
 * reads it again to check the org kept it. Undo writes the slot back the same way.
 * Costs: 4 queries to read, then 1 write and 1 query to read back.
 */
import { type PinPlan, type PinRecord, type UnpinPlan, assignsPage, planPin, planUnpin } from '../../core/lmoDashboard/pin';
import { type LmoDashboardOptions } from '../../core/lmoDashboard/options';
import { LmoError, isLmoError } from '../org/errors';
import { type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { soql } from '../org/soql';

export interface PinTarget {
  /** `label`: the app's name as people see it (its metadata's label), else its full name. */
  readonly app: { readonly id: string; readonly fullName: string; readonly label: string; readonly metadata: unknown };
  readonly profile: { readonly id: string; readonly fullName: string; readonly name: string };
  readonly page: string;
}

/** Why a pin cannot be planned: each a sentence; nothing was written. */
export class PinRefused extends Error {
  override readonly name = 'PinRefused';
  constructor(readonly problems: readonly string[]) {
    super(problems.join(' '));
  }
}

/** `standard__LightningSales` → its Tooling developer name and namespace. */
function appName(app: string): { namespace: string | undefined; developerName: string } {
  const i = app.indexOf('__');
  return i < 0 ? { namespace: undefined, developerName: app } : { namespace: app.slice(0, i), developerName: app.slice(i + 2) };
}

const tooling = (options: CallOptions) => ({ ...options, tooling: true });

/** Errors after which the org's answer is unknown or another call would fail the same way: thrown, not reported as a refusal. */
const FATAL = new Set(['sessionExpired', 'apiLimit', 'network', 'cancelled', 'timeout', 'serverError', 'badResponse']);

/** The org's refusal of a write, in its words; anything else is thrown. */
function refusal(err: unknown): { readonly kind: 'refused'; readonly message: string } {
  if (isLmoError(err) && !FATAL.has(err.kind))
    return { kind: 'refused', message: err.errorCode && !err.message.includes(err.errorCode) ? `${err.errorCode}: ${err.message}` : err.message };
  throw err;
}

/** Reads the app (with its metadata), the profile (with its metadata full name) and the Home page, or says what is missing. */
export async function readPinTarget(client: OrgClient, o: LmoDashboardOptions, options: CallOptions = {}): Promise<PinTarget> {
  const { namespace, developerName } = appName(o.app);
  // The app by developer name and namespace (a write must not land on a namesake in another namespace);
  // then its Metadata by Id: Metadata and FullName come back only from a one-row query (Tooling API: CustomApplication, Profile).
  const [candidates, profiles, pages] = await Promise.all([
    client.query<Record<string, unknown>>(
      soql`SELECT Id, DeveloperName, NamespacePrefix FROM CustomApplication WHERE DeveloperName = ${developerName}`,
      tooling(options),
    ),
    client.query<Record<string, unknown>>(soql`SELECT Id, Name, FullName FROM Profile WHERE Name = ${o.profile} LIMIT 1`, tooling(options)),
    client.query<Record<string, unknown>>(
      soql`SELECT Id, DeveloperName, Type FROM FlexiPage WHERE DeveloperName = ${o.homePageDeveloperName}`,
      tooling(options),
    ),
  ]);
  const matching = candidates.records.filter((r) => String(r.NamespacePrefix ?? '').toLowerCase() === (namespace ?? '').toLowerCase());
  const app =
    matching.length === 1
      ? (
          await client.query<Record<string, unknown>>(
            soql`SELECT Id, Metadata FROM CustomApplication WHERE Id = ${String(matching[0].Id)} LIMIT 1`,
            tooling(options),
          )
        ).records[0]
      : undefined;
  const problems: string[] = [];
  const profile = profiles.records[0];
  const page = pages.records[0];
  if (!app)
    problems.push(
      candidates.records.length && !matching.length
        ? `No app ${o.app} in this org (an app ${developerName} is there in ${candidates.records.map((r) => (r.NamespacePrefix ? `the namespace ${String(r.NamespacePrefix)}` : 'no namespace')).join(', ')}).`
        : `No app ${o.app} in this org.`,
    );
  else if (typeof app.Metadata !== 'object' || app.Metadata === null) problems.push(`The app ${o.app}'s metadata could not be read.`);
  if (!profile) problems.push(`No profile named "${o.profile}" in this org.`);
  else if (typeof profile.FullName !== 'string' || !profile.FullName) problems.push(`The profile "${o.profile}" has no metadata name.`);
  if (!page) problems.push(`The Home page ${o.homePageDeveloperName} is not in this org: deploy the dashboard first.`);
  else if (page.Type !== 'HomePage') problems.push(`${o.homePageDeveloperName} is a ${String(page.Type)}, not a Home page.`);
  if (problems.length) throw new PinRefused(problems);
  return {
    app: { id: String(app!.Id), fullName: o.app, label: appLabel(app!.Metadata, o.app), metadata: app!.Metadata },
    profile: { id: String(profile!.Id), fullName: String(profile!.FullName), name: String(profile!.Name) },
    page: String(page!.DeveloperName),
  };
}

function appLabel(metadata: unknown, fallback: string): string {
  const label = (metadata as { label?: unknown }).label;
  return typeof label === 'string' && label.trim() ? label : fallback;
}

/** The journal's record of a pin about to be written: what undo needs. */
export function pinRecord(client: OrgClient, target: PinTarget, plan: PinPlan & { kind: 'assign' }, id: string, at = new Date()): PinRecord {
  return {
    id,
    at: at.toISOString(),
    orgId: client.target.orgId ?? '',
    orgLabel: client.target.label,
    appId: target.app.id,
    app: target.app.fullName,
    page: target.page,
    profile: { fullName: target.profile.fullName, name: target.profile.name },
    replaced: plan.replaces,
  };
}

/** What pinning would write in this org (nothing is written). */
export async function planPinIn(
  client: OrgClient,
  o: LmoDashboardOptions,
  options: CallOptions = {},
): Promise<{ readonly target: PinTarget; readonly plan: PinPlan }> {
  const target = await readPinTarget(client, o, options);
  return { target, plan: planPin(target.app.metadata, target.page, target.profile) };
}

/** Writes the app's metadata (Metadata only: FullName is create-only). */
async function writeApp(client: OrgClient, appId: string, metadata: Record<string, unknown>, options: CallOptions): Promise<void> {
  if (!/^02u[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(appId)) throw new LmoError('badResponse', `${appId} is not an app id.`, appId);
  await client.request('PATCH', `/tooling/sobjects/CustomApplication/${appId}`, { Metadata: metadata }, options);
}

/** The app's metadata as the org has it now. */
async function readAppMetadata(client: OrgClient, appId: string, options: CallOptions): Promise<unknown> {
  const { records } = await client.query<{ Metadata?: unknown }>(
    soql`SELECT Id, Metadata FROM CustomApplication WHERE Id = ${appId} LIMIT 1`,
    tooling(options),
  );
  return records[0]?.Metadata;
}

export type PinOutcome =
  | { readonly kind: 'pinned'; readonly verified: boolean }
  /** The org refused the write: its words; nothing changed. */
  | { readonly kind: 'refused'; readonly message: string };

/**
 * Writes a planned pin and reads the app back: `verified` says the org kept the assignment. The caller
 * journals the pin before this is called (the write may land even if the answer is lost).
 */
export async function applyPin(client: OrgClient, target: PinTarget, plan: PinPlan & { kind: 'assign' }, options: CallOptions = {}): Promise<PinOutcome> {
  try {
    await writeApp(client, target.app.id, plan.metadata, options);
  } catch (err) {
    return refusal(err);
  }
  const after = await readAppMetadata(client, target.app.id, options);
  const names = [target.profile.fullName, target.profile.name];
  const list = (after as { profileActionOverrides?: unknown } | undefined)?.profileActionOverrides;
  const verified = Array.isArray(list) && list.some((x: Record<string, unknown>) => assignsPage(x, target.page, names));
  return { kind: 'pinned', verified };
}

export type UnpinOutcome =
  | { readonly kind: 'gone'; readonly plan: UnpinPlan & { kind: 'gone' } }
  | { readonly kind: 'restored'; readonly verified: boolean }
  | { readonly kind: 'refused'; readonly message: string };

/** Undoes a journaled pin: only while the slot still holds our page; then reads the app back. */
export async function undoPin(client: OrgClient, pin: PinRecord, options: CallOptions = {}): Promise<UnpinOutcome> {
  const plan = planUnpin(await readAppMetadata(client, pin.appId, options), pin);
  if (plan.kind === 'gone') return { kind: 'gone', plan };
  try {
    await writeApp(client, pin.appId, plan.metadata, options);
  } catch (err) {
    return refusal(err);
  }
  const again = planUnpin(await readAppMetadata(client, pin.appId, options), pin);
  return { kind: 'restored', verified: again.kind === 'gone' };
}
