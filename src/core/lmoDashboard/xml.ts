/**
 * A small XML writer for the source-format metadata files (docs/salesforce/lmo-dashboard.md): elements
 * in the order given (the Metadata API reads its XML in the order of its schema), four spaces of
 * indentation as Salesforce's retrieved files have, one element per line, every text value escaped. Customer text is hostile: `<`, `&` and quotes are escaped, and characters XML 1.0 cannot
 * carry at all (control characters, lone surrogates) are dropped, so no label breaks the file.
 */

export type XmlNode = { readonly name: string; readonly text: string } | { readonly name: string; readonly children: readonly XmlNode[] };

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** An element holding text (numbers and booleans are written as Salesforce writes them). */
export function leaf(name: string, value: string | number | boolean): XmlNode {
  return { name, text: String(value) };
}

/** An element holding elements; undefined children are left out (optional fields). */
export function node(name: string, ...children: readonly (XmlNode | undefined | readonly XmlNode[])[]): XmlNode {
  return { name, children: children.flat().filter((c): c is XmlNode => c !== undefined) };
}

/** Characters XML 1.0 allows: tab, newline, carriage return, and from space on, minus lone surrogates and U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

function render(n: XmlNode, depth: number, out: string[]): void {
  const pad = '    '.repeat(depth);
  if ('text' in n) {
    out.push(`${pad}<${n.name}>${escapeXml(n.text)}</${n.name}>`);
    return;
  }
  if (!n.children.length) {
    out.push(`${pad}<${n.name}/>`);
    return;
  }
  out.push(`${pad}<${n.name}>`);
  for (const c of n.children) render(c, depth + 1, out);
  out.push(`${pad}</${n.name}>`);
}

/**
 * A whole metadata file: the declaration, a comment (fixed text only: a comment cannot escape), and
 * the root element in the Metadata API namespace. Same input, same bytes.
 */
export function metadataFile(root: XmlNode, comment: string): string {
  if (comment.includes('--')) throw new Error('An XML comment cannot hold "--"');
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<!-- ${comment} -->`];
  const children = 'children' in root ? root.children : [];
  out.push(`<${root.name} xmlns="${METADATA_NAMESPACE}">`);
  for (const c of children) render(c, 1, out);
  out.push(`</${root.name}>`);
  return `${out.join('\n')}\n`;
}
