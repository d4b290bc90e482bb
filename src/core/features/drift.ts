/**
 * The package source against the LMO: each feature parameter file and each Apex call that names
 * a parameter is matched to the LMO's record (source names are unprefixed; the LMO's full names
 * are namespace__Name), and what disagrees is a finding with the text range to underline:
 *  - notReleased: the LMO has never seen the parameter (its record appears when a subscriber first
 *    installs a version that contains it): not released yet, or not linked;
 *  - typeDiffers / directionDiffers: the source and the LMO's record disagree (the direction
 *    cannot change after release, so a released parameter cannot follow the source);
 *  - apexUnknown, apexTypeDiffers, apexSetsLmoToSubscriber: Apex that fails at run time;
 *  - invalidMetadata: a feature parameter file that leaves the metadata's shape.
 * Pure: the command line and the editor's diagnostics and hovers share it.
 */
import { singleLine } from '../displayText';
import { type Severity, type TextSpan } from '../projectInsights/findings';
import { type ApexFeatureReference, findApexFeatureReferences } from './apexReferences';
import { type SourceFeatureParameter, featureParameterFileName, parseFeatureParameterFile } from './metadataXml';
import { type FeatureParameter, describeDirection, nameKey, splitFullName } from './parameter';

export interface ProjectDirectory {
  /** Relative to the project root, with "/" separators. */
  readonly path: string;
  readonly packageName: string | undefined;
}

export interface FeatureProject {
  readonly directories: readonly ProjectDirectory[];
  readonly namespace: string | undefined;
}

export interface SourceFile {
  /** Relative to the project root, with "/" separators. */
  readonly path: string;
  readonly text: string;
}

export interface SourceParameterEntry {
  readonly file: string;
  readonly packageName: string | undefined;
  readonly parameter: SourceFeatureParameter | undefined;
  readonly problems: readonly { readonly message: string; readonly span: TextSpan }[];
}

export interface ApexReferenceEntry {
  readonly file: string;
  readonly packageName: string | undefined;
  readonly reference: ApexFeatureReference;
}

export interface FeatureSourceIndex {
  readonly parameters: readonly SourceParameterEntry[];
  readonly references: readonly ApexReferenceEntry[];
}

/** Whether a path is one the index reads: a feature parameter file or an Apex class or trigger. */
export function isFeatureSourcePath(path: string): boolean {
  return !!featureParameterFileName(path) || /\.(cls|trigger)$/i.test(path);
}

