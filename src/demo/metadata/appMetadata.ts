/**
 * The checks of a CustomApplication `Metadata` value written through Tooling (PATCH
 * tooling/sobjects/CustomApplication/{id}): the Metadata API type's documented fields, and each
 * profileActionOverride's rules (docs/demo.md#home-page-assignments). Everything is checked
 * before anything is written; the first fault is the answer.
 */
import { ApiError } from '../apiError';
import { type FlexiPageEntry } from './registry';
import { type ProfileEntry } from './profiles';

type Kind = 'string' | 'boolean' | 'array' | 'object' | 'null';

/**
 * CustomApplication's fields in the Metadata API (with `fullName` from Metadata), and `urls`, which
 * Tooling's Metadata JSON carries as null ([3P]).
 */
const APP_FIELDS: Readonly<Record<string, Kind>> = {
  fullName: 'string',
  actionOverrides: 'array',
  brand: 'object',
  consoleConfig: 'object',
  defaultLandingTab: 'string',
  description: 'string',
  formFactors: 'array',
  isNavAutoTempTabsDisabled: 'boolean',
  isNavPersonalizationDisabled: 'boolean',
  isNavTabPersistenceDisabled: 'boolean',
  isServiceCloudConsole: 'boolean',
  label: 'string',
  logo: 'string',
  navType: 'string',
  preferences: 'object',
  profileActionOverrides: 'array',
  setupExperience: 'string',
  subscriberTabs: 'array',
  tabs: 'array',
  uiType: 'string',
  utilityBar: 'string',
  workspaceConfig: 'object',
  urls: 'null',
};

const OVERRIDE_FIELDS = ['actionName', 'content', 'formFactor', 'pageOrSobjectType', 'recordType', 'type', 'profile'] as const;

export interface StoredOverride {
  readonly actionName: string;
  readonly content: string;
  readonly formFactor: string;
  readonly pageOrSobjectType: string;
  readonly recordType: string | null;
  readonly type: string;
  readonly profile: string;
}

export interface AppMetadataContext {
  /** The app's own full name (`standard__LightningSales`). */
  readonly appFullName: string;
  flexiPages(): readonly FlexiPageEntry[];
  profileByFullName(fullName: string): ProfileEntry | undefined;
  profileByName(name: string): ProfileEntry | undefined;
  /** Whether `Object.DeveloperName` names a record type of the org. */
  recordTypeExists(name: string): boolean;
}

const parserError = (message: string) => new ApiError(400, 'JSON_PARSER_ERROR', message);
const integrity = (message: string) => new ApiError(400, 'FIELD_INTEGRITY_EXCEPTION', message, ['Metadata']);

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value === 'boolean' ? 'boolean' : 'string';
}

function checkKind(where: string, value: unknown, kind: Kind): void {
  if (value === null || value === undefined) return;
  const actual = kindOf(value);
  if (actual !== kind || (kind === 'string' && typeof value !== 'string'))
    throw parserError(
      `Cannot deserialize ${where}: expected ${kind === 'null' ? 'null' : `a ${kind}`}, got ${typeof value === 'object' ? actual : 'a ' + typeof value}`,
    );
}

/** The Metadata to store: the value as given, its fullName the app's, each override's profile and page their canonical names. */
export function checkAppMetadata(value: unknown, ctx: AppMetadataContext): Record<string, unknown> {
  if (value === null) throw integrity("Metadata: an existing app's metadata cannot be set to null.");
  if (typeof value !== 'object' || Array.isArray(value)) throw parserError('Cannot deserialize Metadata: expected a CustomApplication object');
  const metadata = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(metadata)) {
    const kind = APP_FIELDS[key];
    if (!kind) throw parserError(`Unrecognized field "${key}" in CustomApplication, not marked as ignorable`);
    checkKind(key, v, kind);
  }
  const fullName = metadata.fullName;
  if (typeof fullName === 'string' && fullName.toLowerCase() !== ctx.appFullName.toLowerCase())
    throw integrity(`Metadata.fullName: ${fullName} is not this app's full name (${ctx.appFullName}); an app cannot be renamed through its Metadata.`);
  const overrides = ((metadata.profileActionOverrides as unknown[] | null | undefined) ?? []).map((o, i) => checkOverride(o, i, ctx));
  const seen = new Map<string, number>();
  overrides.forEach((o, i) => {
    const key = [o.pageOrSobjectType, o.formFactor, o.profile.toLowerCase(), (o.recordType ?? '').toLowerCase()].join('|');
    const first = seen.get(key);
    if (first !== undefined)
      throw new ApiError(
        400,
        'DUPLICATE_VALUE',
        `profileActionOverrides[${i}] duplicates profileActionOverrides[${first}]: one ${o.pageOrSobjectType} page per profile (${o.profile}), form factor${o.recordType ? ' and record type' : ''}.`,
        ['Metadata'],
      );
    seen.set(key, i);
  });
  return { ...metadata, fullName: ctx.appFullName, profileActionOverrides: overrides };
}

