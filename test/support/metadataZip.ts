/**
 * The generator's source-format files as a deploy zip in Metadata API format, as
 * `sf project convert source` writes it (docs/salesforce/lmo-dashboard.md#deploy): `-meta.xml`
 * suffixes dropped for reports, dashboards and pages, folders as `<Folder>-meta.xml`, and a
 * package.xml listing folders under their content type (`Folder/`).
 */
import JSZip from 'jszip';
import { type GeneratedDashboard, generateLmoDashboard } from '../../src/core/lmoDashboard/generate';
import { DEFAULT_OPTIONS, type LmoDashboardOptions } from '../../src/core/lmoDashboard/options';
import { metadataPath, packageXml } from '../../src/core/lmoDashboard/deployPackage';

export { metadataPath, packageXml };

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
  return {
    files,
    packageXml: packageXml(
      g.components.map((c) => ({ type: c.type, fullName: c.fullName })),
      '66.0',
    ),
  };
}

export async function zipOf(input: ZipInput): Promise<Buffer> {
  const zip = new JSZip();
  if (input.packageXml !== undefined) zip.file('package.xml', input.packageXml);
  for (const [path, text] of Object.entries(input.files)) zip.file(path, text);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
