/**
 * Where Apex reads or writes a feature parameter: System.FeatureManagement.checkPackageBooleanValue('Name')
 * (and …IntegerValue, …DateValue) reads it; setPackage…Value('Name', value) reports a subscriber → LMO
 * value. Apex is case-insensitive. Matches inside comments and string literals are not calls and
 * are ignored; a name that is not a string literal (a variable) cannot be resolved and is skipped.
 */
import { type TextSpan } from '../projectInsights/findings';
import { type FeatureDataType } from './parameter';

export interface ApexFeatureReference {
  /** The parameter name as written (without quotes). */
  readonly name: string;
  readonly access: 'check' | 'set';
  readonly dataType: FeatureDataType;
  /** The method name, e.g. checkPackageBooleanValue. */
  readonly method: string;
  /** The string literal's contents (inside the quotes). */
  readonly nameSpan: TextSpan;
  /** From FeatureManagement (or System.) to the opening parenthesis. */
  readonly callSpan: TextSpan;
}

/** The source with comments and string contents blanked (same length, line breaks kept), so code can be searched by offset. */
export function codeOnly(source: string): string {
  const out = source.split('');
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'") {
      let k = i + 1;
      while (k < source.length && source[k] !== "'" && source[k] !== '\n') k += source[k] === '\\' ? 2 : 1;
      blank(i + 1, Math.min(k, source.length));
      i = k + 1;
    } else i++;
  }
  return out.join('');
}

const CALL = /\b(?:System\s*\.\s*)?FeatureManagement\s*\.\s*(check|set)Package(Boolean|Integer|Date)Value\s*\(/gi;

/** Every call with a literal parameter name, in source order. */
export function findApexFeatureReferences(source: string): ApexFeatureReference[] {
  const code = codeOnly(source);
  const found: ApexFeatureReference[] = [];
  for (const m of code.matchAll(CALL)) {
    const start = m.index ?? 0;
    let k = start + m[0].length;
    while (k < code.length && /\s/.test(code[k])) k++;
    if (source[k] !== "'") continue;
    let end = k + 1;
    let name = '';
    while (end < source.length && source[end] !== "'" && source[end] !== '\n') {
      if (source[end] === '\\') {
        name += source[end + 1] ?? '';
        end += 2;
      } else name += source[end++];
    }
    if (source[end] !== "'" || !name.trim()) continue;
    const dataType = (m[2][0].toUpperCase() + m[2].slice(1).toLowerCase()) as FeatureDataType;
    const access = m[1].toLowerCase() as 'check' | 'set';
    found.push({
      name: name.trim(),
      access,
      dataType,
      method: `${access}Package${dataType}Value`,
      nameSpan: { offset: k + 1, length: end - k - 1 },
      callSpan: { offset: start, length: m[0].length },
    });
  }
  return found;
}