function checkOverride(value: unknown, i: number, ctx: AppMetadataContext): StoredOverride {
  const at = `profileActionOverrides[${i}]`;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw parserError(`Cannot deserialize ${at}: expected a ProfileActionOverride object`);
  const o = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(o)) {
    if (!(OVERRIDE_FIELDS as readonly string[]).includes(key))
      throw parserError(`Unrecognized field "${key}" in ProfileActionOverride, not marked as ignorable`);
    checkKind(`${at}.${key}`, v, 'string');
  }
  const text = (key: (typeof OVERRIDE_FIELDS)[number]) => (typeof o[key] === 'string' && o[key] !== '' ? (o[key] as string) : undefined);
  const page = text('pageOrSobjectType');
  if (page !== 'standard-home' && page !== 'record-home')
    throw integrity(`${at}.pageOrSobjectType: must be standard-home or record-home, not ${page ?? 'empty'}.`);
  const home = page === 'standard-home';
  const wantedAction = home ? 'Tab' : 'View';
  if (text('actionName') !== wantedAction)
    throw integrity(`${at}.actionName: must be ${wantedAction} when pageOrSobjectType is ${page}, not ${text('actionName') ?? 'empty'}.`);
  const recordType = text('recordType');
  if (home && recordType !== undefined) throw integrity(`${at}.recordType: must be null when pageOrSobjectType is standard-home.`);
  if (!home && recordType === undefined) throw integrity(`${at}.recordType: is required when actionName is View (record-home).`);
  if (recordType !== undefined && !ctx.recordTypeExists(recordType))
    throw integrity(`${at}.recordType: no record type ${recordType} (Object.DeveloperName) in this org.`);
  if (text('formFactor') !== 'Large') throw integrity(`${at}.formFactor: only Large is supported, not ${text('formFactor') ?? 'empty'}.`);
  if (text('type') !== 'Flexipage') throw integrity(`${at}.type: only Flexipage is supported, not ${text('type') ?? 'empty'}.`);
  const contentName = text('content');
  if (contentName === undefined) throw integrity(`${at}.content: the Lightning page's name is required.`);
  const flexi = ctx.flexiPages().find((p) => p.developerName.toLowerCase() === contentName.toLowerCase());
  if (!flexi) throw integrity(`${at}.content: no Lightning page named ${contentName} in this org.`);
  const wantedType = home ? 'HomePage' : 'RecordPage';
  if (flexi.type !== wantedType) throw integrity(`${at}.content: ${flexi.developerName} is a ${flexi.type}; ${page} takes a ${wantedType}.`);
  const profileName = text('profile');
  if (profileName === undefined) throw integrity(`${at}.profile: the profile's full name is required.`);
  const profile = ctx.profileByFullName(profileName);
  if (!profile) {
    const byLabel = ctx.profileByName(profileName);
    throw integrity(
      byLabel
        ? `${at}.profile: ${profileName} is the profile's name, not its full name: use ${byLabel.fullName}.`
        : `${at}.profile: no profile with the full name ${profileName} in this org.`,
    );
  }
  return {
    actionName: wantedAction,
    content: flexi.developerName,
    formFactor: 'Large',
    pageOrSobjectType: page,
    recordType: recordType ?? null,
    type: 'Flexipage',
    profile: profile.fullName,
  };
}
