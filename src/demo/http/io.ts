/** Reading requests and writing responses, with the limits a real server has. */
import type * as http from 'node:http';
import { ApiError } from '../apiError';

/** The largest request body the demo reads (Salesforce's REST limit is in this range). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Reads a body up to `limit` bytes; over it, answers 413 without reading the rest. */
export async function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return (await readBytes(req, limit)).toString('utf8');
}

/** Reads a body's bytes up to `limit` (a zip to deploy); over it, 413 without reading the rest. */
export function readBytes(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'REQUEST_ENTITY_TOO_LARGE', `The request body is larger than ${limit} bytes.`);
}

export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON');
  }
}

export function send(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  sendRaw(res, status, JSON.stringify(body), headers);
}

export function sendRaw(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(text);
}

export function sendHtml(res: http.ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Frame-Options': 'DENY',
    ...headers,
  });
  res.end(html);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Loopback names only: a web page that rebinds its DNS name to 127.0.0.1 still sends its own Host. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

/** Decodes a URL path or query safely: a malformed % escape is the client's error (400), never a crash. */
export function decodeOrReject(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ApiError(400, 'MALFORMED_URL', 'The URL holds a malformed % escape.');
  }
}
