/**
 * Feature parameter metadata in source format (featureParameters/<Name>.featureParameterBoolean-meta.xml,
 * …Integer…, …Date…): a root element named after the type, with masterLabel, value (the default)
 * and dataflowDirection (LmoToSubscriber | SubscriberToLmo) as text-only children.
 *
 * A tiny strict reader for exactly this shape, not a general XML parser: it keeps the text range
 * of every element (the editor underlines and hovers on them, which a library's object tree does
 * not give), refuses DTDs (no entity expansion, ever), and says where a file leaves the shape.
 */
import { type TextSpan } from '../projectInsights/findings';
import { type FeatureDataType, type FeatureDirection, FEATURE_DATA_TYPES } from './parameter';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';
const FILE_NAME = /^(.+)\.featureParameter(Boolean|Integer|Date)-meta\.xml$/i;
const DIRECTIONS: readonly FeatureDirection[] = ['LmoToSubscriber', 'SubscriberToLmo'];
const KNOWN_ELEMENTS = ['masterLabel', 'value', 'dataflowDirection'];

export interface XmlProblem {
  readonly message: string;
  readonly span: TextSpan;
}

export interface TextElement {
  /** The decoded text, trimmed. */
  readonly text: string;
  /** The whole element, <tag>…</tag>. */
  readonly span: TextSpan;
  /** The text between the tags (as written). */
  readonly textSpan: TextSpan;
}

export interface XmlDocument {
  readonly root: string;
  readonly rootSpan: TextSpan;
  readonly attributes: ReadonlyMap<string, string>;
  /** Children by tag name (a repeated child is a problem, and the first is kept). */
  readonly children: ReadonlyMap<string, TextElement>;
}

export type ParsedXml = { readonly ok: true; readonly document: XmlDocument } | { readonly ok: false; readonly problems: readonly XmlProblem[] };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /[A-Za-z_][\w.-]*/y;

class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  fail(message: string, at = this.pos, length = 1): never {
    throw new XmlError(message, { offset: Math.min(at, this.text.length), length });
  }
  skipSpaceAndComments(): void {
    for (;;) {
      while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
      if (!this.text.startsWith('<!--', this.pos)) return;
      const end = this.text.indexOf('-->', this.pos + 4);
      if (end < 0) this.fail('A comment is not closed (-->).');
      this.pos = end + 3;
    }
  }
  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) this.fail('A tag name is expected here.');
    this.pos += m[0].length;
    return m[0];
  }
  expect(literal: string, message: string): void {
    if (!this.text.startsWith(literal, this.pos)) this.fail(message);
    this.pos += literal.length;
  }
}

class XmlError extends Error {
  constructor(
    message: string,
    readonly span: TextSpan,
  ) {
    super(message);
  }
}

function decode(raw: string, at: number, reader: Reader): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);?/g, (whole, ref: string, offset: number) => {
    if (!whole.endsWith(';')) reader.fail(`"&" must start an entity such as &amp;.`, at + offset, whole.length);
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff || code === 0) reader.fail(`Not a character: &${ref};`, at + offset, whole.length);
      return String.fromCodePoint(code);
    }
    const entity = ENTITIES[ref];
    if (entity === undefined) reader.fail(`Unknown entity &${ref}; (only &amp; &lt; &gt; &quot; &apos; and character references).`, at + offset, whole.length);
    return entity;
  });
}

/** Reads the text of an element up to its end tag: text, entities and CDATA; no child elements. */
function textContent(reader: Reader, tag: string): { text: string; start: number; end: number } {
  const start = reader.pos;
  let text = '';
  for (;;) {
    const lt = reader.text.indexOf('<', reader.pos);
    if (lt < 0) reader.fail(`<${tag}> is not closed.`, start);
    text += decode(reader.text.slice(reader.pos, lt), reader.pos, reader);
    reader.pos = lt;
    if (reader.text.startsWith('<![CDATA[', lt)) {
      const end = reader.text.indexOf(']]>', lt + 9);
      if (end < 0) reader.fail('A CDATA section is not closed (]]>).', lt);
      text += reader.text.slice(lt + 9, end);
      reader.pos = end + 3;
      continue;
    }
    if (reader.text.startsWith('<!--', lt)) {
      reader.skipSpaceAndComments();
      continue;
    }
    if (reader.text.startsWith(`</${tag}`, lt)) return { text, start, end: lt };
    reader.fail(`<${tag}> holds text only; found another element.`, lt);
  }
}

