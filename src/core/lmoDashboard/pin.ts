/**
 * Pinning the generated Home page for the executives (docs/salesforce/lmo-dashboard.md#pin): one
 * `profileActionOverrides` entry in the app's CustomApplication metadata, added to what the org
 * has (every other setting of the app as it was read), and undone by putting back what that entry
 * replaced. Pure: the data layer reads the app, the profile and the page, and writes.
 */

/** A Home page assignment as CustomApplication metadata carries it (ProfileActionOverride, API 45.0+). */
export type HomeAssignment = {
  readonly actionName: 'Tab';
  readonly content: string;
  readonly formFactor: 'Large';
  readonly pageOrSobjectType: 'standard-home';
  readonly recordType: null;
  readonly type: 'Flexipage';
  readonly profile: string;
};

type Override = Readonly<Record<string, unknown>>;

export function homeAssignment(page: string, profileFullName: string): HomeAssignment {
  return {
    actionName: 'Tab',
    content: page,
    formFactor: 'Large',
    pageOrSobjectType: 'standard-home',
    recordType: null,
    type: 'Flexipage',
    profile: profileFullName,
  };
}

const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/** The app's overrides as read (none when the metadata has no list). */
export function overridesOf(metadata: unknown): Override[] {
  const list = (metadata as { profileActionOverrides?: unknown } | null | undefined)?.profileActionOverrides;
  return Array.isArray(list) ? list.filter((x): x is Override => typeof x === 'object' && x !== null) : [];
}

/** Whether an override is the desktop Home page assignment for a profile (known by its full name or its label). */
export function isHomeSlotOf(x: Override, profileNames: readonly string[]): boolean {
  return (
    same(x.pageOrSobjectType, 'standard-home') &&
    (x.formFactor === undefined || x.formFactor === null || same(x.formFactor, 'Large')) &&
    profileNames.some((name) => same(x.profile, name))
  );
}

/** Whether an override puts this page on that slot. */
export function assignsPage(x: Override, page: string, profileNames: readonly string[]): boolean {
  return isHomeSlotOf(x, profileNames) && same(x.actionName, 'Tab') && same(x.type, 'Flexipage') && same(x.content, page);
}

export type PinPlan =
  /** The page is already the profile's Home page in this app: nothing to write. */
  | { readonly kind: 'already' }
  /** Write `metadata`: the app as read, with the assignment in the profile's Home slot (replacing `replaces`, if any). */
  | { readonly kind: 'assign'; readonly assignment: HomeAssignment; readonly replaces: Override | undefined; readonly metadata: Record<string, unknown> };

/** What to write to assign the page for the profile, keeping every other part of the app's metadata as read. */
export function planPin(metadata: unknown, page: string, profile: { readonly fullName: string; readonly name: string }): PinPlan {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw new Error("The app's metadata could not be read.");
  const names = [profile.fullName, profile.name];
  const overrides = overridesOf(metadata);
  if (overrides.some((x) => assignsPage(x, page, names))) return { kind: 'already' };
  const replaces = overrides.find((x) => isHomeSlotOf(x, names));
  const assignment = homeAssignment(page, profile.fullName);
  const kept = overrides.filter((x) => x !== replaces);
  return { kind: 'assign', assignment, replaces, metadata: { ...(metadata as Record<string, unknown>), profileActionOverrides: [...kept, assignment] } };
}

/** A pin as the journal keeps it: enough to undo it, or to say why it cannot be. */
export interface PinRecord {
  readonly id: string;
  readonly at: string;
  /** The LMO's org id and label. */
  readonly orgId: string;
  readonly orgLabel: string;
  readonly appId: string;
  readonly app: string;
  readonly page: string;
  readonly profile: { readonly fullName: string; readonly name: string };
  /** What the profile's Home slot held before (undefined: nothing, the org default applied). */
  readonly replaced: Override | undefined;
}

export type UnpinPlan =
  /** Our assignment is gone already (someone changed or removed it): nothing is written. */
  { readonly kind: 'gone'; readonly now: Override | undefined } | { readonly kind: 'restore'; readonly metadata: Record<string, unknown> };

/** What to write to undo a pin: the slot back to what it held, only if it still holds our assignment. */
export function planUnpin(metadata: unknown, pin: PinRecord): UnpinPlan {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw new Error("The app's metadata could not be read.");
  const names = [pin.profile.fullName, pin.profile.name];
  const overrides = overridesOf(metadata);
  const ours = overrides.find((x) => assignsPage(x, pin.page, names));
  if (!ours) return { kind: 'gone', now: overrides.find((x) => isHomeSlotOf(x, names)) };
  const kept = overrides.filter((x) => x !== ours);
  return { kind: 'restore', metadata: { ...(metadata as Record<string, unknown>), profileActionOverrides: pin.replaced ? [...kept, pin.replaced] : kept } };
}

/** The Home page an override shows, in words. */
export function describeSlot(x: Override | undefined): string {
  return x && typeof x.content === 'string' ? `the Lightning page ${x.content}` : "the org's default Home page";
}
