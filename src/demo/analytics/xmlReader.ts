/**
 * A small strict reader for the Report metadata XML (docs/salesforce/lmo-dashboard.md): the
 * declaration, comments, elements (attributes only on the root), text with the five named entities
 * and numeric references. No DTD, no CDATA, no processing instructions after the declaration: a
 * file that leaves this subset is refused, never guessed at.
 */

export interface XmlElement {
  readonly name: string;
  readonly children: readonly XmlElement[];
  /** The decoded text of a text-only element ('' for one with children). */
  readonly text: string;
}

export class XmlReadError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /[A-Za-z_][\w.-]*/y;

function decode(raw: string): string {
  return raw.replace(/&([^;&<]*)(;?)/g, (_whole, ref: string, semi: string) => {
    if (!semi) throw new XmlReadError('An "&" in text is not an entity reference.');
    if (ref in ENTITIES) return ENTITIES[ref];
    const num = /^#(x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/.exec(ref);
    if (!num) throw new XmlReadError(`Unknown entity &${ref};`);
    const code = num[1].startsWith('x') ? parseInt(num[1].slice(1), 16) : Number(num[1]);
    if (code > 0x10ffff) throw new XmlReadError(`Character reference &${ref}; is out of range.`);
    return String.fromCodePoint(code);
  });
}

export function readXml(text: string): XmlElement {
  let i = 0;
  const fail = (message: string): never => {
    throw new XmlReadError(`${message} (at character ${i})`);
  };
  const skipMisc = (allowDeclaration: boolean) => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (allowDeclaration && i === 0 && text.startsWith('<?xml', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) fail('The XML declaration is not closed');
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) fail('A comment is not closed');
        i = end + 3;
      } else return;
      allowDeclaration = false;
    }
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) return fail('A tag name is expected');
    i += m[0].length;
    return m[0];
  };
  const element = (root: boolean): XmlElement => {
    if (text[i] !== '<') fail('An element is expected');
    i++;
    const tag = name();
    const open = text.indexOf('>', i);
    if (open < 0) fail(`<${tag}> is not closed`);
    const rest = text.slice(i, open);
    const selfClosing = rest.endsWith('/');
    const attributes = selfClosing ? rest.slice(0, -1) : rest;
    if (attributes.trim() && (!root || !/^(\s+[A-Za-z_:][\w.:-]*="[^"<&]*")+\s*$/.test(attributes))) fail(`<${tag}> has attributes the reader does not take`);
    i = open + 1;
    if (selfClosing) return { name: tag, children: [], text: '' };
    const children: XmlElement[] = [];
    let raw = '';
    for (;;) {
      const lt = text.indexOf('<', i);
      if (lt < 0) fail(`<${tag}> is not closed`);
      raw += text.slice(i, lt);
      i = lt;
      if (text.startsWith('</', i)) {
        i += 2;
        if (name() !== tag) fail(`</${tag}> is expected`);
        if (text[i] !== '>') fail(`</${tag}> is not closed`);
        i++;
        break;
      }
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) fail('A comment is not closed');
        i = end + 3;
        continue;
      }
      if (text.startsWith('<!', i) || text.startsWith('<?', i)) fail('DTDs, CDATA and processing instructions are not taken');
      children.push(element(false));
    }
    if (children.length && raw.trim()) fail(`<${tag}> mixes text and elements`);
    return { name: tag, children, text: children.length ? '' : decode(raw) };
  };
  skipMisc(true);
  if (text.startsWith('<!', i)) fail('DTDs are not taken');
  const root = element(true);
  skipMisc(false);
  if (i !== text.length) fail('Text after the root element');
  return root;
}

/** The children of an element with a given name. */
export const childrenNamed = (e: XmlElement, name: string): XmlElement[] => e.children.filter((c) => c.name === name);

/** The text of the only child with that name, or undefined when there is none (two is an error). */
export function childText(e: XmlElement, name: string): string | undefined {
  const found = childrenNamed(e, name);
  if (found.length > 1) throw new XmlReadError(`<${e.name}> has ${found.length} <${name}> elements: at most one.`);
  if (!found.length) return undefined;
  if (found[0].children.length) throw new XmlReadError(`<${name}> must hold text, not elements.`);
  return found[0].text;
}
