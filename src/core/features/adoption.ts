/**
 * Feature adoption, as the dashboard shows it: per package, each parameter with how many live
 * licenses have it on (Boolean) or how its values spread (Integer, Date), and whether the values
 * are set by the partner (LMO → subscriber) or reported by the customers' orgs (subscriber → LMO:
 * the Feature Management App's way of sending usage back). Display text only.
 */
import { singleLine } from '../displayText';
import { type FeatureDistribution, type PackageFeatures, summarizeDistribution } from './distribution';
import { type FeatureDataType, type FeatureDirection } from './parameter';

export interface ParameterAdoption {
  /** The name the package source and Apex use (no namespace). */
  readonly name: string;
  readonly dataType: FeatureDataType;
  readonly direction: FeatureDirection;
  /** Boolean: live licenses with the parameter on. */
  readonly on: number | undefined;
  /** Boolean: on / live licenses of the package; undefined without live licenses. */
  readonly share: number | undefined;
  /** One line: a Boolean's share of live licenses (as its bar shows it); the spread of an Integer or Date, as the tree words it. */
  readonly summary: string;
  /** Live licenses with no value record (installed before the parameter shipped). */
  readonly withoutValue: number;
}

export interface PackageAdoption {
  readonly packageId: string;
  readonly packageName: string;
  readonly liveLicenses: number;
  readonly parameters: readonly ParameterAdoption[];
}

function onOf(d: FeatureDistribution): number | undefined {
  return d.dataType === 'Boolean' ? d.on : undefined;
}

const n = (x: number) => x.toLocaleString('en-US');

/** A whole percentage that never says 0 % of some or 100 % of not all. */
export function sharePercent(part: number, whole: number): string {
  const rounded = Math.round((part / whole) * 100);
  if (part > 0 && rounded === 0) return '<1%';
  if (part < whole && rounded === 100) return '>99%';
  return `${rounded}%`;
}

/** A Boolean in the card's terms: on, of every live license (the bar's share), then those with no value yet. */
function booleanSummary(on: number, liveLicenses: number, withoutValue: number): string {
  if (!liveLicenses) return 'no live licenses';
  const share = `on for ${n(on)} of ${n(liveLicenses)} live licenses (${sharePercent(on, liveLicenses)})`;
  return withoutValue ? `${share}; ${n(withoutValue)} have no value yet` : share;
}

export function packageAdoption(packageName: string, features: PackageFeatures): PackageAdoption {
  return {
    packageId: features.packageId,
    packageName: singleLine(packageName, 120),
    liveLicenses: features.liveLicenses,
    parameters: features.parameters.map(({ parameter, distribution, withoutValue }) => {
      const on = onOf(distribution);
      return {
        name: singleLine(parameter.name, 120),
        dataType: parameter.dataType,
        direction: parameter.direction,
        on,
        share: on !== undefined && features.liveLicenses > 0 ? on / features.liveLicenses : undefined,
        summary: on !== undefined ? booleanSummary(on, features.liveLicenses, withoutValue) : summarizeDistribution(distribution, features.liveLicenses),
        withoutValue,
      };
    }),
  };
}
