/** The plan file of `licenses modify --plan FILE` (JSON with comments), checked against schemas/license-changes.schema.json. */
import type { Schema } from '@cfworker/json-schema';
import schema from '../../../schemas/license-changes.schema.json';
import { type JsonFileProblem, JsonSchemaFile } from '../jsonSchemaFile';
import { type PlanRequest } from './plan';

const checker = new JsonSchemaFile(schema as Schema);

export const LICENSE_CHANGES_SCHEMA: Readonly<Record<string, unknown>> = schema;

export type ParsedPlanFile = { readonly ok: true; readonly request: PlanRequest } | { readonly ok: false; readonly problems: readonly JsonFileProblem[] };

export function parsePlanFile(text: string): ParsedPlanFile {
  const checked = checker.check(text);
  if (!checked.ok) return checked;
  const value = checked.value as PlanRequest;
  // Plain objects (the parser's have no prototype).
  return {
    ok: true,
    request: { ...(value.description !== undefined ? { description: value.description } : {}), changes: value.changes.map((c) => ({ ...c })) },
  };
}
