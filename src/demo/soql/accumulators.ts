/** The aggregate functions of SOQL, as accumulators a group's values are added to. */
import { malformedQuery } from '../apiError';
import { compareValues } from './values';

/** One aggregate function over one group's values. */
export type Accumulator = { add(value: unknown): void; result(): unknown };

/** COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX: nulls skipped, as Salesforce does. */
export function accumulator(fn: string): Accumulator {
  switch (fn) {
    case 'COUNT': {
      let n = 0;
      return {
        add: (v) => {
          if (v !== null && v !== undefined) n++;
        },
        result: () => n,
      };
    }
    case 'COUNT_DISTINCT': {
      const seen = new Set<unknown>();
      return {
        add: (v) => {
          if (v !== null && v !== undefined) seen.add(typeof v === 'string' ? v.toLowerCase() : v);
        },
        result: () => seen.size,
      };
    }
    case 'SUM': {
      let s: number | null = null;
      return {
        add: (v) => {
          if (typeof v === 'number') s = (s ?? 0) + v;
        },
        result: () => s,
      };
    }
    case 'AVG': {
      let s = 0;
      let n = 0;
      return {
        add: (v) => {
          if (typeof v === 'number') {
            s += v;
            n++;
          }
        },
        result: () => (n ? s / n : null),
      };
    }
    case 'MIN': {
      let m: unknown = null;
      return {
        add: (v) => {
          if (v !== null && v !== undefined && (m === null || compareValues(v, m) < 0)) m = v;
        },
        result: () => m,
      };
    }
    case 'MAX': {
      let m: unknown = null;
      return {
        add: (v) => {
          if (v !== null && v !== undefined && (m === null || compareValues(v, m) > 0)) m = v;
        },
        result: () => m,
      };
    }
  }
  throw malformedQuery(`Unknown aggregate function ${fn}`);
}
