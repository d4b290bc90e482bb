/**
 * A strict reader for the metadata XML the product writes (tests only): the declaration, comments,
 * elements (attributes only on the root), text with the five named entities and numeric references.
 * Anything else — a mismatched tag, a raw `<` or `&` in text, a stray character — throws, so a test
 * that reads a file back also proves it is well-formed for this subset.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  readonly text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  if (/[<]/.test(raw)) throw new Error(`Raw "<" in text: ${raw}`);
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`Unterminated entity in ${JSON.stringify(raw)}`);
    if (ref in ENTITIES) return ENTITIES[ref];
    const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(ref);
    if (num) return String.fromCodePoint(num[1].startsWith('x') ? parseInt(num[1].slice(1), 16) : Number(num[1]));
    throw new Error(`Unknown entity &${ref};`);
  });
}

export function parseXml(text: string): XmlElement {
  let i = 0;
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(text.slice(i));
      i += ws ? ws[0].length : 0;
      if (text.startsWith('<?', i)) i = text.indexOf('?>', i) + 2;
      else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) throw new Error('Unterminated comment');
        i = end + 3;
      } else return;
    }
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z][\w:.-]*)((?:\s+[\w:]+="[^"<]*")*)\s*(\/?)>/.exec(text.slice(i));
    if (!open) throw new Error(`Expected an element at ${i}: ${text.slice(i, i + 40)}`);
    i += open[0].length;
    const attributes: Record<string, string> = {};
    for (const m of open[2].matchAll(/([\w:]+)="([^"]*)"/g)) attributes[m[1]] = decode(m[2]);
    const el: XmlElement = { name: open[1], attributes, children: [], text: '' };
    if (open[3]) return el;
    let textParts = '';
    for (;;) {
      const lt = text.indexOf('<', i);
      if (lt < 0) throw new Error(`Unclosed <${el.name}>`);
      textParts += text.slice(i, lt);
      i = lt;
      if (text.startsWith('</', i)) {
        const close = /^<\/([\w:.-]+)\s*>/.exec(text.slice(i));
        if (!close || close[1] !== el.name) throw new Error(`Mismatched close of <${el.name}> at ${i}`);
        i += close[0].length;
        break;
      }
      if (text.startsWith('<!--', i)) {
        i = text.indexOf('-->', i) + 3;
        continue;
      }
      el.children.push(element());
    }
    const decoded = decode(textParts);
    if (el.children.length && decoded.trim()) throw new Error(`Mixed content in <${el.name}>`);
    return { ...el, text: el.children.length ? '' : decoded };
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== text.length) throw new Error(`Content after the root element at ${i}`);
  return root;
}

/** Children named `name`. */
export const all = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);

/** The one child named `name` (throws when there is not exactly one). */
export function one(el: XmlElement, name: string): XmlElement {
  const found = all(el, name);
  if (found.length !== 1) throw new Error(`<${el.name}> has ${found.length} <${name}>, not 1`);
  return found[0];
}

/** The text of the one child named `name`. */
export const textOf = (el: XmlElement, name: string): string => one(el, name).text;
