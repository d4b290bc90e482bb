/**
 * The reports, dashboards, folders and Lightning pages the org holds: what deploys write, and what
 * other demo code (the Analytics REST API) reads. Each is a row of its object in the store (Report,
 * Dashboard, Folder; Tooling FlexiPage), so SOQL sees it, with the deployed XML kept beside it.
 * Re-deploying a component updates its row in place: same Id, a later LastModifiedDate
 * (docs/salesforce/lmo-dashboard.md#deploy).
 */
import { toId18 } from '../../core/orgId';
import { serialId15 } from '../random';
import { type DemoRecord } from '../schemaDsl';
import { type DemoStore } from '../store';
import { sfDateTime } from '../time';
import { DASHBOARD, FLEXI_PAGE, FOLDER, REPORT } from './schema';
import { type XmlElement, childText } from './xml';

export type FolderType = 'Report' | 'Dashboard';

export interface FolderEntry {
  readonly id: string;
  readonly type: FolderType;
  readonly developerName: string;
  /** The folder's label (`<name>` in its metadata). */
  readonly name: string;
  readonly xml: string;
}

export interface ReportEntry {
  readonly id: string;
  readonly developerName: string;
  /** The developer name of the folder (the first part of the report's `Folder/Name`). */
  readonly folderName: string;
  /** The folder's label, what the Report object's FolderName field shows. */
  readonly folderLabel: string;
  /** The report's label (`<name>`). */
  readonly name: string;
  readonly format: string;
  readonly reportType: string;
  readonly description: string | null;
  readonly xml: string;
}

export interface DashboardEntry {
  readonly id: string;
  readonly developerName: string;
  readonly folderName: string;
  readonly folderLabel: string;
  readonly title: string;
  /** SpecifiedUser, LoggedInUser or MyTeamUser. */
  readonly type: string;
  readonly runningUserId: string;
  readonly xml: string;
}

export interface FlexiPageEntry {
  readonly id: string;
  readonly developerName: string;
  readonly masterLabel: string;
  readonly type: string;
  readonly xml: string;
}

/** A component a deploy applies, already checked. */
export interface AppliedComponent {
  readonly type: 'ReportFolder' | 'DashboardFolder' | 'Report' | 'Dashboard' | 'FlexiPage';
  /** `Folder`, `Folder/Name` or `Name`. */
  readonly fullName: string;
  readonly xml: string;
  readonly root: XmlElement;
}

export interface RegistryContext {
  readonly store: DemoStore;
  /** The org's id: the owner of the built-in folder of unfiled public reports. */
  readonly orgId: string;
  now(): number;
  userId(): string;
}

/** Every org's built-in report folder, "Unfiled Public Reports": no Folder row, its reports owned by the org (docs/salesforce/lmo-dashboard.md#deploy). */
export const UNFILED_PUBLIC = 'unfiled$public';

/** Serials above anything the generator uses, so deployed ids never meet generated ones. */
const FIRST_SERIAL = 70_000_000;

export class MetadataRegistry {
  private serial = FIRST_SERIAL;
  private readonly sourceById = new Map<string, { xml: string; root: XmlElement }>();

  constructor(private readonly ctx: RegistryContext) {}

  folders(type?: FolderType): FolderEntry[] {
    return this.rows(FOLDER.name)
      .filter((r) => type === undefined || r.Type === type)
      .map((r) => ({ id: r.Id, type: r.Type as FolderType, developerName: String(r.DeveloperName), name: String(r.Name), xml: this.xmlOf(r) }));
  }

  folder(type: FolderType, developerName: string): FolderEntry | undefined {
    if (type === 'Report' && developerName === UNFILED_PUBLIC) return { id: this.ctx.orgId, type, developerName, name: 'Public Reports', xml: '' };
    return this.folders(type).find((f) => f.developerName === developerName);
  }

  reports(): ReportEntry[] {
    return this.rows(REPORT.name).map((r) => this.reportEntry(r));
  }

  /** A report by its 15- or 18-character id. */
  reportById(id: string): ReportEntry | undefined {
    const row = this.rows(REPORT.name).find((r) => r.Id.slice(0, 15) === id.slice(0, 15));
    return row && this.reportEntry(row);
  }

  /** A report by its `Folder/Name`. */
  report(fullName: string): ReportEntry | undefined {
    return this.reports().find((r) => `${r.folderName}/${r.developerName}` === fullName);
  }

  dashboards(): DashboardEntry[] {
    return this.rows(DASHBOARD.name).map((r) => {
      const folder = this.ctx.store.lookup(String(r.FolderId));
      return {
        id: r.Id,
        developerName: String(r.DeveloperName),
        folderName: String(folder?.DeveloperName),
        folderLabel: String(r.FolderName),
        title: String(r.Title),
        type: String(r.Type),
        runningUserId: String(r.RunningUserId),
        xml: this.xmlOf(r),
      };
    });
  }

  /** A dashboard by its `Folder/Name`. */
  dashboard(fullName: string): DashboardEntry | undefined {
    return this.dashboards().find((d) => `${d.folderName}/${d.developerName}` === fullName);
  }

  flexiPages(): FlexiPageEntry[] {
    return this.rows(FLEXI_PAGE.name).map((r) => ({
      id: r.Id,
      developerName: String(r.DeveloperName),
      masterLabel: String(r.MasterLabel),
      type: String(r.Type),
      xml: this.xmlOf(r),
    }));
  }

