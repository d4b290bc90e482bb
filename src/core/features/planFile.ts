/** The plan file of `features set --plan FILE` (JSON with comments), checked against schemas/feature-values.schema.json. */
import type { Schema } from '@cfworker/json-schema';
import schema from '../../../schemas/feature-values.schema.json';
import { type JsonFileProblem, JsonSchemaFile } from '../jsonSchemaFile';
import { type FeatureValuePlanRequest } from './valueChanges';

const checker = new JsonSchemaFile(schema as Schema);

export const FEATURE_VALUES_SCHEMA: Readonly<Record<string, unknown>> = schema;

export type ParsedValuePlanFile =
  { readonly ok: true; readonly request: FeatureValuePlanRequest } | { readonly ok: false; readonly problems: readonly JsonFileProblem[] };

export function parseValuePlanFile(text: string): ParsedValuePlanFile {
  const checked = checker.check(text);
  if (!checked.ok) return checked;
  const value = checked.value as FeatureValuePlanRequest;
  return {
    ok: true,
    request: {
      ...(value.description !== undefined ? { description: value.description } : {}),
      changes: value.changes.map((c) => ({ license: c.license, parameter: c.parameter, value: c.value })),
    },
  };
}
