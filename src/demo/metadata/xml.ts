/**
 * A small, strict XML reader for the metadata files and SOAP envelopes the demo receives: elements,
 * attributes, text, CDATA, comments, the XML declaration and the five predefined entities plus
 * character references. Anything else (a DOCTYPE, an unclosed or mismatched tag, text outside the
 * root) is refused with the line and column, as the Metadata API refuses a file it cannot parse
 * (docs/salesforce/lmo-dashboard.md#deploy).
 */

export interface XmlElement {
  /** The name as written, prefix included (`soapenv:Body`). */
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text (character data directly inside it), trimmed. */
  text: string;
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.:-]*/;

/** Parses a document; throws XmlError at the first fault. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const where = (at: number): [number, number] => {
    const before = source.slice(0, at).split('\n');
    return [before.length, before[before.length - 1].length + 1];
  };
  const fail = (message: string, at = i): never => {
    const [line, column] = where(at);
    throw new XmlError(message, line, column);
  };
  const decode = (text: string, at: number): string =>
    text.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
      if (!whole.endsWith(';')) fail("The reference to entity must end with the ';' delimiter.", at);
      if (name.startsWith('#')) {
        const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
          return fail(`Character reference "&${name};" is an invalid XML character.`, at);
        return String.fromCodePoint(code);
      }
      const value = ENTITIES[name];
      if (value === undefined) fail(`The entity "${name}" was referenced, but not declared.`, at);
      return value as string;
    });
  const skipMisc = () => {
    for (;;) {
      while (i < source.length && /\s/.test(source[i])) i++;
      if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i + 4);
        if (end < 0) fail('Unterminated comment.');
        i = end + 3;
      } else if (source.startsWith('<?', i)) {
        const end = source.indexOf('?>', i + 2);
        if (end < 0) fail('Unterminated processing instruction.');
        i = end + 2;
      } else return;
    }
  };
  if (source.charCodeAt(0) === 0xfeff) i = 1;
  skipMisc();
  if (source.startsWith('<!DOCTYPE', i)) fail('DOCTYPE is disallowed.');
  if (source[i] !== '<') fail('Content is not allowed in prolog.');
  const root = element();
  skipMisc();
  if (i < source.length) fail('Content is not allowed in trailing section.');
  return root;

  function element(): XmlElement {
    const start = i;
    i++;
    const name = NAME.exec(source.slice(i, i + 200))?.[0];
    if (!name) return fail('Element type is expected.', start);
    i += name.length;
    const attrs: Record<string, string> = {};
    for (;;) {
      while (/\s/.test(source[i] ?? '')) i++;
      if (source.startsWith('/>', i)) {
        i += 2;
        return { name, attrs, children: [], text: '' };
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      const attr = NAME.exec(source.slice(i, i + 200))?.[0];
      if (!attr) return fail(`Element type "${name}" must be followed by either attribute specifications, ">" or "/>".`);
      i += attr.length;
      while (/\s/.test(source[i] ?? '')) i++;
      if (source[i] !== '=') fail(`Attribute name "${attr}" associated with an element type "${name}" must be followed by the ' = ' character.`);
      i++;
      while (/\s/.test(source[i] ?? '')) i++;
      const quote = source[i];
      if (quote !== '"' && quote !== "'") fail(`Open quote is expected for attribute "${attr}".`);
      const end = source.indexOf(quote, i + 1);
      if (end < 0) fail(`Unterminated attribute value of "${attr}".`);
      if (attr in attrs) fail(`Attribute "${attr}" was already specified for element "${name}".`);
      attrs[attr] = decode(source.slice(i + 1, end), i);
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (i >= source.length) fail(`XML document structures must start and end within the same entity (element "${name}").`);
      if (source.startsWith('</', i)) {
        const close = NAME.exec(source.slice(i + 2, i + 202))?.[0];
        if (close !== name) fail(`The element type "${name}" must be terminated by the matching end-tag "</${name}>".`);
        i += 2 + name.length;
        while (/\s/.test(source[i] ?? '')) i++;
        if (source[i] !== '>') fail(`The end-tag for element type "${name}" must end with a '>' delimiter.`);
        i++;
        return { name, attrs, children, text: text.trim() };
      }
      if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i + 4);
        if (end < 0) fail('Unterminated comment.');
        i = end + 3;
      } else if (source.startsWith('<![CDATA[', i)) {
        const end = source.indexOf(']]>', i + 9);
        if (end < 0) fail('The CDATA section must end with "]]>".');
        text += source.slice(i + 9, end);
        i = end + 3;
      } else if (source[i] === '<') {
        children.push(element());
      } else {
        const next = source.indexOf('<', i);
        const end = next < 0 ? source.length : next;
        text += decode(source.slice(i, end), i);
        i = end;
      }
    }
  }
}

/** The local name of an element (without its prefix). */
export const localName = (e: XmlElement): string => e.name.slice(e.name.indexOf(':') + 1);

/** The first child with a local name. */
export const child = (e: XmlElement | undefined, name: string): XmlElement | undefined => e?.children.find((c) => localName(c) === name);

/** Every child with a local name. */
export const childrenNamed = (e: XmlElement | undefined, name: string): XmlElement[] => e?.children.filter((c) => localName(c) === name) ?? [];

/** The text of the first child with a local name. */
export const childText = (e: XmlElement | undefined, name: string): string | undefined => child(e, name)?.text;

/** Escapes text for an XML element or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}
