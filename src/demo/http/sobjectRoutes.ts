import { ApiError, invalidType, notFound } from '../apiError';
import { sfDateTime } from '../generator';
import { DemoRecord, FieldDef, ObjectDef, Schema } from '../schema';
import { DemoStore } from '../store';
import { readField } from '../soql/fieldPath';
import { ApiRequest, ApiResponse, noContent, ok } from './types';

const MAX_SEATS = 99_000_000;
const COLLECTION_LIMIT = 200;

/** Describe, record GET/PATCH/DELETE and sObject Collections update. */
export class SObjectRoutes {
  constructor(
    private readonly store: DemoStore,
    private readonly schema: () => Schema,
  ) {}

  describeGlobal(req: ApiRequest): ApiResponse {
    return ok({
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: this.schema().all().filter((o) => !o.tooling).map((o) => ({
        name: o.name, label: o.label, keyPrefix: o.keyPrefix, custom: o.name.endsWith('__c'), queryable: true, updateable: true,
        urls: { sobject: `/services/data/v${req.version}/sobjects/${o.name}` },
      })),
    });
  }

  describe(object: ObjectDef): ApiResponse {
    return ok({
      name: object.name,
      label: object.label,
      keyPrefix: object.keyPrefix,
      custom: object.name.endsWith('__c'),
      fields: object.fields.map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        length: f.length ?? 0,
        calculated: !!f.formula,
        groupable: f.groupable !== false,
        updateable: f.updateable !== false,
        createable: f.updateable !== false,
        nillable: f.type !== 'boolean' && f.name !== 'Id',
        custom: f.name.endsWith('__c'),
        referenceTo: f.referenceTo ? [f.referenceTo] : [],
        relationshipName: f.relationshipName ?? null,
        picklistValues: (f.picklistValues ?? []).map((v) => ({ value: v, label: v, active: true, defaultValue: false })),
      })),
    });
  }

  /** /sobjects/<Object>[/<Id>|/describe] */
  handle(req: ApiRequest): ApiResponse {
    const [, objectName, idOrVerb] = req.segments;
    if (!objectName) {
      if (req.method !== 'GET') throw methodNotAllowed(req.method, 'GET');
      return this.describeGlobal(req);
    }
    const object = this.schema().object(objectName);
    if (!object || object.tooling) throw notFound();
    if (idOrVerb === 'describe') return this.describe(object);
    if (!idOrVerb) throw methodNotAllowed(req.method, 'GET, POST');
    const record = this.find(object, idOrVerb);
    switch (req.method) {
      case 'GET': {
        const wanted = req.params.get('fields')?.split(',').map((f) => f.trim()).filter(Boolean);
        const fields = wanted ? wanted.map((name) => this.field(object, name)) : object.fields;
        const out: Record<string, unknown> = { attributes: { type: object.name, url: `/services/data/v${req.version}/sobjects/${object.name}/${record.Id}` } };
        for (const f of fields) out[f.name] = readField(f, record, this.store.lookup);
        return ok(out);
      }
      case 'PATCH':
        this.update(object, record, req.body);
        return noContent();
      case 'DELETE':
        if (record.IsDeleted === true) throw new ApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
        this.store.touch(record);
        record.IsDeleted = true;
        return noContent();
      default:
        throw methodNotAllowed(req.method, 'GET, PATCH, DELETE');
    }
  }

  /** PATCH /composite/sobjects: up to 200 records, a SaveResult each, in order. */
  updateCollection(req: ApiRequest): ApiResponse {
    if (req.method !== 'PATCH') throw methodNotAllowed(req.method, 'PATCH');
    const body = req.body as { allOrNone?: boolean; records?: unknown[] } | undefined;
    const records = body?.records;
    if (!Array.isArray(records) || records.length === 0) throw new ApiError(400, 'INVALID_FIELD', 'No records were provided');
    if (records.length > COLLECTION_LIMIT) throw new ApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`);
    const snapshots: [DemoRecord, DemoRecord][] = [];
    const results = records.map((raw) => {
      const input = (raw ?? {}) as Record<string, unknown> & { attributes?: { type?: string }; id?: string; Id?: string };
      const id = String(input.id ?? input.Id ?? '');
      try {
        const object = this.schema().object(input.attributes?.type ?? '');
        if (!object || object.tooling) throw invalidType(input.attributes?.type ?? '');
        const record = this.find(object, id);
        const { attributes: _a, id: _i, Id: _I, ...fields } = input;
        snapshots.push([record, { ...record }]);
        this.update(object, record, fields);
        return { id: record.Id, success: true, errors: [] };
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError(400, 'UNKNOWN_EXCEPTION', String(err));
        return { id: id || null, success: false, errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }] };
      }
    });
    if (body?.allOrNone && results.some((r) => !r.success)) {
      // Newest first, so a record changed twice ends up as it was before the call.
      for (const [record, before] of snapshots.reverse()) Object.assign(record, before);
      return ok(results.map((r) => (r.success
        ? { id: r.id, success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] }
        : r)));
    }
    return ok(results);
  }

  private find(object: ObjectDef, id: string): DemoRecord {
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) throw new ApiError(400, 'MALFORMED_ID', `${object.name} ID: id value of incorrect type: ${id}`, ['Id']);
    const record = this.store.lookup(id);
    if (!record || this.store.objectOf(id) !== object.name) throw notFound();
    return record;
  }

  private field(object: ObjectDef, name: string): FieldDef {
    const field = this.schema().field(object, name);
    if (!field) throw new ApiError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`);
    return field;
  }

  /** Validates every field first, then writes them all, as a single-record save does. */
  private update(object: ObjectDef, record: DemoRecord, body: unknown): void {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
    const changes: [FieldDef, unknown][] = [];
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      if (name === 'attributes') continue;
      const field = this.field(object, name);
      if (field.updateable === false) {
        throw new ApiError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [field.name]);
      }
      changes.push([field, checkValue(field, value)]);
    }
    this.store.touch(record);
    for (const [field, value] of changes) record[field.name] = value;
    const now = sfDateTime(Date.now());
    if ('LastModifiedDate' in record) record.LastModifiedDate = now;
    if ('SystemModstamp' in record) record.SystemModstamp = now;
  }
}

function methodNotAllowed(method: string, allowed: string): ApiError {
  return new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed}`);
}

function checkValue(field: FieldDef, value: unknown): unknown {
  const bad = (why: string) => new ApiError(400, 'INVALID_TYPE_ON_FIELD_IN_RECORD', `${field.label}: ${why}`, [field.name]);
  if (value === null) return null;
  switch (field.type) {
    case 'double':
    case 'int':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`value not of required type: ${JSON.stringify(value)}`);
      if (field.name === 'sfLma__Seats__c' && value > MAX_SEATS) throw new ApiError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `${field.label}: value outside of valid range on numeric field: ${value}`, [field.name]);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw bad(`value not of required type: ${JSON.stringify(value)}`);
      return value;
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw bad(`value not of required type: ${JSON.stringify(value)}`);
      return value;
    case 'picklist':
      if (typeof value !== 'string' || !field.picklistValues?.includes(value)) {
        throw new ApiError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${String(value)}`, [field.name]);
      }
      return value;
    default:
      if (typeof value !== 'string') throw bad(`value not of required type: ${JSON.stringify(value)}`);
      if (field.length && value.length > field.length) throw new ApiError(400, 'STRING_TOO_LONG', `${field.label}: data value too large: ${value.slice(0, 40)}… (max length=${field.length})`, [field.name]);
      return value;
  }
}
