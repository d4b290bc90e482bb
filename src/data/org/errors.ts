import { redactSecrets } from '../../core/displayText';
import { type OrgTarget, describeWhere } from './orgTarget';

export type LmoErrorKind =
  | 'sessionExpired'
  | 'apiLimit'
  | 'permission'
  | 'lmaMissing'
  | 'network'
  | 'timeout'
  | 'queryTimeout'
  | 'aggregateTooLarge'
  | 'invalidQuery'
  | 'notFound'
  | 'serverError'
  | 'badResponse'
  | 'cancelled'
  | 'notConnected'
  | 'usage'
  | 'targetChanged'
  | 'unknown';

const BRAND = Symbol.for('lma-workbench.LmoError');

/**
 * An error with a message a user can act on. `detail` keeps the technical text for the log.
 * Recognised by `isLmoError`, not `instanceof`: the class is compiled into more than one bundle
 * (the activation bundle and the lazily loaded data layer).
 */
export class LmoError extends Error {
  readonly [BRAND] = true;
  constructor(
    readonly kind: LmoErrorKind,
    message: string,
    readonly detail: string,
    readonly errorCode?: string,
  ) {
    super(redactSecrets(message));
    this.name = 'LmoError';
    this.detail = redactSecrets(detail);
  }
}

export function isLmoError(value: unknown): value is LmoError {
  return !!value && typeof value === 'object' && (value as Record<symbol, unknown>)[BRAND] === true;
}

export function cancelled(): LmoError {
  return new LmoError('cancelled', 'Cancelled.', 'cancelled by the user');
}

export function notConnected(role = 'a License Management Org'): LmoError {
  return new LmoError('notConnected', `Connect to ${role} first.`, 'not connected');
}

/** A wrong argument or setting: says what was wrong, never echoes a secret. */
export function usageError(message: string): LmoError {
  return new LmoError('usage', message, 'usage');
}

const PERMISSION_CODES = new Set([
  'INSUFFICIENT_ACCESS',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'API_DISABLED_FOR_ORG',
  'API_CURRENTLY_DISABLED',
  'FUNCTIONALITY_NOT_ENABLED',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

interface ErrorLike {
  name?: string;
  errorCode?: string;
  message?: string;
  code?: string;
  cause?: unknown;
  data?: unknown;
}

function networkCode(err: ErrorLike | undefined, depth = 0): string | undefined {
  if (!err || depth > 4) return undefined;
  if (err.code && NETWORK_CODES.has(err.code)) return err.code;
  return networkCode(err.cause as ErrorLike | undefined, depth + 1);
}

/** Turns whatever jsforce, core or fetch threw into an LmoError with an actionable message. */
export function toLmoError(error: unknown, target: OrgTarget): LmoError {
  if (isLmoError(error)) return error;
  const err = (error ?? {}) as ErrorLike;
  const code = err.errorCode ?? err.name ?? '';
  const status = /^ERROR_HTTP_(\d{3})$/.exec(code)?.[1];
  const text = err.message?.trim() || (status ? `HTTP ${status} with no details in the response` : String(error));
  const detail = `${code ? `${code}: ` : ''}${text}`;
  const org = target.label;

  if (code === 'INVALID_SESSION_ID' || /^Unable to refresh session/i.test(text) || /expired access\/refresh token/i.test(text)) {
    return new LmoError('sessionExpired', `The session for ${org} has expired or is no longer valid. Log in again: ${target.reloginHint}`, detail, code);
  }
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    return new LmoError(
      'apiLimit',
      `${org} has used up its daily API request limit (REQUEST_LIMIT_EXCEEDED). This is the org's own limit, shared by every integration, not a permission problem; it frees up over a rolling 24 hours.`,
      detail,
      code,
    );
  }
  if (code === 'INVALID_TYPE' && /sfFma__/i.test(text)) {
    return new LmoError(
      'lmaMissing',
      `The Feature Management App is not installed in ${org}, or your user cannot see its objects. It ships with a Partner Business Org: ask an admin for Read access to Feature Parameter and its Boolean, Integer and Date value objects.`,
      detail,
      code,
    );
  }
  if (code === 'INVALID_TYPE' && /sfLma__/i.test(text)) {
    return new LmoError(
      'lmaMissing',
      `The License Management App is not installed in ${org}, or your user cannot see its objects. Install the LMA in your License Management Org, or ask an admin to give you Read access to the License, Package and Package Version objects.`,
      detail,
      code,
    );
  }
  if (PERMISSION_CODES.has(code)) {
    return new LmoError(
      'permission',
      `Your user in ${org} lacks a permission this needs (${code}). Ask your Salesforce admin for it; the LMA needs at least Read on License, Package and Package Version.`,
      detail,
      code,
    );
  }
  if (code === 'INVALID_FIELD' && /sfLma__/i.test(text)) {
    return new LmoError(
      'permission',
      `${org} refused an LMA field: it may be hidden from your user by field-level security, or this LMA version lacks it. Ask an admin to make the License, Package and Package Version fields readable.`,
      detail,
      code,
    );
  }
  if (code === 'QUERY_TIMEOUT') {
    return new LmoError(
      'queryTimeout',
      `${org} stopped a query that ran too long (QUERY_TIMEOUT). Narrow the filter (one package, or fewer statuses) and try again.`,
      detail,
      code,
    );
  }
  // Salesforce answers an aggregate past one batch with EXCEEDED_ID_LIMIT (docs/salesforce/soql-and-composite.md).
  if ((code === 'EXCEEDED_ID_LIMIT' || code === 'MALFORMED_QUERY') && /does not support queryMore|exceeds? .*aggregate/i.test(text)) {
    return new LmoError(
      'aggregateTooLarge',
      `${org} has more groups than one aggregate query may return (2,000 rows). Narrow the scope to one package and try again.`,
      detail,
      code,
    );
  }
  if (code === 'MALFORMED_QUERY' || code === 'INVALID_FIELD' || code === 'INVALID_TYPE' || code === 'INVALID_QUERY_FILTER_OPERATOR') {
    return new LmoError(
      'invalidQuery',
      `${org} rejected a query from LMA Workbench (${code}). Please report this; the details are in the LMA Workbench log.`,
      detail,
      code,
    );
  }
  if (code === 'NOT_FOUND' || code === 'ENTITY_IS_DELETED') {
    return new LmoError('notFound', `The record no longer exists in ${org} or you cannot see it.`, detail, code);
  }
  if (/^ERROR_HTTP_5\d\d$/.test(code) || code === 'UNKNOWN_EXCEPTION' || code === 'SERVER_UNAVAILABLE') {
    return new LmoError('serverError', `${org} returned a server error. Salesforce may be busy or in maintenance; try again in a few minutes.`, detail, code);
  }
  if (/html content/i.test(text) || err.name === 'SyntaxError') {
    return new LmoError(
      'badResponse',
      `${org} answered with something that is not the Salesforce API (maybe a proxy or a maintenance page). Check that ${describeWhere(target)} is reachable.`,
      detail,
      code,
    );
  }
  const net = networkCode(err);
  if (net || /fetch failed|socket hang up|network/i.test(text)) {
    return new LmoError(
      'network',
      `Cannot reach ${describeWhere(target)}${net ? ` (${net})` : ''}. Check your network connection, VPN or proxy settings.`,
      detail,
      net ?? code,
    );
  }
  return new LmoError('unknown', `${org}: ${text}`, detail, code || undefined);
}
