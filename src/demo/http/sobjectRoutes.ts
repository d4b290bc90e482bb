/**
 * /sobjects: describe, record GET/PATCH/DELETE, the replication resources (updated, deleted) and
 * sObject Collections update. Writes behave as a real org's do: values are coerced the way
 * Salesforce's JSON reader coerces them, tracked License fields write history, the record type
 * follows the status, and DELETE moves a record to the Recycle Bin.
 */
import { ApiError, invalidType, notFound } from '../apiError';
import { checkFmaWrite } from '../fmaRules';
import { checkModifyLicense } from '../modifyLicenseRules';
import { type DemoRecord, type FieldDef, type ObjectDef, type Schema, TRACKED_LICENSE_FIELDS } from '../schema';
import { type DemoStore, LICENSE_OBJECT, RECYCLE_BIN_DAYS } from '../store';
import { readField } from '../soql/fieldPath';
import { DAY_MS, sfDateTime } from '../time';
import { type ApiRequest, type ApiResponse, noContent, ok } from './types';

const MAX_SEATS = 99_000_000;
const COLLECTION_LIMIT = 200;
const REPLICATION_DAYS = 30;
const UPDATED_ID_LIMIT = 600_000;

export interface Session {
  /** The user the API calls run as (history's CreatedById). */
  userId(): string;
  /** The demo's current instant. */
  now(): number;
  /** Whether the running user may edit records of an object (its object permissions). */
  canEdit(objectName: string): boolean;
  /** Whether the org's admin made a field required. */
  isRequired(objectName: string, fieldName: string): boolean;
  /** An injected failure for a write of this record, if one is due (see Faults.failRecords). */
  recordFailure?(id: string): ApiError | undefined;
  /**
   * Creates a record of an object the demo lets the API create (POST /sobjects/<Object>), from
   * values already checked against the fields' types; undefined when the object cannot be created.
   */
  create?(objectName: string, values: ReadonlyMap<string, unknown>): DemoRecord | undefined;
  /** Whether the demo creates records of the object through the API (create's objects). */
  canCreate?(objectName: string): boolean;
}

export class SObjectRoutes {
  constructor(
    private readonly store: DemoStore,
    private readonly schema: (version?: string) => Schema,
    private readonly session: Session,
  ) {}

  describeGlobal(req: ApiRequest): ApiResponse {
    return ok({
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: this.schema(req.version)
        .all()
        .filter((o) => !o.tooling)
        .map((o) => ({
          name: o.name,
          label: o.label,
          keyPrefix: o.keyPrefix,
          custom: o.name.endsWith('__c'),
          queryable: true,
          updateable: !o.name.endsWith('__History') && this.session.canEdit(o.name),
          urls: { sobject: `/services/data/v${req.version}/sobjects/${o.name}` },
        })),
    });
  }

