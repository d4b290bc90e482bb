/**
 * The provisioning rules file (e.g. `.lma/provisioning.json`, JSON with comments): each package's
 * default license and the policies every license should meet, checked against
 * schemas/provisioning.schema.json, with where each rule sits in the text.
 */
import type { Schema } from '@cfworker/json-schema';
import { type Node, findNodeAtLocation } from 'jsonc-parser';
import schema from '../../../schemas/provisioning.schema.json';
import type { TextSpan } from '../projectInsights/findings';
import { type JsonFileProblem, JsonSchemaFile, keyOf, spanOf } from '../jsonSchemaFile';

export { MAX_SEATS, MAX_TRIAL_DAYS } from '../lmaLimits';

export type DefaultSeats = number | 'site';
export type DefaultTerm = number | 'perpetual';

/** A package's default license, as declared. */
export interface PackageDefaults {
  readonly status: 'Trial' | 'Active';
  /** Trial length (status Trial). */
  readonly trialDays?: number;
  readonly seats: DefaultSeats;
  /** Days until expiry after install, or perpetual (status Active). */
  readonly termDays?: DefaultTerm;
}

export type DefaultsField = keyof PackageDefaults;

export interface PackageRule {
  /** The key as written: a package name or a 033 id. */
  readonly key: string;
  readonly defaults: PackageDefaults;
  /** The key in the text (diagnostics about the whole package go here). */
  readonly keySpan: TextSpan;
  /** Each declared field's value in the text. */
  readonly fieldSpans: Readonly<Partial<Record<DefaultsField, TextSpan>>>;
}

export interface Policies {
  readonly maxTrialDays?: number;
  readonly seatsNeverBelowUsed?: boolean;
  readonly sandboxesSiteWide?: boolean;
  readonly expiredGraceDays?: number;
  readonly seatsAlwaysSet?: boolean;
  readonly maxSeats?: number;
}

export type PolicyName = keyof Policies;
export const POLICY_NAMES: readonly PolicyName[] = [
  'maxTrialDays',
  'seatsNeverBelowUsed',
  'sandboxesSiteWide',
  'expiredGraceDays',
  'seatsAlwaysSet',
  'maxSeats',
];

export interface ProvisioningRules {
  readonly packages: readonly PackageRule[];
  readonly policies: Policies;
  /** Where each policy is set. */
  readonly policySpans: Readonly<Partial<Record<PolicyName, TextSpan>>>;
  /** The whole document (for findings that belong to no rule). */
  readonly documentSpan: TextSpan;
}

export type ParsedRules = { readonly ok: true; readonly rules: ProvisioningRules } | { readonly ok: false; readonly problems: readonly JsonFileProblem[] };

const checker = new JsonSchemaFile(schema as Schema);

/** The rules file's JSON Schema (draft-07), e.g. for an editor's validation. */
export const PROVISIONING_SCHEMA: Readonly<Record<string, unknown>> = schema;

/**
 * The largest rules file read: a rule per package and a few policies fit in a few thousand
 * characters, so a file this large is a mistake, and refusing it keeps the audit quick.
 */
export const MAX_RULES_FILE_CHARS = 1_000_000;

export function rulesFileTooLarge(size: number, unit: 'characters' | 'bytes' = 'characters'): string | undefined {
  return size > MAX_RULES_FILE_CHARS
    ? `The rules file has ${size.toLocaleString('en-US')} ${unit}; a rules file may have at most ${MAX_RULES_FILE_CHARS.toLocaleString('en-US')} (one rule per package and the policies take a few thousand).`
    : undefined;
}

export function parseRulesFile(text: string): ParsedRules {
  const tooLarge = rulesFileTooLarge(text.length);
  if (tooLarge) return { ok: false, problems: [{ message: tooLarge, path: [], span: { offset: 0, length: 0 } }] };
  const checked = checker.check(text);
  if (!checked.ok) return checked;
  const root = checked.root;
  const value = checked.value as { packages?: Record<string, PackageDefaults>; policies?: Policies };
  const packages: PackageRule[] = [];
  const packagesNode = findNodeAtLocation(root, ['packages']);
  for (const property of packagesNode?.type === 'object' ? (packagesNode.children ?? []) : []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    const fieldSpans: Partial<Record<DefaultsField, TextSpan>> = {};
    for (const field of ['status', 'trialDays', 'seats', 'termDays'] as const) {
      const node = findNodeAtLocation(valueNode, [field]);
      if (node) fieldSpans[field] = spanOf(node);
    }
    packages.push({ key, defaults: { ...(value.packages ?? {})[key] }, keySpan: spanOf(keyNode), fieldSpans });
  }
  const policySpans: Partial<Record<PolicyName, TextSpan>> = {};
  for (const name of POLICY_NAMES) {
    const node = findNodeAtLocation(root, ['policies', name]);
    if (node) policySpans[name] = spanOfProperty(node);
  }
  return { ok: true, rules: { packages, policies: { ...value.policies }, policySpans, documentSpan: spanOf(root) } };
}

/** A property's key and value together ("maxTrialDays": 30). */
function spanOfProperty(valueNode: Node): TextSpan {
  const key = keyOf(valueNode);
  if (!key) return spanOf(valueNode);
  return { offset: key.offset, length: valueNode.offset + valueNode.length - key.offset };
}