  /** The id a component has in the org, if it exists. */
  idOf(type: AppliedComponent['type'], fullName: string): string | undefined {
    switch (type) {
      case 'ReportFolder':
        return this.folder('Report', fullName)?.id;
      case 'DashboardFolder':
        return this.folder('Dashboard', fullName)?.id;
      case 'Report':
        return this.report(fullName)?.id;
      case 'Dashboard':
        return this.dashboard(fullName)?.id;
      case 'FlexiPage':
        return this.flexiPages().find((p) => p.developerName === fullName)?.id;
    }
  }

  /** Writes checked components, folders first; returns each one's id and whether it was created. */
  apply(components: readonly AppliedComponent[]): { id: string; created: boolean }[] {
    const order: AppliedComponent['type'][] = ['ReportFolder', 'DashboardFolder', 'Report', 'Dashboard', 'FlexiPage'];
    const results = new Map<AppliedComponent, { id: string; created: boolean }>();
    for (const type of order) for (const c of components) if (c.type === type) results.set(c, this.write(c));
    return components.map((c) => results.get(c) as { id: string; created: boolean });
  }

  private write(c: AppliedComponent): { id: string; created: boolean } {
    const [folderName, name] = c.fullName.includes('/') ? c.fullName.split('/') : [c.fullName, c.fullName];
    const fields = this.fieldsOf(c, folderName, name);
    const existing = this.idOf(c.type, c.fullName);
    const stamp = sfDateTime(this.ctx.now());
    const userId = this.ctx.userId();
    if (existing) {
      const row = this.ctx.store.lookup(existing) as DemoRecord;
      Object.assign(row, fields, { LastModifiedDate: stamp, LastModifiedById: userId, SystemModstamp: stamp });
      this.sourceById.set(row.Id, { xml: c.xml, root: c.root });
      return { id: row.Id, created: false };
    }
    const object = { ReportFolder: FOLDER, DashboardFolder: FOLDER, Report: REPORT, Dashboard: DASHBOARD, FlexiPage: FLEXI_PAGE }[c.type];
    const id = toId18(serialId15(object.keyPrefix, this.serial++));
    const audit = { IsDeleted: false, CreatedDate: stamp, CreatedById: userId, LastModifiedDate: stamp, LastModifiedById: userId, SystemModstamp: stamp };
    this.ctx.store.insert(object.name, { Id: id, ...audit, NamespacePrefix: null, ...fields });
    this.sourceById.set(id, { xml: c.xml, root: c.root });
    return { id, created: true };
  }

  private fieldsOf(c: AppliedComponent, folderName: string, name: string): Record<string, unknown> {
    const text = (field: string) => childText(c.root, field) ?? null;
    switch (c.type) {
      case 'ReportFolder':
      case 'DashboardFolder':
        return {
          Name: text('name'),
          DeveloperName: c.fullName,
          AccessType: 'Public',
          IsReadonly: false,
          Type: c.type === 'ReportFolder' ? 'Report' : 'Dashboard',
          ParentId: null,
        };
      case 'Report': {
        const folder = this.folder('Report', folderName) as FolderEntry;
        return {
          OwnerId: folder.id,
          FolderName: folder.name,
          Name: text('name'),
          Description: text('description'),
          DeveloperName: name,
          Format: text('format'),
          LastRunDate: null,
        };
      }
      case 'Dashboard': {
        const folder = this.folder('Dashboard', folderName) as FolderEntry;
        const runningUser = text('dashboardType') === 'SpecifiedUser' ? this.userIdOf(text('runningUser')) : this.ctx.userId();
        return {
          FolderId: folder.id,
          FolderName: folder.name,
          Title: text('title'),
          DeveloperName: name,
          Description: text('description'),
          RunningUserId: runningUser,
          Type: text('dashboardType') ?? 'SpecifiedUser',
          LastViewedDate: null,
        };
      }
      case 'FlexiPage':
        return { DeveloperName: c.fullName, MasterLabel: text('masterLabel'), Description: text('description'), Type: text('type'), EntityDefinitionId: null };
    }
  }

  /** A user's id by username (a SpecifiedUser dashboard's runningUser); the deploying user otherwise. */
  userIdOf(username: string | null): string | undefined {
    if (!username) return this.ctx.userId();
    return this.ctx.store.rows('User').find((u) => String(u.Username).toLowerCase() === username.toLowerCase())?.Id;
  }

  private reportEntry(r: DemoRecord): ReportEntry {
    const folder = String(r.OwnerId) === this.ctx.orgId ? { DeveloperName: UNFILED_PUBLIC } : this.ctx.store.lookup(String(r.OwnerId));
    const xml = this.xmlOf(r);
    return {
      id: r.Id,
      developerName: String(r.DeveloperName),
      folderName: String(folder?.DeveloperName),
      folderLabel: String(r.FolderName),
      name: String(r.Name),
      format: String(r.Format),
      reportType: childText(this.sourceById.get(r.Id)?.root, 'reportType') ?? '',
      description: (r.Description as string | null) ?? null,
      xml,
    };
  }

  private rows(objectName: string): readonly DemoRecord[] {
    return this.ctx.store.rows(objectName).filter((r) => r.IsDeleted !== true);
  }

  private xmlOf(r: DemoRecord): string {
    return this.sourceById.get(r.Id)?.xml ?? '';
  }
}
