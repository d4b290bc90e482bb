/** ORDER BY: Salesforce's order (nulls first unless told otherwise), for records and for aggregate rows alike. */
import { compareValues } from './values';

export function sortRows<T>(rows: T[], keys: { read: (r: T) => unknown; order?: 'ASC' | 'DESC'; nulls?: 'FIRST' | 'LAST'; caseSensitive?: boolean }[]): T[] {
  if (!keys.length) return rows;
  const decorated = rows.map((row) => ({ row, values: keys.map((k) => k.read(row)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const va = a.values[i];
      const vb = b.values[i];
      const desc = keys[i].order?.toUpperCase() === 'DESC';
      // Salesforce sorts nulls first unless told otherwise.
      const nullsFirst = (keys[i].nulls?.toUpperCase() ?? 'FIRST') === 'FIRST';
      if (va === null || va === undefined || vb === null || vb === undefined) {
        if ((va ?? null) === (vb ?? null)) continue;
        return (va === null || va === undefined) === nullsFirst ? -1 : 1;
      }
      const cmp = compareValues(va, vb, keys[i].caseSensitive);
      if (cmp !== 0) return desc ? -cmp : cmp;
    }
    return 0;
  });
  return decorated.map((d) => d.row);
}
