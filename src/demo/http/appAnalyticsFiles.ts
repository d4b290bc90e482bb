/**
 * The App Analytics download host: GET <DownloadUrl>, a pre-signed URL that needs no Salesforce
 * session. As an object store answers one (docs/salesforce/app-analytics.md, unconfirmed in detail):
 * a Salesforce Authorization header beside the URL's signature is refused (400 InvalidArgument), a
 * wrong signature or an unknown file is 403 AccessDenied, an expired URL 403 "Request has expired",
 * all with an XML body; otherwise the CSV (gzip when the request asked for it), streamed.
 */
import type * as http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { type AppAnalytics, FILE_PATH } from '../appAnalytics';

export { FILE_PATH as APP_ANALYTICS_FILE_PATH };

function xmlError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>DEMO${Date.now()}</RequestId></Error>`;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

export async function appAnalyticsFile(
  files: AppAnalytics,
  now: number,
  method: string,
  path: string,
  params: URLSearchParams,
  headers: Record<string, string | undefined>,
  res: http.ServerResponse,
): Promise<void> {
  if (method !== 'GET' && method !== 'HEAD') return xmlError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  if (headers.authorization !== undefined)
    return xmlError(
      res,
      400,
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
    );
  const file = files.file(path.slice(FILE_PATH.length));
  if (!file || params.get('X-Amz-Signature') !== file.signature) return xmlError(res, 403, 'AccessDenied', 'Access Denied');
  if (now > file.expiresMs) return xmlError(res, 403, 'AccessDenied', 'Request has expired');
  res.writeHead(200, {
    'Content-Type': file.gzip ? 'application/x-gzip' : 'text/csv',
    'Content-Length': String(file.size),
    'Content-Disposition': `attachment; filename="${file.requestId}.csv${file.gzip ? '.gz' : ''}"`,
  });
  if (method === 'HEAD') return void res.end();
  await pipeline(file.body(), res);
}