function attributes(reader: Reader, into: Map<string, string>): boolean {
  for (;;) {
    const before = reader.pos;
    while (reader.pos < reader.text.length && /\s/.test(reader.text[reader.pos])) reader.pos++;
    if (reader.text.startsWith('/>', reader.pos)) {
      reader.pos += 2;
      return true;
    }
    if (reader.text[reader.pos] === '>') {
      reader.pos++;
      return false;
    }
    if (reader.pos === before) reader.fail('A space is expected between attributes.');
    const name = reader.name();
    reader.expect('=', `"=" is expected after the attribute ${name}.`);
    const quote = reader.text[reader.pos];
    if (quote !== '"' && quote !== "'") reader.fail('An attribute value must be quoted.');
    const end = reader.text.indexOf(quote, reader.pos + 1);
    if (end < 0) reader.fail('An attribute value is not closed.');
    const value = reader.text.slice(reader.pos + 1, end);
    if (value.includes('<')) reader.fail('"<" is not allowed in an attribute value.', reader.pos + 1);
    if (into.has(name)) reader.fail(`The attribute ${name} is given twice.`);
    into.set(name, decode(value, reader.pos + 1, reader));
    reader.pos = end + 1;
  }
}

/** Parses a document of one root element whose children hold text only. */
export function parseFlatXml(text: string): ParsedXml {
  const reader = new Reader(text);
  const problems: XmlProblem[] = [];
  try {
    if (reader.text.charCodeAt(0) === 0xfeff) reader.pos = 1;
    if (reader.text.startsWith('<?xml', reader.pos)) {
      const end = reader.text.indexOf('?>', reader.pos);
      if (end < 0) reader.fail('The XML declaration is not closed (?>).');
      reader.pos = end + 2;
    }
    reader.skipSpaceAndComments();
    if (reader.text.startsWith('<!DOCTYPE', reader.pos) || reader.text.startsWith('<?', reader.pos))
      reader.fail('Document type declarations and processing instructions are not allowed in metadata files.', reader.pos, 9);
    const rootStart = reader.pos;
    reader.expect('<', 'The root element is expected here.');
    const root = reader.name();
    const attrs = new Map<string, string>();
    const children = new Map<string, TextElement>();
    if (!attributes(reader, attrs)) {
      for (;;) {
        reader.skipSpaceAndComments();
        const at = reader.pos;
        if (reader.text.startsWith(`</${root}`, at)) {
          reader.pos += root.length + 2;
          reader.skipSpaceAndComments();
          reader.expect('>', `</${root}> is not closed.`);
          break;
        }
        if (reader.pos >= reader.text.length) reader.fail(`<${root}> is not closed.`, rootStart, root.length + 1);
        if (reader.text[at] !== '<') reader.fail(`Text is not allowed directly inside <${root}>.`);
        reader.pos++;
        const tag = reader.name();
        const selfClosing = attributes(reader, new Map());
        const content = selfClosing ? { text: '', start: reader.pos, end: reader.pos } : textContent(reader, tag);
        if (!selfClosing) {
          reader.pos += tag.length + 2;
          reader.skipSpaceAndComments();
          reader.expect('>', `</${tag}> is not closed.`);
        }
        const element: TextElement = {
          text: content.text.trim(),
          span: { offset: at, length: reader.pos - at },
          textSpan: { offset: content.start, length: content.end - content.start },
        };
        if (children.has(tag)) problems.push({ message: `<${tag}> is given more than once; the first one counts.`, span: element.span });
        else children.set(tag, element);
      }
    }
    const rootEnd = reader.pos;
    reader.skipSpaceAndComments();
    if (reader.pos < reader.text.length) reader.fail('Nothing may follow the root element.');
    if (problems.length) return { ok: false, problems };
    return { ok: true, document: { root, rootSpan: { offset: rootStart, length: rootEnd - rootStart }, attributes: attrs, children } };
  } catch (err) {
    if (err instanceof XmlError) return { ok: false, problems: [...problems, { message: err.message, span: err.span }] };
    throw err;
  }
}

/** A feature parameter as the package source declares it. */
export interface SourceFeatureParameter {
  /** The API name (the file name before the suffix), without namespace. */
  readonly name: string;
  readonly dataType: FeatureDataType;
  readonly direction: FeatureDirection | undefined;
  readonly masterLabel: string | undefined;
  /** The default value, as written. */
  readonly defaultValue: string | undefined;
  /** Where to hover: the whole root element. */
  readonly span: TextSpan;
  readonly directionSpan: TextSpan | undefined;
  readonly valueSpan: TextSpan | undefined;
  readonly labelSpan: TextSpan | undefined;
}

