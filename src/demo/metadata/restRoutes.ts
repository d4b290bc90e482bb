/**
 * The Metadata REST resource `/services/data/vXX.X/metadata/deployRequest`: POST a multipart body
 * (a JSON part `json` — jsforce names it `entity_content` — holding `{ deployOptions }`, and the zip
 * as part `file`) → 201 with the queued deploy; GET `deployRequest/<id>[?includeDetails=true]` → its
 * status (docs/salesforce/lmo-dashboard.md#deploy).
 */
import { ApiError, notFound } from '../apiError';
import { type ApiRequest, type ApiResponse, ok } from '../http/types';
import { type DeployEngine, type DeployOptions, type DeployResult } from './deployEngine';

export interface MultipartPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly data: Buffer;
}

const badRequest = (message: string) => new ApiError(400, 'INVALID_MULTIPART_REQUEST', message);

/** The parts of a multipart/form-data body. */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] {
  const boundary = /^multipart\/form-data\s*;.*?\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!boundary) throw badRequest('The request must be multipart/form-data with a boundary.');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: MultipartPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw badRequest('The multipart body has no part.');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return parts;
    const headerEnd = body.indexOf('\r\n\r\n', at);
    const next = body.indexOf(delimiter, at);
    if (headerEnd < 0 || next < 0 || headerEnd > next) throw badRequest('The multipart body is malformed.');
    const headers = body.subarray(at, headerEnd).toString('utf8');
    const disposition = /content-disposition:\s*form-data([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw badRequest('A multipart part has no name.');
    // The part's data ends before the CRLF that precedes the next delimiter.
    const end = body.subarray(next - 2, next).toString() === '\r\n' ? next - 2 : next;
    parts.push({
      name,
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
      contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim(),
      data: body.subarray(headerEnd + 4, end),
    });
    at = next;
  }
}

export class MetadataRestRoutes {
  constructor(
    private readonly engine: DeployEngine,
    private readonly baseUrl: () => string,
  ) {}

  /** `metadata/…` of the REST API; `segments` start after `metadata`. */
  handle(req: ApiRequest, segments: readonly string[]): ApiResponse {
    const [resource, id, extra] = segments;
    if (resource !== 'deployRequest' || extra !== undefined) throw notFound();
    if (id === undefined) {
      if (req.method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are POST`);
      if (!Buffer.isBuffer(req.body)) throw badRequest('The request must be multipart/form-data with a boundary.');
      const parts = parseMultipart(req.body, req.headers['content-type']);
      const json = parts.find((p) => p.name === 'json' || p.name === 'entity_content');
      const file = parts.find((p) => p.name === 'file');
      if (!file) throw badRequest('The multipart body has no part named file (the zip to deploy).');
      let deployOptions: DeployOptions = {};
      if (json) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(json.data.toString('utf8'));
        } catch {
          throw new ApiError(400, 'JSON_PARSER_ERROR', 'The json part is not valid JSON');
        }
        const options = (parsed as { deployOptions?: unknown } | null)?.deployOptions;
        if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options)))
          throw new ApiError(400, 'JSON_PARSER_ERROR', 'deployOptions must be an object');
        deployOptions = (options ?? {}) as DeployOptions;
      }
      const { id: deployId, result } = this.engine.start(file.data, deployOptions);
      return { status: 201, body: this.body(req.version, deployId, deployOptions, result) };
    }
    if (req.method !== 'GET') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are GET`);
    const includeDetails = req.params.get('includeDetails') === 'true';
    const result = this.engine.check(id, includeDetails);
    if (!result) throw notFound();
    return ok(this.body(req.version, result.id, this.engine.options(result.id), result));
  }

  private body(version: string, id: string, deployOptions: DeployOptions, deployResult: DeployResult): object {
    return { id, validatedDeployRequestId: null, deployOptions, deployResult, url: `${this.baseUrl()}/services/data/v${version}/metadata/deployRequest/${id}` };
  }
}
