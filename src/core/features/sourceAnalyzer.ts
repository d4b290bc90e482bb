/**
 * One file of package source in the editor — a feature parameter file or an Apex class — against
 * the LMO: its drift as problems, and on each parameter (the file's root element, each Apex call's
 * name) a hover with what the LMO knows: full name, type, direction, the version it shipped in and
 * how its values spread across live licenses; a feature parameter file also gets that spread as a
 * CodeLens. Without an LMO (not connected, or no Feature Management App) only what the source alone
 * can tell is reported: invalid metadata, and Apex that calls a parameter of the source with the
 * wrong type or sets an LMO → subscriber value. Pure: the editor hands it the text and evidence.
 */
import { type DiagnosticFinding, type Findings, type HoverFinding, type LensFinding, type TextSpan } from '../projectInsights/findings';
import { NO_VALUE_YET_NOTE, parameterAdoption } from './adoption';
import { type ParameterDistribution } from './distribution';
import { type DriftKind, type FeatureProject, type SourceParameterEntry, LmoFeatureIndex, featureDrift, indexFeatureSource } from './drift';
import { type FeatureParameter, SUBSCRIBER_TO_LMO_NOTE, describeDirection, introducedVersion } from './parameter';

export interface FeatureEvidence {
  readonly project: FeatureProject;
  /** Every feature parameter file of the workspace (so Apex in one file sees parameters declared in another). */
  readonly declared: readonly SourceParameterEntry[];
  /** The LMO's parameters; undefined when there is no LMO with the Feature Management App to compare with. */
  readonly lmo: LmoFeatureIndex | undefined;
  /** Distributions by parameter id (15 characters), for the packages the source belongs to. */
  readonly distributions: ReadonlyMap<string, { readonly item: ParameterDistribution; readonly liveLicenses: number }>;
  /** The LMO's package versions, to name the version a parameter shipped in. */
  readonly versions: Parameters<typeof introducedVersion>[1];
  /** The org's name, for "not in <org>" texts. */
  readonly orgLabel: string;
}

/** What the source alone can tell: reported without an LMO too. */
const SOURCE_ONLY: readonly DriftKind[] = ['invalidMetadata', 'apexTypeDiffers', 'apexSetsLmoToSubscriber'];

function parameterLines(record: FeatureParameter, evidence: FeatureEvidence): string[] {
  const spread = evidence.distributions.get(record.id.slice(0, 15));
  const since = introducedVersion(record, evidence.versions);
  return [
    `${record.dataType} · ${describeDirection(record.direction)}${since ? ` · since ${since}` : ''}`,
    ...(spread ? [parameterAdoption(spread.item, spread.liveLicenses).summary] : []),
    ...(spread?.item.withoutValue ? [NO_VALUE_YET_NOTE] : []),
    ...(record.direction === 'SubscriberToLmo' ? [SUBSCRIBER_TO_LMO_NOTE] : []),
  ];
}

function hoverFor(name: string, span: TextSpan, record: FeatureParameter | undefined, evidence: FeatureEvidence): HoverFinding | undefined {
  if (!evidence.lmo) return undefined;
  if (!record) return { spans: [span], title: name, lines: [`Not in ${evidence.orgLabel}: no subscriber has installed a version that contains it.`] };
  return { spans: [span], title: record.fullName, lines: parameterLines(record, evidence) };
}

export function analyzeFeatureSource(path: string, text: string, evidence: FeatureEvidence): Findings {
  const mine = indexFeatureSource([{ path, text }], evidence.project);
  const source = { parameters: [...evidence.declared.filter((e) => e.file !== path), ...mine.parameters], references: mine.references };
  const lmo = evidence.lmo;
  const drift = lmo
    ? featureDrift(source, lmo, evidence.project)
    : featureDrift(source, EMPTY_INDEX, evidence.project).filter((f) => SOURCE_ONLY.includes(f.kind));
  const diagnostics: DiagnosticFinding[] = drift
    .filter((f) => f.file === path)
    .map((f) => ({ code: `feature.${f.kind}`, severity: f.severity, span: f.span, message: f.message, fixes: [] }));

  const hovers: HoverFinding[] = [];
  const lenses: LensFinding[] = [];
  for (const entry of mine.parameters) {
    const p = entry.parameter;
    if (!p) continue;
    const record = lmo?.resolve(p.name, entry.packageName, evidence.project.namespace);
    const hover = hoverFor(p.name, p.span, record, evidence);
    if (hover) hovers.push(hover);
    const spread = record && evidence.distributions.get(record.id.slice(0, 15));
    if (record && spread)
      lenses.push({
        span: { offset: p.span.offset, length: 0 },
        title: parameterAdoption(spread.item, spread.liveLicenses).summary,
        tooltip: `${record.fullName} across the live licenses in ${evidence.orgLabel}`,
      });
  }
  for (const entry of mine.references) {
    const ref = entry.reference;
    const hover = hoverFor(ref.name, ref.nameSpan, lmo?.resolve(ref.name, entry.packageName, evidence.project.namespace), evidence);
    if (hover) hovers.push(hover);
  }
  return { diagnostics, lenses, hovers };
}

/** An LMO with no parameters: what the source is compared with when there is none. */
const EMPTY_INDEX = new LmoFeatureIndex([], []);
