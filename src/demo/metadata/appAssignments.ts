/**
 * The org's Lightning apps (Tooling CustomApplication) and their Home page assignments, kept as the
 * app's `profileActionOverrides` as the Metadata API describes them
 * (docs/salesforce/lmo-dashboard.md#verify): written by a Tooling PATCH of the app's Metadata
 * (`updateMetadata`, checked by appMetadata.ts) or by a person in Lightning App Builder
 * (Activation → assign to apps and profiles; `activateHomePage`). Both store the profile's full
 * name, as Salesforce does (docs/demo.md#home-page-assignments).
 */
import { sfDateTime } from '../time';
import { toId18 } from '../../core/orgId';
import { serialId15 } from '../random';
import { ApiError } from '../apiError';
import { type DemoStore } from '../store';
import { type DemoRecord } from '../schemaDsl';
import { type AppMetadataContext, checkAppMetadata } from './appMetadata';
import { type Profiles } from './profiles';
import { type MetadataRegistry } from './registry';
import { CUSTOM_APPLICATION } from './schema';

/** Standard Lightning apps every org has (namespace `standard`). */
const STANDARD_APPS: readonly { developerName: string; label: string }[] = [
  { developerName: 'LightningSales', label: 'Sales' },
  { developerName: 'LightningService', label: 'Service' },
  { developerName: 'AppLauncher', label: 'App Launcher' },
];

export interface ProfileActionOverride {
  readonly actionName: 'Tab';
  readonly content: string;
  readonly formFactor: 'Large';
  readonly pageOrSobjectType: 'standard-home';
  readonly recordType: null;
  readonly type: 'Flexipage';
  readonly profile: string;
}

export class AppAssignments {
  constructor(private readonly ctx: { store: DemoStore; registry: MetadataRegistry; profiles: Profiles; now(): number; userId(): string }) {
    const stamp = sfDateTime(ctx.now());
    const audit = {
      IsDeleted: false,
      CreatedDate: stamp,
      CreatedById: ctx.userId(),
      LastModifiedDate: stamp,
      LastModifiedById: ctx.userId(),
      SystemModstamp: stamp,
    };
    STANDARD_APPS.forEach((app, i) => {
      const fullName = `standard__${app.developerName}`;
      ctx.store.insert(CUSTOM_APPLICATION.name, {
        Id: toId18(serialId15(CUSTOM_APPLICATION.keyPrefix, 1_000 + i)),
        ...audit,
        DeveloperName: app.developerName,
        NamespacePrefix: 'standard',
        Label: app.label,
        Description: null,
        UiType: 'Lightning',
        FullName: fullName,
        Metadata: { fullName, label: app.label, navType: 'Standard', uiType: 'Lightning', formFactors: ['Large'], profileActionOverrides: [] },
      });
    });
  }

  /** An app's row by its 15- or 18-character id, or undefined. */
  byId(id: string): DemoRecord | undefined {
    const row = this.ctx.store.lookup(id);
    return row && this.ctx.store.objectOf(id) === CUSTOM_APPLICATION.name && row.IsDeleted !== true ? row : undefined;
  }

  /**
   * PATCH tooling/sobjects/CustomApplication/{id} with `{ Metadata }`: checked whole, then the
   * app's Metadata replaced and its audit fields bumped (nothing written on a refusal).
   */
  updateMetadata(row: DemoRecord, metadata: unknown): void {
    const appFullName = String(row.FullName);
    const stored = checkAppMetadata(metadata, this.metadataContext(appFullName));
    this.write(row, stored);
  }

  /**
   * A person assigns a deployed Home page for an app and a profile (its name or full name), as
   * Lightning App Builder's Activation does; a second assignment for the same profile replaces the
   * first. The profile is stored by its full name, as in the app's metadata.
   */
  activateHomePage(app: string, profile: string, page: string): ProfileActionOverride {
    const row = this.ctx.store
      .rows(CUSTOM_APPLICATION.name)
      .find(
        (r) =>
          `${String(r.NamespacePrefix ?? '')}__${String(r.DeveloperName)}`.toLowerCase() === app.toLowerCase() ||
          String(r.DeveloperName).toLowerCase() === app.toLowerCase(),
      );
    if (!row) throw new ApiError(400, 'INVALID_FIELD', `No app named ${app} in this org.`);
    const flexi = this.ctx.registry.flexiPages().find((p) => p.developerName.toLowerCase() === page.toLowerCase());
    if (!flexi) throw new ApiError(400, 'INVALID_FIELD', `No Lightning page named ${page}: deploy it first.`);
    if (flexi.type !== 'HomePage') throw new ApiError(400, 'INVALID_FIELD', `${page} is a ${flexi.type}, not a Home page.`);
    const found = this.ctx.profiles.byFullName(profile) ?? this.ctx.profiles.byName(profile);
    if (!found) throw new ApiError(400, 'INVALID_FIELD', `No profile named ${profile} in this org.`);
    const override: ProfileActionOverride = {
      actionName: 'Tab',
      content: flexi.developerName,
      formFactor: 'Large',
      pageOrSobjectType: 'standard-home',
      recordType: null,
      type: 'Flexipage',
      profile: found.fullName,
    };
    const metadata = row.Metadata as { profileActionOverrides: ProfileActionOverride[] };
    const others = metadata.profileActionOverrides.filter(
      (o) => !(o.pageOrSobjectType === 'standard-home' && o.profile.toLowerCase() === found.fullName.toLowerCase()),
    );
    this.write(row, { ...metadata, profileActionOverrides: [...others, override] });
    return override;
  }

  private write(row: DemoRecord, metadata: Record<string, unknown>): void {
    this.ctx.store.touch(row);
    const stamp = sfDateTime(this.ctx.now());
    Object.assign(row, { Metadata: metadata, LastModifiedDate: stamp, LastModifiedById: this.ctx.userId(), SystemModstamp: stamp });
  }

  private metadataContext(appFullName: string): AppMetadataContext {
    const { registry, profiles, store } = this.ctx;
    return {
      appFullName,
      flexiPages: () => registry.flexiPages(),
      profileByFullName: (name) => profiles.byFullName(name),
      profileByName: (name) => profiles.byName(name),
      recordTypeExists: (name) =>
        store.rows('RecordType').some((r) => `${String(r.SobjectType)}.${String(r.DeveloperName)}`.toLowerCase() === name.toLowerCase()),
    };
  }
}
