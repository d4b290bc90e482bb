/**
 * Reads the packages and version aliases of an sfdx-project.json (JSON with comments), keeping
 * where each one sits in the text so the editor can underline and annotate it.
 */
import { withoutBom } from './jsonSchemaFile';
import { type Node, type ParseError, findNodeAtLocation, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { TextSpan } from './projectInsights/findings';
import { MAX_JSON_DEPTH, jsonDepth } from './projectInsights/jsonDepth';
import { parseVersionNumber } from './versionNumber';

export type { TextSpan };

export interface ProjectPackage {
  readonly name: string;
  /** Where the package is named: its packageDirectories entry, else its alias key. */
  readonly span: TextSpan;
  /** The 0Ho… (2GP) or 033… id from packageAliases, if any. */
  readonly packageId: string | undefined;
}

export interface ProjectVersionAlias {
  /** The alias key, e.g. "Acme Billing@2.3.0-1". */
  readonly alias: string;
  /** The package part of the alias, when it has one. */
  readonly packageName: string | undefined;
  /** The version part of the alias (2.3.0-1 → 2.3.0.1), when it has one. */
  readonly versionNumber: string | undefined;
  /** The 04t… subscriber package version id. */
  readonly versionId: string;
  readonly keySpan: TextSpan;
  readonly valueSpan: TextSpan;
}

export interface SfdxProject {
  readonly packages: readonly ProjectPackage[];
  readonly versionAliases: readonly ProjectVersionAlias[];
}

export type ParsedProject = { ok: true; project: SfdxProject } | { ok: false; error: string };

const span = (node: Node): TextSpan => ({ offset: node.offset, length: node.length });

export function parseSfdxProject(source: string): ParsedProject {
  const text = withoutBom(source);
  if (jsonDepth(text) > MAX_JSON_DEPTH) return { ok: false, error: `nested more than ${MAX_JSON_DEPTH} levels deep` };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !root) {
    const first = errors[0];
    return { ok: false, error: first ? `${printParseErrorCode(first.error)} at offset ${first.offset}` : 'empty file' };
  }
  if (root.type !== 'object') return { ok: false, error: 'the top level is not a JSON object' };

  const packages = new Map<string, { name: string; span: TextSpan; packageId?: string }>();
  const key = (name: string) => name.trim().toLowerCase();

  const directories = findNodeAtLocation(root, ['packageDirectories']);
  for (const entry of directories?.type === 'array' ? (directories.children ?? []) : []) {
    const pkg = findNodeAtLocation(entry, ['package']);
    if (pkg?.type === 'string' && typeof pkg.value === 'string' && pkg.value.trim()) {
      if (!packages.has(key(pkg.value))) packages.set(key(pkg.value), { name: pkg.value, span: span(pkg) });
    }
  }

  const versionAliases: ProjectVersionAlias[] = [];
  const aliases = findNodeAtLocation(root, ['packageAliases']);
  for (const property of aliases?.type === 'object' ? (aliases.children ?? []) : []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode?.type !== 'string' || valueNode?.type !== 'string') continue;
    const alias = String(keyNode.value);
    const id = String(valueNode.value).trim();
    if (/^04t/.test(id)) {
      const at = alias.lastIndexOf('@');
      const packageName = at > 0 ? alias.slice(0, at) : undefined;
      const versionText = at > 0 ? alias.slice(at + 1) : undefined;
      versionAliases.push({
        alias,
        packageName,
        versionNumber: versionText && parseVersionNumber(versionText) ? versionText : undefined,
        versionId: id,
        keySpan: span(keyNode),
        valueSpan: span(valueNode),
      });
    } else if (/^(0Ho|033)/.test(id)) {
      const existing = packages.get(key(alias));
      if (existing) existing.packageId = id;
      else packages.set(key(alias), { name: alias, span: span(keyNode), packageId: id });
    }
  }
  return {
    ok: true,
    project: { packages: [...packages.values()].map((p) => ({ name: p.name, span: p.span, packageId: p.packageId })), versionAliases },
  };
}

/** Where a project's packages live: its packageDirectories (path and package name) and its namespace. */
export interface ProjectLayout {
  readonly directories: readonly { readonly path: string; readonly packageName: string | undefined }[];
  readonly namespace: string | undefined;
}

export function parseProjectLayout(source: string): { ok: true; layout: ProjectLayout } | { ok: false; error: string } {
  const text = withoutBom(source);
  if (jsonDepth(text) > MAX_JSON_DEPTH) return { ok: false, error: `nested more than ${MAX_JSON_DEPTH} levels deep` };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !root || root.type !== 'object') return { ok: false, error: errors.length ? printParseErrorCode(errors[0].error) : 'not a JSON object' };
  const directories = findNodeAtLocation(root, ['packageDirectories']);
  const text_ = (node: Node | undefined) => (node?.type === 'string' && typeof node.value === 'string' && node.value.trim() ? node.value.trim() : undefined);
  return {
    ok: true,
    layout: {
      directories: (directories?.type === 'array' ? (directories.children ?? []) : []).flatMap((entry) => {
        const path = text_(findNodeAtLocation(entry, ['path']));
        return path ? [{ path, packageName: text_(findNodeAtLocation(entry, ['package'])) }] : [];
      }),
      namespace: text_(findNodeAtLocation(root, ['namespace'])),
    },
  };
}