/** The package a file belongs to: its packageDirectories entry (the longest path that contains it). */
export function packageOfPath(project: FeatureProject, path: string): string | undefined {
  const normal = path.replace(/\\/g, '/').replace(/^\.\//, '');
  let best: ProjectDirectory | undefined;
  for (const d of project.directories) {
    const dir = d.path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    if ((normal === dir || normal.startsWith(`${dir}/`)) && (!best || dir.length > best.path.length)) best = { ...d, path: dir };
  }
  return best?.packageName;
}

export function indexFeatureSource(files: readonly SourceFile[], project: FeatureProject): FeatureSourceIndex {
  const parameters: SourceParameterEntry[] = [];
  const references: ApexReferenceEntry[] = [];
  for (const file of files) {
    const packageName = packageOfPath(project, file.path);
    if (featureParameterFileName(file.path)) {
      const parsed = parseFeatureParameterFile(file.path, file.text);
      parameters.push({ file: file.path, packageName, parameter: parsed.ok ? parsed.parameter : undefined, problems: parsed.problems });
    } else if (/\.(cls|trigger)$/i.test(file.path))
      for (const reference of findApexFeatureReferences(file.text)) references.push({ file: file.path, packageName, reference });
  }
  return { parameters, references };
}

/** The LMO's parameters, looked up the way the source names them. */
export class LmoFeatureIndex {
  private readonly byPackage = new Map<string, Map<string, FeatureParameter>>();
  private readonly byFullName = new Map<string, FeatureParameter>();
  private readonly byName = new Map<string, FeatureParameter[]>();

  constructor(
    packages: readonly { readonly id: string; readonly name: string }[],
    readonly parameters: readonly FeatureParameter[],
  ) {
    const names = new Map(packages.map((p) => [p.id.slice(0, 15), nameKey(p.name)]));
    for (const p of parameters) {
      const pkg = names.get(p.packageId.slice(0, 15));
      if (pkg !== undefined) {
        if (!this.byPackage.has(pkg)) this.byPackage.set(pkg, new Map());
        this.byPackage.get(pkg)?.set(nameKey(p.name), p);
      }
      this.byFullName.set(nameKey(p.fullName), p);
      this.byName.set(nameKey(p.name), [...(this.byName.get(nameKey(p.name)) ?? []), p]);
    }
  }

  /** Whether the LMO knows a package of this name. */
  hasPackage(packageName: string | undefined): boolean {
    return !!packageName && this.byPackage.has(nameKey(packageName));
  }

  /**
   * The LMO's record for a source name: within the file's package when the LMO knows it, else by
   * the project's namespace, else by the name alone when exactly one package has it.
   */
  resolve(name: string, packageName: string | undefined, namespace: string | undefined): FeatureParameter | undefined {
    const split = splitFullName(name);
    const bare = nameKey(split.name);
    if (split.namespace) return this.byFullName.get(nameKey(name));
    const inPackage = packageName ? this.byPackage.get(nameKey(packageName)) : undefined;
    if (inPackage) return inPackage.get(bare);
    if (namespace) return this.byFullName.get(nameKey(`${namespace}__${split.name}`));
    const candidates = this.byName.get(bare) ?? [];
    return candidates.length === 1 ? candidates[0] : undefined;
  }
}

export type DriftKind = 'notReleased' | 'typeDiffers' | 'directionDiffers' | 'apexUnknown' | 'apexTypeDiffers' | 'apexSetsLmoToSubscriber' | 'invalidMetadata';

export interface DriftFinding {
  readonly kind: DriftKind;
  readonly severity: Severity;
  readonly file: string;
  readonly span: TextSpan;
  readonly parameterName: string;
  readonly message: string;
  /** The LMO's record, when there is one. */
  readonly lmo: FeatureParameter | undefined;
}

const quoted = (name: string) => `"${singleLine(name, 80)}"`;

/** Every disagreement between the source and the LMO, in file order. */
export function featureDrift(source: FeatureSourceIndex, lmo: LmoFeatureIndex, project: FeatureProject): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const declared = new Map<string, SourceFeatureParameter>();
  for (const entry of source.parameters) {
    for (const p of entry.problems)
      findings.push({
        kind: 'invalidMetadata',
        severity: 'error',
        file: entry.file,
        span: p.span,
        parameterName: entry.parameter?.name ?? '',
        message: p.message,
        lmo: undefined,
      });
    const param = entry.parameter;
    if (!param) continue;
    declared.set(`${nameKey(entry.packageName ?? '')}|${nameKey(param.name)}`, param);
    const record = lmo.resolve(param.name, entry.packageName, project.namespace);
    const base = { file: entry.file, parameterName: param.name, lmo: record };
    if (!record) {
      findings.push({
        ...base,
        kind: 'notReleased',
        severity: 'information',
        span: param.span,
        message: `The LMO has no record of ${quoted(param.name)}: it is not released yet (the record appears when a subscriber installs a version that contains it)${lmo.hasPackage(entry.packageName) ? '' : ', or its package is not linked to this LMO'}.`,
      });
      continue;
    }
    if (record.dataType !== param.dataType)
      findings.push({
        ...base,
        kind: 'typeDiffers',
        severity: 'error',
        span: param.span,
        message: `${quoted(param.name)} is ${param.dataType} in the source but ${record.dataType} in the LMO (${singleLine(record.fullName, 80)}).`,
      });
    if (param.direction && record.direction !== param.direction)
      findings.push({
        ...base,
        kind: 'directionDiffers',
        severity: 'error',
        span: param.directionSpan ?? param.span,
        message: `${quoted(param.name)} flows ${describeDirection(param.direction)} in the source but ${describeDirection(record.direction)} in the LMO; a released parameter's direction cannot change.`,
      });
  }
  for (const entry of source.references) {
    const ref = entry.reference;
    const bare = splitFullName(ref.name).name;
    const inSource = declared.get(`${nameKey(entry.packageName ?? '')}|${nameKey(bare)}`);
    const record = lmo.resolve(ref.name, entry.packageName, project.namespace);
    const base = { file: entry.file, parameterName: ref.name, lmo: record, span: ref.nameSpan };
    if (!record) {
      findings.push(
        inSource
          ? {
              ...base,
              kind: 'notReleased',
              severity: 'information',
              message: `The LMO has never seen ${quoted(ref.name)}: it is not released yet, so no subscriber has a value for it.`,
            }
          : {
              ...base,
              kind: 'apexUnknown',
              severity: 'warning',
              message: `No feature parameter ${quoted(ref.name)} in this package's source or in the LMO: ${ref.method} throws at run time.`,
            },
      );
    }
    const dataType = inSource?.dataType ?? record?.dataType;
    if (dataType && dataType !== ref.dataType)
      findings.push({
        ...base,
        kind: 'apexTypeDiffers',
        severity: 'error',
        message: `${quoted(ref.name)} is a ${dataType} parameter: ${ref.method} does not read it.`,
      });
    const direction = inSource?.direction ?? record?.direction;
    if (ref.access === 'set' && direction === 'LmoToSubscriber')
      findings.push({
        ...base,
        kind: 'apexSetsLmoToSubscriber',
        severity: 'error',
        message: `${quoted(ref.name)} flows LMO → subscriber: only subscriber → LMO parameters can be set from the subscriber org.`,
      });
  }
  return findings;
}
