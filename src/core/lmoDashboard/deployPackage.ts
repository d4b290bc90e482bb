/**
 * The generated files as a Metadata API deploy in metadata format (docs/salesforce/lmo-dashboard.md#deploy):
 * the source-format `-meta.xml` suffixes dropped for reports, dashboards and the page, each folder
 * as `<Folder>-meta.xml` beside its directory, and a package.xml naming folders under their content
 * type with a trailing slash. Only what the generator writes; lmo-dashboard.json stays home.
 */
import { type GeneratedDashboard } from './generate';

/** The Metadata API version the package declares (that of the generated files' examples). */
export const DEPLOY_API_VERSION = '62.0';

export interface DeployPackage {
  /** Metadata-format path → content, package.xml included. */
  readonly files: Readonly<Record<string, string>>;
  readonly members: readonly { readonly type: string; readonly fullName: string }[];
}

/** Metadata-format path of a generated source-format path. */
export function metadataPath(sourcePath: string): string {
  return sourcePath.replace(/\.(reportFolder|dashboardFolder)-meta\.xml$/, '-meta.xml').replace(/\.(report|dashboard|flexipage)-meta\.xml$/, '.$1');
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function packageXml(members: readonly { type: string; fullName: string }[], version = DEPLOY_API_VERSION): string {
  const byType = new Map<string, string[]>();
  for (const m of members) {
    const folder = m.type === 'ReportFolder' || m.type === 'DashboardFolder';
    const type = folder ? m.type.replace('Folder', '') : m.type;
    byType.set(type, [...(byType.get(type) ?? []), folder ? `${m.fullName}/` : m.fullName]);
  }
  const types = [...byType].map(([name, list]) => `<types>${list.map((m) => `<members>${xmlText(m)}</members>`).join('')}<name>${name}</name></types>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">${types.join('')}<version>${version}</version></Package>\n`;
}

export function deployPackage(g: Pick<GeneratedDashboard, 'files' | 'components'>, version = DEPLOY_API_VERSION): DeployPackage {
  const files: Record<string, string> = {};
  for (const f of g.files) if (f.path.endsWith('-meta.xml')) files[metadataPath(f.path)] = f.content;
  const members = g.components.map((c) => ({ type: c.type, fullName: c.fullName }));
  files['package.xml'] = packageXml(members, version);
  return { files, members };
}
