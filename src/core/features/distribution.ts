/**
 * How a parameter's values spread across live licenses: Boolean on/off and the share on; Integer
 * min, median, max and a histogram; Date past/future, earliest and latest. Built either from the
 * server's aggregates (the LMO counts, nothing is fetched per license) or from plain values (a
 * selection of licenses, tests) — with the same bucket edges, so both agree.
 *
 * Integer fields cannot be grouped in SOQL (Number fields are not groupable), so the histogram is
 * cumulative counts at a few edges (one aggregate query per edge): the median is then known to a
 * bucket, exactly when the bucket holds one value.
 */
import { type CalendarDate } from '../calendarDate';
import { type FeatureDataType, type FeatureParameter, type FeatureValue } from './parameter';

export interface BooleanDistribution {
  readonly dataType: 'Boolean';
  /** Value records of live licenses. */
  readonly values: number;
  readonly on: number;
  readonly off: number;
}

export interface IntegerBucket {
  /** Inclusive. */
  readonly from: number;
  /** Inclusive. */
  readonly to: number;
  readonly count: number;
}

export interface IntegerDistribution {
  readonly dataType: 'Integer';
  readonly values: number;
  readonly notSet: number;
  readonly min: number | undefined;
  readonly max: number | undefined;
  /** The lower median (the ⌈n/2⌉-th smallest value) lies in [low, high]; low = high when known exactly. */
  readonly median: { readonly low: number; readonly high: number } | undefined;
  /** Undefined when the histogram could not be asked for (too many Integer parameters for one call). */
  readonly buckets: readonly IntegerBucket[] | undefined;
}

export interface DateDistribution {
  readonly dataType: 'Date';
  readonly values: number;
  readonly notSet: number;
  /** Before today. */
  readonly past: number;
  /** Today or later. */
  readonly future: number;
  readonly earliest: CalendarDate | undefined;
  readonly latest: CalendarDate | undefined;
}

export type FeatureDistribution = BooleanDistribution | IntegerDistribution | DateDistribution;

export interface ParameterDistribution {
  readonly parameter: FeatureParameter;
  readonly distribution: FeatureDistribution;
  /** Live licenses of the package with no value record (installed before the parameter shipped). */
  readonly withoutValue: number;
}

export interface PackageFeatures {
  readonly packageId: string;
  /** Live licenses of the package (sandboxes excluded unless asked). */
  readonly liveLicenses: number;
  readonly parameters: readonly ParameterDistribution[];
  readonly apiCalls: number;
}

/**
 * Edges for cumulative counts (count of values ≤ edge): whole values when the range is small;
 * otherwise geometric steps when the values span orders of magnitude (limits, usage counts),
 * equal widths when they do not.
 */
export function integerEdges(min: number, max: number, maxEdges: number): number[] {
  if (!(max > min) || maxEdges < 1) return [];
  const span = max - min + 1;
  if (span <= maxEdges + 1) return Array.from({ length: span - 1 }, (_, i) => min + i);
  const edges: number[] = [];
  if (min >= 0 && (max + 1) / (min + 1) >= 100) {
    const ratio = ((max + 1) / (min + 1)) ** (1 / (maxEdges + 1));
    for (let k = 1; k <= maxEdges; k++) {
      const edge = Math.round((min + 1) * ratio ** k) - 1;
      if (edge >= min && edge < max && edge > (edges[edges.length - 1] ?? min - 1)) edges.push(edge);
    }
    return edges;
  }
  const width = Math.ceil(span / (maxEdges + 1));
  for (let k = 1; k <= maxEdges; k++) {
    const edge = min + width * k - 1;
    if (edge < max) edges.push(edge);
  }
  return edges;
}

/** Buckets from cumulative counts at the edges (counts[k] = values ≤ edges[k]) and the number of values. */
export function bucketsFromCumulative(min: number, max: number, edges: readonly number[], counts: readonly number[], values: number): IntegerBucket[] {
  const buckets: IntegerBucket[] = [];
  let from = min;
  let below = 0;
  edges.forEach((edge, k) => {
    buckets.push({ from, to: edge, count: counts[k] - below });
    below = counts[k];
    from = edge + 1;
  });
  buckets.push({ from, to: max, count: values - below });
  return buckets;
}

