/**
 * Building SOQL safely. Values never get concatenated raw: `soql` quotes and escapes each
 * interpolated value by type, and identifiers must come from our own field lists.
 */

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A SOQL string literal, quoted, with every character SOQL treats specially escaped. */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => STRING_ESCAPES[c])}'`;
}

/** A LIKE pattern that matches `text` literally somewhere (wildcards in the text are escaped). */
export function soqlContains(text: string): string {
  const literal = soqlString(text)
    .slice(1, -1)
    .replace(/[%_]/g, (c) => `\\${c}`);
  return `'%${literal}%'`;
}

/** A LIKE pattern matching values that start with `text`. */
export function soqlStartsWith(text: string): string {
  const literal = soqlString(text)
    .slice(1, -1)
    .replace(/[%_]/g, (c) => `\\${c}`);
  return `'${literal}%'`;
}

/** Raw SOQL text that we wrote ourselves (field names, clauses). Never wrap user input in it. */
export class SoqlFragment {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export const raw = (text: string) => new SoqlFragment(text);

export type SoqlValue = string | number | boolean | null | SoqlFragment | readonly (string | number)[];

/** Formats one value as a SOQL literal. */
export function soqlLiteral(value: SoqlValue): string {
  if (value instanceof SoqlFragment) return value.text;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new RangeError('An IN list needs at least one value');
    return `(${value.map((v) => soqlLiteral(v)).join(', ')})`;
  }
  return soqlString(value as string);
}

/** SOQL date literal (YYYY-MM-DD), checked, unquoted. */
export function soqlDate(date: string): SoqlFragment {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Not a date: ${date}`);
  return raw(date);
}

/** SOQL date-time literal (UTC, seconds precision) of an instant, unquoted. */
export function soqlDateTime(instant: string | Date): SoqlFragment {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date-time: ${String(instant)}`);
  return raw(date.toISOString().replace(/\.\d{3}Z$/, 'Z'));
}

/** Tagged template: soql`SELECT Id FROM X WHERE Name = ${name}` escapes `name`. */
export function soql(strings: TemplateStringsArray, ...values: SoqlValue[]): string {
  let out = strings[0];
  values.forEach((v, i) => {
    out += soqlLiteral(v) + strings[i + 1];
  });
  return out;
}

/**
 * Salesforce caps a WHERE clause at 4,000 characters (the conservative reading of "4,000
 * characters for each string within a WHERE clause", the one Salesforce's own packaging library
 * applies). Long IN lists are split so that each rendered WHERE clause stays under this.
 */
export const MAX_WHERE_LENGTH = 3_900;

/**
 * Splits `values` into chunks whose rendered WHERE clause (`render(chunk)`, the whole clause with
 * every other condition) is at most `maxLength` characters. Throws if even one value is too long.
 */
export function chunkByWhereLength<T extends string | number>(
  values: readonly T[],
  render: (chunk: readonly T[]) => string,
  maxLength = MAX_WHERE_LENGTH,
): T[][] {
  if (values.length === 0) return [];
  const overhead = render([values[0]]).length - soqlLiteral(values[0]).length;
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let length = overhead;
  for (const value of values) {
    const cost = soqlLiteral(value).length + (chunk.length ? 2 : 0);
    if (chunk.length && length + cost > maxLength) {
      chunks.push(chunk);
      chunk = [];
      length = overhead;
    }
    chunk.push(value);
    length += soqlLiteral(value).length + (chunk.length > 1 ? 2 : 0);
    if (length > maxLength) throw new RangeError(`A WHERE clause for one value is ${length} characters, over the ${maxLength} limit`);
  }
  chunks.push(chunk);
  for (const c of chunks) {
    const rendered = render(c).length;
    if (rendered > maxLength) throw new RangeError(`Chunked WHERE clause is ${rendered} characters, over ${maxLength}`);
  }
  return chunks;
}

/** The WHERE clause of a SOQL statement (without the keyword), for measuring. */
export function whereOf(soqlText: string): string {
  const m = /\sWHERE\s([\s\S]*?)(?:\sGROUP BY\s|\sORDER BY\s|\sLIMIT\s|\sOFFSET\s|$)/i.exec(soqlText);
  return m ? m[1] : '';
}
