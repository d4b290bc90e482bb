/**
 * A JSON-with-comments file checked against a JSON Schema (draft-07), with every problem placed
 * in the text (offset and length) and named by its JSON path, so the editor can underline it
 * and the command line can print line:column. The validator is @cfworker/json-schema: small,
 * no dependencies, and no code generation (no eval), so it runs anywhere the product runs.
 */
import { type Schema, Validator } from '@cfworker/json-schema';
import { type Node, type ParseError, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { TextSpan } from './projectInsights/findings';
import { MAX_JSON_DEPTH, jsonDepth } from './projectInsights/jsonDepth';

export type JsonPath = readonly (string | number)[];

export interface JsonFileProblem {
  /** Plain text, one line: what is wrong and where. */
  readonly message: string;
  /** Where in the document (empty for the whole document). */
  readonly path: JsonPath;
  /** Where in the text. */
  readonly span: TextSpan;
}

export type CheckedJson = { readonly ok: true; readonly root: Node; readonly value: unknown } | { readonly ok: false; readonly problems: JsonFileProblem[] };

/** Schema nodes whose failure only says "something inside failed": the deeper error says what. */
const WRAPPERS = new Set(['properties', 'additionalProperties', 'patternProperties', '$ref', 'items', 'allOf', 'if', 'dependencies', 'propertyNames']);

/** Keywords whose failure is explained by the errorMessage of the schema that holds them. */
const OWN_MESSAGE_KEYWORDS = new Set(['oneOf', 'anyOf', 'not', 'pattern', 'minimum', 'maximum', 'const']);

export class JsonSchemaFile {
  private readonly validator: Validator;

  constructor(private readonly schema: Schema) {
    this.validator = new Validator(schema, '7', false);
  }

  /** Parses (comments and trailing commas allowed; a leading UTF-8 byte order mark too) and validates; problems come back in text order. */
  check(source: string): CheckedJson {
    const text = withoutBom(source);
    if (jsonDepth(text) > MAX_JSON_DEPTH)
      return { ok: false, problems: [{ message: `Nested more than ${MAX_JSON_DEPTH} levels deep.`, path: [], span: { offset: 0, length: 0 } }] };
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length || !root) {
      const problems = errors.map((e) => ({
        message: `Not valid JSON: ${describeParseError(printParseErrorCode(e.error))}.`,
        path: [],
        span: { offset: e.offset, length: e.length },
      }));
      return { ok: false, problems: problems.length ? problems : [{ message: 'The file is empty.', path: [], span: { offset: 0, length: 0 } }] };
    }
    const value: unknown = getNodeValue(root);
    let result: ReturnType<Validator['validate']>;
    try {
      result = this.validator.validate(value);
    } catch (err) {
      // The validator gathers every error with a spread call: hundreds of thousands of them overflow the stack.
      if (!(err instanceof RangeError)) throw err;
      return {
        ok: false,
        problems: [
          {
            message: 'The file has too many problems to list one by one (most of its entries are not what its schema expects): start again from a valid file.',
            path: [],
            span: { offset: 0, length: 0 },
          },
        ],
      };
    }
    if (result.valid) return { ok: true, root, value };
    return { ok: false, problems: this.locate(result.errors, root) };
  }

  /** Each validation error placed in the text, once, in text order (linear in the errors: nodes are found through an index). */
  private locate(errors: readonly { keyword: string; keywordLocation: string; instanceLocation: string; error: string }[], root: Node): JsonFileProblem[] {
    const problems: JsonFileProblem[] = [];
    const seen = new Set<string>();
    const failedChoices = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.keywordLocation));
    const nodes = new NodeIndex(root);
    for (const error of errors) {
      if (WRAPPERS.has(error.keyword)) continue;
      // The branches of a failed oneOf/anyOf: the choice's own message says what was expected.
      if (insideAny(error.keywordLocation, failedChoices)) continue;
      const path = pointerToPath(error.instanceLocation);
      const node = nodes.at(path) ?? root;
      const unknownProperty = error.keyword === 'false';
      const span = spanOf(
        unknownProperty ? (node.parent?.children?.[0] ?? node) : error.keyword === 'required' || error.keyword === 'not' ? (keyOf(node) ?? node) : node,
      );
      const message = `${describePath(unknownProperty ? path.slice(0, -1) : path)}${this.explain(error, path)}`;
      const key = `${span.offset}:${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({ message, path, span });
    }
    problems.sort((a, b) => a.span.offset - b.span.offset);
    return problems;
  }

  private explain(error: { keyword: string; keywordLocation: string; error: string }, path: JsonPath): string {
    const node = this.schemaAt(error.keywordLocation);
    const parent = this.schemaAt(error.keywordLocation.replace(/\/[^/]*$/, '')) as Schema | undefined;
    // A schema's own errorMessage says what was expected, better than the keyword that failed.
    const own = node && typeof node === 'object' && !Array.isArray(node) ? (node as { errorMessage?: unknown }).errorMessage : undefined;
    const custom = own ?? (OWN_MESSAGE_KEYWORDS.has(error.keyword) ? parent?.errorMessage : undefined);
    if (typeof custom === 'string') return custom;
    switch (error.keyword) {
      case 'false':
        return `"${String(path[path.length - 1])}" is not a known setting here.`;
      case 'required':
        return error.error.replace(/^Instance does not have required property (.*)\.$/, 'needs $1.');
      case 'type':
        return `expected ${article(String(parent?.type ?? 'another type'))}.`;
      case 'enum':
        return `must be one of ${(parent?.enum ?? []).map((v) => JSON.stringify(v)).join(', ')}.`;
      case 'const':
        return `must be ${JSON.stringify(parent?.const)}.`;
      case 'minimum':
        return `must be at least ${Number(parent?.minimum).toLocaleString('en-US')}.`;
      case 'maximum':
        return `must be at most ${Number(parent?.maximum).toLocaleString('en-US')}.`;
      case 'pattern':
      case 'format':
        return `is not in the expected form.`;
      default:
        return `${error.error.replace(/\.$/, '')}.`;
    }
  }

  /** The schema node a keywordLocation points at, following local $refs the way the validator did. */
  private schemaAt(keywordLocation: string): unknown {
    let node: unknown = this.schema;
    for (const part of pointerToPath(keywordLocation)) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[String(part)];
      if (part === '$ref' && typeof node === 'string') node = this.resolve(node);
    }
    return node;
  }

  private resolve(ref: string): unknown {
    if (!ref.startsWith('#')) return undefined;
    let node: unknown = this.schema;
    for (const part of pointerToPath(ref)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[String(part)] : undefined;
    return node;
  }
}

/** Whether a schema location lies inside one of the given locations (walking up its parents, not scanning the set). */
function insideAny(location: string, parents: ReadonlySet<string>): boolean {
  if (!parents.size) return false;
  for (let i = location.lastIndexOf('/'); i > 0; i = location.lastIndexOf('/', i - 1)) if (parents.has(location.slice(0, i))) return true;
  return false;
}

/** The node at a path, with each object's properties indexed once (findNodeAtLocation scans them on every call). */
class NodeIndex {
  private readonly properties = new Map<Node, Map<string, Node>>();
  constructor(private readonly root: Node) {}

  at(path: JsonPath): Node | undefined {
    let node: Node | undefined = this.root;
    for (const part of path) {
      if (!node) return undefined;
      if (node.type === 'array' && typeof part === 'number') node = node.children?.[part];
      else if (node.type === 'object') node = this.propertiesOf(node).get(String(part));
      else return undefined;
    }
    return node;
  }

  private propertiesOf(node: Node): Map<string, Node> {
    let index = this.properties.get(node);
    if (!index) {
      index = new Map();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        // The first of duplicate keys, as findNodeAtLocation finds it.
        if (key && value && !index.has(String(key.value))) index.set(String(key.value), value);
      }
      this.properties.set(node, index);
    }
    return index;
  }
}

/** "#/packages/Acme~1Billing/0" → ['packages', 'Acme/Billing', 0]. */
export function pointerToPath(pointer: string): (string | number)[] {
  const body = pointer.replace(/^#/, '');
  if (!body) return [];
  return body
    .slice(1)
    .split('/')
    .map((part) => {
      let decoded = part;
      try {
        decoded = decodeURIComponent(part);
      } catch {
        // Kept as written.
      }
      decoded = decoded.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(decoded) ? Number(decoded) : decoded;
    });
}

/** `packages › "Acme Billing" › trialDays: ` for a message; "" for the whole document. */
export function describePath(path: JsonPath): string {
  if (!path.length) return '';
  return `${path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? p : JSON.stringify(p))).join(' › ')}: `;
}

export function spanOf(node: Node): TextSpan {
  return { offset: node.offset, length: node.length };
}

/** The key node of a property value, if the node is one. */
export function keyOf(node: Node): Node | undefined {
  return node.parent?.type === 'property' && node.parent.children?.[1] === node ? node.parent.children[0] : undefined;
}

/** 1-based line and column of an offset, for messages on the command line. */
/**
 * The text with a leading byte order mark (Windows editors write one) turned into a space: JSON
 * allows whitespace there, and every offset into the text stays where it was.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}

/** Line and column of many offsets in one text: the line starts are found once, then each offset by binary search. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  };
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function article(type: string): string {
  const words: Record<string, string> = {
    integer: 'a whole number',
    number: 'a number',
    string: 'text',
    boolean: 'true or false',
    object: 'an object',
    array: 'a list',
  };
  return type
    .split(',')
    .map((t) => words[t] ?? t)
    .join(' or ');
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
