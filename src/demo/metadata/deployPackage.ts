/**
 * Reads a deploy's zip in Metadata API format: `package.xml` at the root (or in the zip's one
 * top folder), and for each member the file the format puts it in — `reports/<Folder>-meta.xml`,
 * `reports/<Folder>/<Name>.report`, `dashboards/<Folder>-meta.xml`,
 * `dashboards/<Folder>/<Name>.dashboard`, `flexipages/<Name>.flexipage`. In-folder types list their
 * folders among their members (`Folder` or `Folder/`). What cannot be read is a component failure,
 * as the Metadata API answers (docs/salesforce/lmo-dashboard.md#deploy).
 */
import JSZip from 'jszip';
import { type AppliedComponent } from './registry';
import { type XmlElement, XmlError, childrenNamed, localName, parseXml } from './xml';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';
/** The Metadata API's limits on a deploy (docs/salesforce/lmo-dashboard.md#deploy). */
export const MAX_ZIP_BYTES = 39 * 1024 * 1024;
export const MAX_FILES = 10_000;
export const MAX_UNZIPPED_BYTES = 600 * 1024 * 1024;

export type ComponentType = AppliedComponent['type'];

/** One component of the deploy, read and parsed, or the reason it could not be. */
export interface PackageComponent {
  readonly type: ComponentType;
  readonly fullName: string;
  /** Its file in the zip, e.g. `reports/Folder/Name.report`. */
  readonly fileName: string;
  readonly xml?: string;
  readonly root?: XmlElement;
}

export interface DeployProblem {
  readonly componentType: string;
  readonly fullName: string;
  readonly fileName: string;
  readonly problem: string;
  readonly lineNumber?: number;
  readonly columnNumber?: number;
}

export interface ReadPackage {
  readonly components: PackageComponent[];
  readonly problems: DeployProblem[];
  /** A failure of the whole deploy (the zip itself), with no component to blame. */
  readonly error?: { readonly statusCode: string; readonly message: string };
}

const KNOWN_TYPES = new Set(['Report', 'Dashboard', 'FlexiPage', 'ReportFolder', 'DashboardFolder']);

/** The file a member lives in. */
export function fileNameOf(type: ComponentType, fullName: string): string {
  switch (type) {
    case 'ReportFolder':
      return `reports/${fullName}-meta.xml`;
    case 'DashboardFolder':
      return `dashboards/${fullName}-meta.xml`;
    case 'Report':
      return `reports/${fullName}.report`;
    case 'Dashboard':
      return `dashboards/${fullName}.dashboard`;
    case 'FlexiPage':
      return `flexipages/${fullName}.flexipage`;
  }
}

const packageProblem = (problem: string, at?: XmlError): DeployProblem => ({
  componentType: '',
  fullName: 'package.xml',
  fileName: 'package.xml',
  problem,
  ...(at ? { lineNumber: at.line, columnNumber: at.column } : {}),
});

