/**
 * What the feature parameter analyzer reads: the package source's declared parameters (by
 * sfdx-project.json's package directories) and, when the connected LMO has the Feature Management
 * App, its parameters, versions and — for the packages this source belongs to — how values spread.
 */
import * as vscode from 'vscode';
import { type CalendarDate } from '../../core/calendarDate';
import { type PackageFeatures } from '../../core/features/distribution';
import { type SourceParameterEntry, LmoFeatureIndex, indexFeatureSource } from '../../core/features/drift';
import { type FeatureEvidence } from '../../core/features/sourceAnalyzer';
import { parseProjectLayout } from '../../core/sfdxProject';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';

/** The package source the analyzer reads: feature parameter files and Apex. */
export const FEATURE_SOURCE_GLOB = '**/{*.cls,*.trigger,*.featureParameterBoolean-meta.xml,*.featureParameterInteger-meta.xml,*.featureParameterDate-meta.xml}';
const PARAMETER_FILES = '**/{*.featureParameterBoolean-meta.xml,*.featureParameterInteger-meta.xml,*.featureParameterDate-meta.xml}';

export interface FeatureEvidenceSources {
  readonly lmo: () => LicenseManagementOrg | undefined;
  /** The probe of the connected LMO: whether it has the Feature Management App. */
  readonly probed: () => Promise<boolean>;
  readonly today: () => CalendarDate;
}

export async function loadFeatureEvidence(sources: FeatureEvidenceSources): Promise<FeatureEvidence | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0];
  if (!root) return undefined;
  let layout = { directories: [] as { path: string; packageName: string | undefined }[], namespace: undefined as string | undefined };
  try {
    const parsed = parseProjectLayout(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root.uri, 'sfdx-project.json'))));
    if (parsed.ok) layout = { directories: [...parsed.layout.directories], namespace: parsed.layout.namespace };
  } catch {
    // No sfdx-project.json: files belong to no package; names resolve by namespace-less lookup.
  }
  const declared: SourceParameterEntry[] = [];
  for (const uri of await vscode.workspace.findFiles(PARAMETER_FILES, '**/node_modules/**', 2000)) {
    const path = vscode.workspace.asRelativePath(uri, false).split('\\').join('/');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    declared.push(...indexFeatureSource([{ path, text }], layout).parameters);
  }
  const base = { project: layout, declared, distributions: new Map(), versions: [], orgLabel: sources.lmo()?.target.label ?? 'the LMO' };
  const current = sources.lmo();
  if (!current || !(await sources.probed())) return { ...base, lmo: undefined };
  const [packages, parameters, versions] = await Promise.all([current.packages(), current.features.parameters(), current.packageVersions()]);
  const index = new LmoFeatureIndex(packages, parameters);
  // Distributions (two calls a package) only for the packages this source belongs to.
  const names = new Set(layout.directories.map((d) => d.packageName?.toLowerCase()).filter(Boolean));
  const wanted = new Set(
    declared.flatMap((d) => (d.parameter ? [index.resolve(d.parameter.name, d.packageName, layout.namespace)?.packageId.slice(0, 15)] : [])),
  );
  for (const p of packages) if (names.has(p.name.toLowerCase())) wanted.add(p.id.slice(0, 15));
  const distributions = new Map<string, { item: PackageFeatures['parameters'][number]; liveLicenses: number }>();
  for (const p of packages.filter((p) => wanted.has(p.id.slice(0, 15)))) {
    const features = await current.features.distributions(p.id, { today: sources.today() });
    for (const item of features.parameters) distributions.set(item.parameter.id.slice(0, 15), { item, liveLicenses: features.liveLicenses });
  }
  return { ...base, lmo: index, distributions, versions, orgLabel: current.target.label };
}