  describe(object: ObjectDef): ApiResponse {
    const editable = this.session.canEdit(object.name) && !object.name.endsWith('__History');
    return ok({
      name: object.name,
      label: object.label,
      keyPrefix: object.keyPrefix,
      custom: object.name.endsWith('__c'),
      queryable: true,
      retrieveable: true,
      createable: editable,
      updateable: editable,
      deletable: editable,
      fields: object.fields.map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        length: f.length ?? 0,
        calculated: !!f.formula,
        groupable: f.groupable !== false,
        filterable: f.filterable !== false,
        sortable: f.sortable !== false,
        updateable: f.updateable !== false,
        createable: f.createable ?? f.updateable !== false,
        nillable: f.type !== 'boolean' && f.name !== 'Id' && !f.required && !this.session.isRequired(object.name, f.name),
        defaultedOnCreate:
          f.type === 'boolean' || ['Id', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'SystemModstamp', 'OwnerId', 'Name'].includes(f.name),
        custom: f.name.endsWith('__c'),
        referenceTo: f.referenceTo ? [f.referenceTo] : [],
        relationshipName: f.relationshipName ?? null,
        picklistValues: (f.picklistValues ?? []).map((v) => ({ value: v, label: v, active: true, defaultValue: false })),
      })),
    });
  }

  /** /sobjects/<Object>[/<Id>|/describe|/updated|/deleted] */
  handle(req: ApiRequest): ApiResponse {
    const [, objectName, idOrVerb] = req.segments;
    if (!objectName) {
      if (req.method !== 'GET') throw methodNotAllowed(req.method, 'GET');
      return this.describeGlobal(req);
    }
    const object = this.schema(req.version).object(objectName);
    if (!object || object.tooling) throw notFound();
    if (idOrVerb === 'describe') return this.describe(object);
    if (idOrVerb === 'updated' || idOrVerb === 'deleted') return this.replication(req, object, idOrVerb);
    // Only the objects the demo creates take a POST (the others answer as before: 405).
    if (!idOrVerb && req.method === 'POST' && this.session.canCreate?.(object.name)) return this.create(object, req.body);
    if (!idOrVerb) throw methodNotAllowed(req.method, 'GET, POST');
    const record = this.find(object, idOrVerb, req.method !== 'GET');
    switch (req.method) {
      case 'GET': {
        const wanted = req.params
          .get('fields')
          ?.split(',')
          .map((f) => f.trim())
          .filter(Boolean);
        const fields = wanted ? wanted.map((name) => this.field(object, name)) : object.fields;
        const out: Record<string, unknown> = { attributes: { type: object.name, url: `/services/data/v${req.version}/sobjects/${object.name}/${record.Id}` } };
        for (const f of fields) out[f.name] = readField(f, record, this.store.lookup);
        return ok(out);
      }
      case 'PATCH':
        this.update(object, record, req.body);
        return noContent();
      case 'DELETE':
        this.store.delete(record, this.session.now());
        return noContent();
      default:
        throw methodNotAllowed(req.method, 'GET, PATCH, DELETE');
    }
  }

  /**
   * GET /sobjects/X/updated?start=&end= → { ids, latestDateCovered }; …/deleted → { deletedRecords,
   * earliestDateAvailable, latestDateCovered }. Salesforce's windows: start at most 30 days back,
   * at least a minute before end; seconds are dropped.
   */
  private replication(req: ApiRequest, object: ObjectDef, kind: 'updated' | 'deleted'): ApiResponse {
    if (req.method !== 'GET') throw methodNotAllowed(req.method, 'GET');
    const parse = (name: string) => {
      const text = req.params.get(name);
      const ms = text ? Date.parse(text.replace(/\+0000$/, 'Z')) : Number.NaN;
      if (Number.isNaN(ms)) throw new ApiError(400, 'INVALID_REPLICATION_DATE', `${name}Date: a valid date-time is required`);
      return Math.floor(ms / 60_000) * 60_000;
    };
    const start = parse('start');
    const end = parse('end');
    const now = this.session.now();
    if (end - start < 60_000) throw new ApiError(400, 'INVALID_REPLICATION_DATE', 'startDate must be at least one minute greater than endDate');
    if (start < now - REPLICATION_DAYS * DAY_MS)
      throw new ApiError(400, 'INVALID_REPLICATION_DATE', `startDate cannot be more than ${REPLICATION_DAYS} days ago`);
    const latest = Math.min(end, Math.floor(now / 60_000) * 60_000);
    if (kind === 'deleted') {
      const earliest = now - RECYCLE_BIN_DAYS * DAY_MS;
      const deletedRecords = this.store
        .deletedBetween(object.name, Math.max(start, earliest), end)
        .map((d) => ({ id: d.id, deletedDate: sfDateTime(d.deletedMs) }));
      return ok({ deletedRecords, earliestDateAvailable: sfDateTime(Math.floor(earliest / 60_000) * 60_000), latestDateCovered: sfDateTime(latest) });
    }
    const ids: string[] = [];
    for (const r of this.store.rows(object)) {
      const stamp = Date.parse(String(r.SystemModstamp ?? r.LastModifiedDate ?? '').replace(/\+0000$/, 'Z'));
      if (r.IsDeleted !== true && stamp >= start && stamp <= end) ids.push(r.Id);
    }
    if (ids.length > UPDATED_ID_LIMIT) throw new ApiError(400, 'EXCEEDED_ID_LIMIT', `The number of ids exceeds ${UPDATED_ID_LIMIT}: use a shorter window`);
    return ok({ ids, latestDateCovered: sfDateTime(latest) });
  }

  /** PATCH /composite/sobjects: up to 200 records, a SaveResult each, in order. */
  updateCollection(req: ApiRequest): ApiResponse {
    if (req.method !== 'PATCH') throw methodNotAllowed(req.method, 'PATCH');
    const body = req.body as { allOrNone?: boolean; records?: unknown[] } | undefined;
    const records = body?.records;
    if (!Array.isArray(records) || records.length === 0) throw new ApiError(400, 'INVALID_FIELD', 'No records were provided');
    if (records.length > COLLECTION_LIMIT)
      throw new ApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`);
    const allOrNone = body?.allOrNone === true;
    this.store.transaction.begin();
    const results = records.map((raw) => {
      const input = (raw ?? {}) as Record<string, unknown> & { attributes?: { type?: string }; id?: string; Id?: string };
      const id = String(input.id ?? input.Id ?? '');
      try {
        const object = this.schema(req.version).object(input.attributes?.type ?? '');
        if (!object || object.tooling) throw invalidType(input.attributes?.type ?? '');
        const record = this.find(object, id, true);
        const { attributes: _a, id: _i, Id: _I, ...fields } = input;
        this.update(object, record, fields);
        return { id: record.Id, success: true, errors: [] };
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError(400, 'UNKNOWN_EXCEPTION', String(err));
        return { id: id || null, success: false, errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }] };
      }
    });
    if (allOrNone && results.some((r) => !r.success)) {
      this.store.transaction.rollback();
      return ok(
        results.map((r) =>
          r.success
            ? {
                id: r.id,
                success: false,
                errors: [
                  {
                    statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                    message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
                    fields: [],
                  },
                ],
              }
            : r,
        ),
      );
    }
    this.store.transaction.commit();
    return ok(results);
  }

  /** A write from inside the demo (the change simulator): PATCH's path and rules, history included. */
  write(objectName: string, id: string, fields: Record<string, unknown>): DemoRecord {
    const object = this.schema().object(objectName);
    if (!object) throw invalidType(objectName);
    const record = this.find(object, id, true);
    this.update(object, record, fields);
    return record;
  }

  /** POST /sobjects/<Object>: every value checked as Salesforce checks it, then the object's own rules (201 { id, success, errors }). */
  private create(object: ObjectDef, body: unknown): ApiResponse {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
    if (!this.session.canEdit(object.name) || !this.session.create)
      throw new ApiError(400, 'INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id');
    const values = new Map<string, unknown>();
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      if (name === 'attributes') continue;
      const field = this.field(object, name);
      if (!(field.createable ?? field.updateable !== false)) {
        throw new ApiError(
          400,
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          [field.name],
        );
      }
      values.set(field.name, checkValue(field, value));
    }
    const missing = object.fields.filter((f) => f.required && (values.get(f.name) ?? null) === null).map((f) => f.name);
    if (missing.length) throw new ApiError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    const record = this.session.create(object.name, values);
    if (!record) throw new ApiError(400, 'INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id');
    return { status: 201, body: { id: record.Id, success: true, errors: [] } };
  }

  private find(object: ObjectDef, id: string, forWrite: boolean): DemoRecord {
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) throw new ApiError(400, 'MALFORMED_ID', `${object.name} ID: id value of incorrect type: ${id}`, ['Id']);
    const record = this.store.lookup(id);
    if (!record || this.store.objectOf(id) !== object.name || this.store.purged(record, this.session.now())) throw notFound();
    if (record.IsDeleted === true) throw new ApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    if (forWrite && object.name.endsWith('__History')) throw new ApiError(400, 'INVALID_TYPE_FOR_OPERATION', 'entity type cannot be updated');
    if (forWrite && !this.session.canEdit(object.name)) throw new ApiError(400, 'INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id');
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
        throw new ApiError(
          400,
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          [field.name],
        );
      }
      changes.push([field, checkValue(field, value)]);
    }
    const injected = this.session.recordFailure?.(record.Id);
    if (injected) throw injected;
    const changed = new Map(changes.map(([f, v]) => [f.name, v]));
    if (object.name === LICENSE_OBJECT) checkModifyLicense(record, changed, sfDateTime(this.session.now()).slice(0, 10));
    checkFmaWrite(object.name, record, changed, this.session.userId(), this.store.lookup);
    this.store.touch(record);
    const now = this.session.now();
    for (const [field, value] of changes) {
      const before = record[field.name] ?? null;
      record[field.name] = value;
      if (object.name === LICENSE_OBJECT && (TRACKED_LICENSE_FIELDS as readonly string[]).includes(field.name) && before !== value)
        this.writeHistory(record, field, before, value, now);
    }
    if (object.name === LICENSE_OBJECT && changes.some(([f]) => f.name === 'sfLma__Status__c')) this.followStatus(record);
    if ('LastModifiedDate' in record) record.LastModifiedDate = sfDateTime(now);
    if ('SystemModstamp' in record) record.SystemModstamp = sfDateTime(now);
  }

  private writeHistory(record: DemoRecord, field: FieldDef, before: unknown, after: unknown, now: number): void {
    const base = { parentId: record.Id, field: field.name, atMs: now, createdById: this.session.userId() };
    if (field.type === 'reference') {
      const name = (id: unknown) => (typeof id === 'string' ? ((this.store.lookup(id)?.Name as string | undefined) ?? null) : null);
      this.store.appendHistory({ ...base, dataType: 'EntityId', oldValue: before, newValue: after });
      this.store.appendHistory({ ...base, dataType: 'Text', oldValue: name(before), newValue: name(after) });
    } else {
      this.store.appendHistory({
        ...base,
        dataType: field.type === 'double' ? 'Double' : field.type === 'date' ? 'Date' : 'Picklist',
        oldValue: before,
        newValue: after,
      });
    }
  }

  /** The License's record type follows its status (the LMA keeps them in step). */
  private followStatus(record: DemoRecord): void {
    const type = this.store.rows('RecordType').find((r) => r.SobjectType === LICENSE_OBJECT && r.Name === record.sfLma__Status__c);
    if (type) record.RecordTypeId = type.Id;
  }
}

function methodNotAllowed(method: string, allowed: string): ApiError {
  return new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed}`);
}