export async function readPackage(zipBytes: Buffer): Promise<ReadPackage> {
  const fail = (statusCode: string, message: string): ReadPackage => ({ components: [], problems: [], error: { statusCode, message } });
  if (zipBytes.length > MAX_ZIP_BYTES) return fail('LIMIT_EXCEEDED', `The zip file is larger than the limit of ${MAX_ZIP_BYTES} bytes (39 MB).`);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes, { checkCRC32: true });
  } catch {
    return fail('INVALID_ZIP', 'The zip file could not be read: it is not a zip archive or it is damaged.');
  }
  const paths = Object.keys(zip.files).filter((p) => !zip.files[p].dir);
  if (paths.length > MAX_FILES) return fail('LIMIT_EXCEEDED', `The zip file holds ${paths.length} files; a deploy holds at most ${MAX_FILES}.`);
  // package.xml at the root, or in the zip's one top folder (as `sf project convert` output zipped with its folder).
  const tops = new Set(paths.map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/') + 1) : '')));
  const base = paths.includes('package.xml') ? '' : tops.size === 1 && paths.includes(`${[...tops][0]}package.xml`) ? [...tops][0] : undefined;
  if (base === undefined) return { components: [], problems: [packageProblem('No package.xml found')] };
  let unzipped = 0;
  const read = async (path: string): Promise<string | undefined> => {
    const file = zip.files[base + path];
    if (!file || file.dir) return undefined;
    const text = await file.async('string');
    unzipped += text.length;
    if (unzipped > MAX_UNZIPPED_BYTES) throw new RangeError('unzipped');
    return text;
  };
  try {
    let manifest: XmlElement;
    try {
      manifest = parseXml((await read('package.xml')) ?? '');
    } catch (err) {
      if (err instanceof XmlError) return { components: [], problems: [packageProblem(`Error parsing file: ${err.message}`, err)] };
      throw err;
    }
    if (localName(manifest) !== 'Package')
      return { components: [], problems: [packageProblem(`The root element of package.xml is ${manifest.name}, not Package.`)] };
    const problems: DeployProblem[] = [];
    const members: { type: ComponentType; fullName: string }[] = [];
    for (const types of childrenNamed(manifest, 'types')) {
      const typeName = childrenNamed(types, 'name')[0]?.text ?? '';
      if (!KNOWN_TYPES.has(typeName)) {
        problems.push(packageProblem(`Unknown type name '${typeName}' specified in package.xml`));
        continue;
      }
      for (const m of childrenNamed(types, 'members')) {
        const member = m.text;
        if (member === '*') {
          // The wildcard does not work for in-folder types; for FlexiPage it means every page in the zip.
          if (typeName === 'FlexiPage')
            for (const p of paths)
              if (p.startsWith(`${base}flexipages/`) && p.endsWith('.flexipage')) members.push({ type: 'FlexiPage', fullName: p.slice(base.length + 11, -10) });
          continue;
        }
        members.push(memberOf(typeName, member));
      }
    }
    const components: PackageComponent[] = [];
    const seen = new Set<string>();
    for (const { type, fullName } of members) {
      if (seen.has(`${type}#${fullName}`)) continue;
      seen.add(`${type}#${fullName}`);
      const fileName = fileNameOf(type, fullName);
      const xml = await read(fileName);
      if (xml === undefined) {
        const listed = type === 'ReportFolder' ? 'Report' : type === 'DashboardFolder' ? 'Dashboard' : type;
        problems.push(packageProblem(`An object '${fullName}' of type ${listed} was named in package.xml, but was not found in zipped directory`));
        continue;
      }
      try {
        const root = parseXml(xml);
        if (localName(root) !== type || root.attrs.xmlns !== METADATA_NAMESPACE) {
          problems.push({
            componentType: type,
            fullName,
            fileName,
            problem: `The file is not a ${type}: its root element is ${root.name} in namespace ${root.attrs.xmlns ?? '(none)'}.`,
          });
          continue;
        }
        components.push({ type, fullName, fileName, xml, root });
      } catch (err) {
        if (!(err instanceof XmlError)) throw err;
        problems.push({
          componentType: type,
          fullName,
          fileName,
          problem: `Error parsing file: ${err.message}`,
          lineNumber: err.line,
          columnNumber: err.column,
        });
      }
    }
    return { components, problems };
  } catch (err) {
    if (err instanceof RangeError)
      return fail('LIMIT_EXCEEDED', `The files in the zip are larger than the limit of ${MAX_UNZIPPED_BYTES} bytes (600 MB) unzipped.`);
    return fail('INVALID_ZIP', 'The zip file could not be read: it is damaged.');
  }
}

function memberOf(typeName: string, member: string): { type: ComponentType; fullName: string } {
  const folderMember = member.endsWith('/') ? member.slice(0, -1) : member;
  if (typeName === 'ReportFolder' || (typeName === 'Report' && !folderMember.includes('/'))) return { type: 'ReportFolder', fullName: folderMember };
  if (typeName === 'DashboardFolder' || (typeName === 'Dashboard' && !folderMember.includes('/'))) return { type: 'DashboardFolder', fullName: folderMember };
  return { type: typeName as ComponentType, fullName: member };
}