export type ParsedFeatureParameter =
  | { readonly ok: true; readonly parameter: SourceFeatureParameter; readonly problems: readonly XmlProblem[] }
  | { readonly ok: false; readonly problems: readonly XmlProblem[] };

/** The name and type a file name declares, or undefined when it is not a feature parameter file. */
export function featureParameterFileName(fileName: string): { name: string; dataType: FeatureDataType } | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const m = FILE_NAME.exec(base);
  if (!m) return undefined;
  const dataType = FEATURE_DATA_TYPES.find((t) => t.toLowerCase() === m[2].toLowerCase()) as FeatureDataType;
  return { name: m[1], dataType };
}

/** Checks a default value against its type; undefined when it is fine. */
export function defaultValueProblem(dataType: FeatureDataType, text: string): string | undefined {
  if (dataType === 'Boolean') return text === 'true' || text === 'false' ? undefined : `A Boolean parameter's value is true or false, not "${text}".`;
  if (dataType === 'Integer') return /^-?\d{1,18}$/.test(text) ? undefined : `An Integer parameter's value is a whole number, not "${text}".`;
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)
    ? undefined
    : `A Date parameter's value is a date (YYYY-MM-DD), not "${text}".`;
}

/** Reads one feature parameter file: the file name gives its API name and type; the root element must agree. */
export function parseFeatureParameterFile(fileName: string, text: string): ParsedFeatureParameter {
  const declared = featureParameterFileName(fileName);
  const whole = { offset: 0, length: Math.min(text.length, 1) };
  if (!declared) return { ok: false, problems: [{ message: `${fileName} is not named <Name>.featureParameter(Boolean|Integer|Date)-meta.xml.`, span: whole }] };
  const parsed = parseFlatXml(text);
  if (!parsed.ok) return parsed;
  const doc = parsed.document;
  const problems: XmlProblem[] = [];
  const rootName = { offset: doc.rootSpan.offset + 1, length: doc.root.length };
  const rootType = /^FeatureParameter(Boolean|Integer|Date)$/.exec(doc.root)?.[1] as FeatureDataType | undefined;
  if (!rootType)
    return { ok: false, problems: [{ message: `The root element must be <FeatureParameter${declared.dataType}>, not <${doc.root}>.`, span: rootName }] };
  if (rootType !== declared.dataType)
    problems.push({
      message: `The file name says ${declared.dataType} but the root element is <${doc.root}>: Salesforce reads the type from both.`,
      span: rootName,
    });
  if (doc.attributes.get('xmlns') !== METADATA_NAMESPACE) problems.push({ message: `The root element needs xmlns="${METADATA_NAMESPACE}".`, span: rootName });
  for (const [tag, element] of doc.children)
    if (!KNOWN_ELEMENTS.includes(tag))
      problems.push({ message: `<${tag}> is not a field of a feature parameter (masterLabel, value, dataflowDirection).`, span: element.span });
  const direction = doc.children.get('dataflowDirection');
  if (!direction) problems.push({ message: '<dataflowDirection> (LmoToSubscriber or SubscriberToLmo) is missing.', span: rootName });
  else if (!(DIRECTIONS as readonly string[]).includes(direction.text))
    problems.push({ message: `<dataflowDirection> is LmoToSubscriber or SubscriberToLmo, not "${direction.text}".`, span: direction.textSpan });
  const value = doc.children.get('value');
  const valueProblem = value ? defaultValueProblem(declared.dataType, value.text) : undefined;
  if (value && valueProblem) problems.push({ message: valueProblem, span: value.textSpan });
  const label = doc.children.get('masterLabel');
  if (!label?.text) problems.push({ message: '<masterLabel> is missing or empty.', span: label?.span ?? rootName });
  return {
    ok: true,
    problems,
    parameter: {
      name: declared.name,
      dataType: declared.dataType,
      direction: direction && (DIRECTIONS as readonly string[]).includes(direction.text) ? (direction.text as FeatureDirection) : undefined,
      masterLabel: label?.text || undefined,
      defaultValue: value?.text,
      span: doc.rootSpan,
      directionSpan: direction?.textSpan,
      valueSpan: value?.textSpan,
      labelSpan: label?.textSpan,
    },
  };
}