const NUMBER_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Coerces a JSON value to the field's type the way Salesforce's JSON reader does, or fails with its error. */
export function checkValue(field: FieldDef, value: unknown): unknown {
  const notDeserializable = (typeName: string) =>
    new ApiError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${typeName} from ${typeof value === 'string' ? 'VALUE_STRING' : 'VALUE'} value ${String(value)} or request may be missing a required field`,
      [field.name],
    );
  if (value === null) return null;
  switch (field.type) {
    case 'double':
    case 'int': {
      // A number sent as a string ("77", as the Salesforce CLI sends every value) is read as the number.
      const n = typeof value === 'number' ? value : typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : Number.NaN;
      if (!Number.isFinite(n)) throw notDeserializable(field.type);
      if (field.type === 'int' && !Number.isInteger(n)) throw notDeserializable('int');
      if (field.name === 'sfLma__Seats__c' && n > MAX_SEATS)
        throw new ApiError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `${field.label}: value outside of valid range on numeric field: ${n}`, [field.name]);
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw notDeserializable('boolean');
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw notDeserializable('date');
      return value;
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw notDeserializable('datetime');
      return value;
    case 'picklist':
      if (typeof value !== 'string' || !field.picklistValues?.includes(value)) {
        throw new ApiError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${String(value)}`, [
          field.name,
        ]);
      }
      return value;
    case 'reference':
    case 'id':
      if (typeof value !== 'string' || !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value))
        throw new ApiError(400, 'MALFORMED_ID', `${field.label}: id value of incorrect type: ${String(value)}`, [field.name]);
      return value;
    default: {
      const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
      if (text === undefined) throw notDeserializable('String');
      if (field.length && text.length > field.length)
        throw new ApiError(400, 'STRING_TOO_LONG', `${field.label}: data value too large: ${text.slice(0, 40)}… (max length=${field.length})`, [field.name]);
      return text;
    }
  }
}
