/** The packages installed in the demo org, as the Tooling API and the Installed Packages page show them; the LMA's version among them. */
import { parseVersionNumber } from '../../core/versionNumber';
import { ApiError } from '../apiError';
import { type DemoRecord, type RecordLookup } from '../schema';

/** A Tooling object's rows. */
type ToolingRows = (objectName: string) => DemoRecord[];

function lmaRows(tooling: ToolingRows, lookup: RecordLookup): { version: DemoRecord | undefined; publisher: DemoRecord | undefined } {
  const lma = tooling('SubscriberPackage').find((r) => r.NamespacePrefix === 'sfLma');
  const installed = tooling('InstalledSubscriberPackage').find((r) => r.SubscriberPackageId === lma?.Id);
  return {
    version: installed && lookup(String(installed.SubscriberPackageVersionId)),
    publisher: tooling('Publisher').find((r) => r.NamespacePrefix === 'sfLma'),
  };
}

/** Changes the installed LMA version reported by the Tooling API (major.minor[.patch]). */
export function setLmaVersion(tooling: ToolingRows, lookup: RecordLookup, version: string): void {
  const parts = parseVersionNumber(version);
  if (!parts || parts.length < 2) throw new ApiError(400, 'INVALID_FIELD', `Not a version number: ${version}`);
  const { version: pkgVersion, publisher } = lmaRows(tooling, lookup);
  if (!pkgVersion || !publisher) throw new Error('The demo data has no sfLma package');
  Object.assign(pkgVersion, {
    MajorVersion: parts[0],
    MinorVersion: parts[1],
    PatchVersion: parts[2] ?? 0,
    Name: `License Management App ${parts[0]}.${parts[1]}`,
  });
  Object.assign(publisher, { MajorVersion: parts[0], MinorVersion: parts[1] });
}

/** The installed LMA version, major.minor.patch. */
export function lmaVersion(tooling: ToolingRows, lookup: RecordLookup): string {
  const v = lmaRows(tooling, lookup).version;
  return `${v?.MajorVersion}.${v?.MinorVersion}.${v?.PatchVersion}`;
}

/** The Installed Packages page's rows: without the LMA or the FMA when they are not installed. */
export function installedPackages(
  tooling: ToolingRows,
  lookup: RecordLookup,
  apps: { lmaInstalled: boolean; fmaInstalled: boolean },
): { name: string; namespace: string; version: string }[] {
  const rows = tooling('InstalledSubscriberPackage').map((row) => {
    const pkg = lookup(String(row.SubscriberPackageId));
    const ver = lookup(String(row.SubscriberPackageVersionId));
    return {
      name: String(pkg?.Name ?? ''),
      namespace: String(pkg?.NamespacePrefix ?? ''),
      version: `${ver?.MajorVersion}.${ver?.MinorVersion}.${ver?.PatchVersion}`,
    };
  });
  return rows.filter((r) => (apps.lmaInstalled || r.namespace !== 'sfLma') && (apps.fmaInstalled || r.namespace !== 'sfFma'));
}
