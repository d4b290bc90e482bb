/**
 * The generator's source-format files as a deploy zip in Metadata API format, as
 * `sf project convert source` writes it (docs/salesforce/lmo-dashboard.md#deploy): `-meta.xml`
 * suffixes dropped for reports, dashboards and pages, folders as `<Folder>-meta.xml`, and a
 * package.xml listing folders under their content type (`Folder/`).
 */
import JSZip from 'jszip';
import { type GeneratedDashboard, generateLmoDashboard } from '../../src/core/lmoDashboard/generate';
import { DEFAULT_OPTIONS, type LmoDashboardOptions } from '../../src/core/lmoDashboard/options';

/** A generated dashboard under its own folder and page names (so tests do not meet each other's components). */
export function generated(tag: string, more: Partial<LmoDashboardOptions> = {}): GeneratedDashboard {
  return generateLmoDashboard({
    ...DEFAULT_OPTIONS,
    reportFolder: { label: `Reports ${tag}`, developerName: `R_${tag}` },
    dashboardFolder: { label: `Dashboards ${tag}`, developerName: `D_${tag}` },
    dashboardDeveloperName: `Dash_${tag}`,
    homePageDeveloperName: `Home_${tag}`,
    ...more,
  });
}

/** Metadata-format path of a source-format path. */
export function metadataPath(sourcePath: string): string {
  return sourcePath.replace(/\.(reportFolder|dashboardFolder)-meta\.xml$/, '-meta.xml').replace(/\.(report|dashboard|flexipage)-meta\.xml$/, '.$1');
}

export interface ZipInput {
  /** Metadata-format path → content. */
  readonly files: Record<string, string>;
  /** package.xml's text; omitted: none. */
  readonly packageXml?: string;
}

/** The files and package.xml of a generated dashboard, to change before zipping. */
export function metadataFiles(g: GeneratedDashboard): ZipInput {
  const files: Record<string, string> = {};
  for (const f of g.files) if (f.path.endsWith('-meta.xml')) files[metadataPath(f.path)] = f.content;
  return { files, packageXml: packageXml(g.components.map((c) => ({ type: c.type, fullName: c.fullName }))) };
}

export function packageXml(members: readonly { type: string; fullName: string }[], version = '66.0'): string {
  const byType = new Map<string, string[]>();
  for (const m of members) {
    const folder = m.type === 'ReportFolder' || m.type === 'DashboardFolder';
    const type = folder ? m.type.replace('Folder', '') : m.type;
    byType.set(type, [...(byType.get(type) ?? []), folder ? `${m.fullName}/` : m.fullName]);
  }
  const types = [...byType].map(([name, list]) => `<types>${list.map((m) => `<members>${m}</members>`).join('')}<name>${name}</name></types>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">${types.join('')}<version>${version}</version></Package>\n`;
}

export async function zipOf(input: ZipInput): Promise<Buffer> {
  const zip = new JSZip();
  if (input.packageXml !== undefined) zip.file('package.xml', input.packageXml);
  for (const [path, text] of Object.entries(input.files)) zip.file(path, text);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
