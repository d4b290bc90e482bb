/**
 * The org's Lightning apps (Tooling CustomApplication) and the Home page assignments a person makes
 * in Lightning App Builder (Activation → assign to apps and profiles), kept as the app's
 * `profileActionOverrides` as the Metadata API describes them
 * (docs/salesforce/lmo-dashboard.md#verify). The product never writes an app: a deploy of
 * CustomApplication replaces the whole app, so the assignment is handed to the person.
 */
import { sfDateTime } from '../time';
import { toId18 } from '../../core/orgId';
import { serialId15 } from '../random';
import { ApiError } from '../apiError';
import { type DemoStore } from '../store';
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
  constructor(private readonly ctx: { store: DemoStore; registry: MetadataRegistry; now(): number; userId(): string }) {
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
        Metadata: { fullName, label: app.label, navType: 'Standard', uiType: 'Lightning', formFactors: ['Large'], profileActionOverrides: [] },
      });
    });
  }

  /**
   * A person assigns a deployed Home page for an app and a profile, as Lightning App Builder's
   * Activation does; a second assignment for the same profile replaces the first.
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
    if (!profile.trim() || profile.length > 255) throw new ApiError(400, 'INVALID_FIELD', 'A profile name is needed.');
    const override: ProfileActionOverride = {
      actionName: 'Tab',
      content: flexi.developerName,
      formFactor: 'Large',
      pageOrSobjectType: 'standard-home',
      recordType: null,
      type: 'Flexipage',
      profile,
    };
    const metadata = row.Metadata as { profileActionOverrides: ProfileActionOverride[] };
    const others = metadata.profileActionOverrides.filter(
      (o) => !(o.pageOrSobjectType === 'standard-home' && o.profile.toLowerCase() === profile.toLowerCase()),
    );
    const stamp = sfDateTime(this.ctx.now());
    Object.assign(row, { Metadata: { ...metadata, profileActionOverrides: [...others, override] }, LastModifiedDate: stamp, SystemModstamp: stamp });
    return override;
  }
}
