/**
 * The envelope every delivered event travels in: CloudEvents 1.0, structured JSON mode, written
 * by hand (the official SDK brings ajv and polyfills, ~69 KB bundled, for ~20 lines of fields).
 * The same object is a JSON Lines line, a webhook body and the input of a CSV row; its JSON
 * Schema is schemas/license-change.schema.json.
 */
import { type LicenseChange, type LicenseChangeType } from './licenseChange';

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';
/** Where the schema lives in the shipped package (and in the repository). */
export const LICENSE_CHANGE_SCHEMA_PATH = 'schemas/license-change.schema.json';

export interface LicenseChangeEnvelope {
  readonly specversion: '1.0';
  readonly id: string;
  /** `urn:lma-workbench:lmo:<18-character org id of the LMO>`: id + source is unique. */
  readonly source: string;
  readonly type: LicenseChangeType;
  /** The license record id. */
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: Omit<LicenseChange, 'id' | 'type' | 'time'>;
}

export function cloudEventSource(lmoOrgId: string): string {
  return `urn:lma-workbench:lmo:${lmoOrgId}`;
}

export function toEnvelope(change: LicenseChange, source: string): LicenseChangeEnvelope {
  const { id, type, time, ...data } = change;
  return { specversion: '1.0', id, source, type, subject: change.licenseId, time, datacontenttype: 'application/json', data };
}