/** Where the lower median falls. */
export function medianOfBuckets(buckets: readonly IntegerBucket[], values: number): { low: number; high: number } | undefined {
  if (!values) return undefined;
  const rank = Math.ceil(values / 2);
  let seen = 0;
  for (const b of buckets) {
    seen += b.count;
    if (seen >= rank) return { low: b.from, high: b.to };
  }
  return undefined;
}

export function booleanDistribution(on: number, off: number): BooleanDistribution {
  return { dataType: 'Boolean', values: on + off, on, off };
}

export function integerDistribution(
  stats: { records: number; values: number; min: number | undefined; max: number | undefined },
  histogram: { edges: readonly number[]; counts: readonly number[] } | undefined,
): IntegerDistribution {
  const { min, max } = stats;
  const buckets =
    min === undefined || max === undefined ? [] : histogram ? bucketsFromCumulative(min, max, histogram.edges, histogram.counts, stats.values) : undefined;
  const median = buckets ? medianOfBuckets(buckets, stats.values) : min !== undefined && min === max ? { low: min, high: min } : undefined;
  return { dataType: 'Integer', values: stats.values, notSet: stats.records - stats.values, min, max, median, buckets };
}

export function dateDistribution(stats: {
  records: number;
  values: number;
  past: number;
  earliest: CalendarDate | undefined;
  latest: CalendarDate | undefined;
}): DateDistribution {
  return {
    dataType: 'Date',
    values: stats.values,
    notSet: stats.records - stats.values,
    past: stats.past,
    future: stats.values - stats.past,
    earliest: stats.earliest,
    latest: stats.latest,
  };
}

/** The distribution of plain values (one per license), with the same edges the aggregates use. */
export function distributionOf(dataType: FeatureDataType, values: readonly FeatureValue[], today: CalendarDate, maxEdges: number): FeatureDistribution {
  if (dataType === 'Boolean') return booleanDistribution(values.filter((v) => v === true).length, values.filter((v) => v !== true).length);
  if (dataType === 'Integer') {
    const numbers = values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
    const min = numbers[0];
    const max = numbers[numbers.length - 1];
    const edges = min === undefined ? [] : integerEdges(min, max, maxEdges);
    const counts = edges.map((e) => numbers.filter((n) => n <= e).length);
    return integerDistribution({ records: values.length, values: numbers.length, min, max }, { edges, counts });
  }
  const dates = values.filter((v): v is CalendarDate => typeof v === 'string').sort();
  return dateDistribution({
    records: values.length,
    values: dates.length,
    past: dates.filter((d) => d < today).length,
    earliest: dates[0],
    latest: dates[dates.length - 1],
  });
}

/**
 * How an Integer's or a Date's values spread, in words. A Boolean has no spread: its share of live
 * licenses, and every surface's words, come from parameterAdoption (adoption.ts).
 */
export function spreadSummary(d: IntegerDistribution | DateDistribution): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (d.dataType === 'Integer') {
    if (d.min === undefined || d.max === undefined) return 'no live license has a value';
    // The median is known to a histogram bucket (Number fields cannot be grouped in SOQL): a range
    // written "304–915" reads as a range of values, so say it lies between the two.
    const median = d.median
      ? d.median.low === d.median.high
        ? `median ${n(d.median.low)}`
        : `median between ${n(d.median.low)} and ${n(d.median.high)}`
      : 'median not counted';
    return `${n(d.values)} values: min ${n(d.min)}, ${median}, max ${n(d.max)}`;
  }
  if (!d.values) return 'no live license has a value';
  return `${n(d.values)} dates: ${n(d.past)} in the past, ${n(d.future)} today or later (${d.earliest} … ${d.latest})`;
}
