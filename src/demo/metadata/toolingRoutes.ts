/**
 * Tooling sObject records: `tooling/sobjects/CustomApplication/{id}` (GET, PATCH of `Metadata`) and
 * `tooling/sobjects/Profile/{id}` (GET). Other Tooling objects and verbs are not modelled (404).
 * Sources: docs/demo.md#home-page-assignments.
 */
import { ApiError, notFound } from '../apiError';
import { type ApiRequest, type ApiResponse, noContent, ok } from '../http/types';
import { type DemoRecord, type ObjectDef } from '../schemaDsl';
import { type DemoStore } from '../store';
import { type AppAssignments } from './appAssignments';
import { TOOLING_PROFILE } from './profiles';
import { CUSTOM_APPLICATION } from './schema';

const ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

const methodNotAllowed = (method: string, allowed: string) =>
  new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed}`);

export class ToolingSObjectRoutes {
  constructor(
    private readonly store: DemoStore,
    private readonly apps: AppAssignments,
  ) {}

  /** `tooling/sobjects/…`: `segments` start after `tooling`. */
  handle(req: ApiRequest, segments: readonly string[]): ApiResponse {
    const [, objectName, id, extra] = segments;
    const object = [CUSTOM_APPLICATION, TOOLING_PROFILE].find((o) => o.name.toLowerCase() === objectName?.toLowerCase());
    if (!object || id === undefined || extra !== undefined) throw notFound();
    const editable = object === CUSTOM_APPLICATION;
    if (req.method !== 'GET' && req.method !== 'HEAD' && !(editable && req.method === 'PATCH'))
      throw methodNotAllowed(req.method, editable ? 'GET, PATCH' : 'GET, HEAD');
    if (!ID.test(id)) throw new ApiError(400, 'MALFORMED_ID', `${object.name} ID: id value of incorrect type: ${id}`, ['Id']);
    const record = this.store.lookup(id);
    if (!record || this.store.objectOf(id) !== object.name || record.IsDeleted === true) throw notFound();
    if (req.method === 'PATCH') {
      this.patchApp(record, req.body);
      return noContent();
    }
    return ok(this.body(req.version, object, record));
  }

  /** Only `Metadata` is updatable (FullName is create-only; the others are read-only). */
  private patchApp(record: DemoRecord, body: unknown): void {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
    const entries = Object.entries(body as Record<string, unknown>).filter(([name]) => name !== 'attributes');
    for (const [name] of entries) {
      const field = CUSTOM_APPLICATION.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
      if (!field) throw new ApiError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${CUSTOM_APPLICATION.name}`);
      if (field.name !== 'Metadata')
        throw new ApiError(
          400,
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          [field.name],
        );
    }
    const metadata = entries.find(([name]) => name.toLowerCase() === 'metadata');
    if (metadata) this.apps.updateMetadata(record, metadata[1]);
  }

  private body(version: string, object: ObjectDef, record: DemoRecord): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: { type: object.name, url: `/services/data/v${version}/tooling/sobjects/${object.name}/${record.Id}` } };
    for (const f of object.fields) out[f.name] = record[f.name] ?? null;
    return out;
  }
}
