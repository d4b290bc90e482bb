/**
 * Feature adoption, one definition for every surface (the dashboard card, the Install Base tree,
 * hovers and CodeLens on feature parameter files, `features` on the command line): a Boolean's
 * share is of the package's LIVE licenses in scope (sandboxes excluded unless included) — a live
 * license with no value record counts as not on, and is counted apart as "no value yet". Integer
 * and Date parameters have a spread instead of a share. Whether the values are set by the partner
 * (LMO → subscriber) or reported by the customers' orgs (subscriber → LMO) goes with each row.
 * The figures and the words come from parameterAdoption only (docs/salesforce/metrics.md).
 */
import { singleLine } from '../displayText';
import { type PackageFeatures, type ParameterDistribution, spreadSummary } from './distribution';
import { type FeatureDataType, type FeatureDirection } from './parameter';

export interface ParameterAdoption {
  /** The name the package source and Apex use (no namespace). */
  readonly name: string;
  readonly dataType: FeatureDataType;
  readonly direction: FeatureDirection;
  /** Live licenses of the package in scope: the denominator of the share. */
  readonly live: number;
  /** Boolean: live licenses with the parameter on. */
  readonly on: number | undefined;
  /** Boolean: on / live; undefined without live licenses (and for Integer and Date). */
  readonly share: number | undefined;
  /** Live licenses with no value record ("no value yet": installed before the parameter shipped). */
  readonly withoutValue: number;
  /** One line: a Boolean's share of live licenses (as its bar shows it); the spread of an Integer or Date; then the "no value yet" count. */
  readonly summary: string;
}

export interface PackageAdoption {
  readonly packageId: string;
  readonly packageName: string;
  readonly liveLicenses: number;
  readonly parameters: readonly ParameterAdoption[];
}

/** Why a live license can have no value: said once in hovers and tooltips. */
export const NO_VALUE_YET_NOTE = 'No value yet: a live license with no value record of the parameter (installed before it shipped).';

const n = (x: number) => x.toLocaleString('en-US');

/** A whole percentage that never says 0 % of some or 100 % of not all. */
export function sharePercent(part: number, whole: number): string {
  const rounded = Math.round((part / whole) * 100);
  if (part > 0 && rounded === 0) return '<1%';
  if (part < whole && rounded === 100) return '>99%';
  return `${rounded}%`;
}

function summaryOf(item: ParameterDistribution, live: number): string {
  if (!live) return 'no live licenses';
  const d = item.distribution;
  const main = d.dataType === 'Boolean' ? `on for ${n(d.on)} of ${n(live)} live licenses (${sharePercent(d.on, live)})` : spreadSummary(d);
  return item.withoutValue ? `${main}; ${n(item.withoutValue)} have no value yet` : main;
}

/** A parameter's adoption among a package's live licenses: the figures and the words every surface shows. */
export function parameterAdoption(item: ParameterDistribution, liveLicenses: number): ParameterAdoption {
  const { parameter, distribution, withoutValue } = item;
  const on = distribution.dataType === 'Boolean' ? distribution.on : undefined;
  return {
    name: singleLine(parameter.name, 120),
    dataType: parameter.dataType,
    direction: parameter.direction,
    live: liveLicenses,
    on,
    share: on !== undefined && liveLicenses > 0 ? on / liveLicenses : undefined,
    withoutValue,
    summary: summaryOf(item, liveLicenses),
  };
}

export function packageAdoption(packageName: string, features: PackageFeatures): PackageAdoption {
  return {
    packageId: features.packageId,
    packageName: singleLine(packageName, 120),
    liveLicenses: features.liveLicenses,
    parameters: features.parameters.map((item) => parameterAdoption(item, features.liveLicenses)),
  };
}
