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
  const literal = soqlString(text).slice(1, -1).replace(/[%_]/g, (c) => `\\${c}`);
  return `'%${literal}%'`;
}

/** A LIKE pattern matching values that start with `text`. */
export function soqlStartsWith(text: string): string {
  const literal = soqlString(text).slice(1, -1).replace(/[%_]/g, (c) => `\\${c}`);
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

/** Tagged template: soql`SELECT Id FROM X WHERE Name = ${name}` escapes `name`. */
export function soql(strings: TemplateStringsArray, ...values: SoqlValue[]): string {
  let out = strings[0];
  values.forEach((v, i) => {
    out += soqlLiteral(v) + strings[i + 1];
  });
  return out;
}
