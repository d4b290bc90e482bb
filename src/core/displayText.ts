/**
 * Customer-supplied text (org and account names) is hostile. Where it lands in plain-text UI
 * (tree labels, quick picks, status bar), make invisible and direction-changing characters
 * visible and keep it on one line, so what the user sees is what the record holds.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

const codePoint = (c: string) => `<U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}>`;

export function singleLine(text: string, maxLength = 120): string {
  const cleaned = text
    .replace(/\r\n|\r|\n|\t/g, ' ')
    .replace(CONTROL, codePoint)
    .replace(INVISIBLE, codePoint);
  return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength - 1)}…` : cleaned;
}

/**
 * A Salesforce session id (access token) is the org id, "!", then the secret (docs/salesforce/write-safety.md).
 * Every shape of it is replaced before text reaches a terminal, a log, a journal, JSON output, a
 * webview or an error message: the whole id; the secret after "!" without the org id; a token after
 * "Bearer", "OAuth", "sid=" or a session/access token key; and any long opaque token (40+ characters
 * mixing upper case, lower case and digits, not an API name) that stands alone.
 */
const SESSION_ID = /\b00D[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?![A-Za-z0-9._-]+/g;
const SECRET_PART = /![A-Za-z0-9._-]{16,}/g;
const AFTER_SCHEME = /\b(Bearer|OAuth)(\s+)[A-Za-z0-9._~+/=!-]{16,}/gi;
const AFTER_KEY =
  /\b(sid|session[_ -]?id|session[_ -]?token|access[_ -]?token|refresh[_ -]?token|oauth[_ -]?token)(["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/=!%-]{16,}/gi;
const OPAQUE = /(?<![A-Za-z0-9._-])[A-Za-z0-9][A-Za-z0-9._-]{39,}/g;
const REDACTED = '<redacted>';

export function looksLikeSessionId(text: string): boolean {
  return new RegExp(`^${SESSION_ID.source}$`).test(text.trim());
}

/** A long token that reads like a secret: upper case, lower case and digits mixed, and not an API name (which has "__"). */
function opaque(token: string): boolean {
  return /[A-Z]/.test(token) && /[a-z]/.test(token) && (token.match(/\d/g)?.length ?? 0) >= 3 && !token.includes('__');
}

/** The one redaction: every text that is journaled, printed or logged goes through it (or through redactDeep). */
export function redactSecrets(text: string): string {
  return text
    .replace(SESSION_ID, (m) => `${m.slice(0, 3)}…!${REDACTED}`)
    .replace(SECRET_PART, `!${REDACTED}`)
    .replace(AFTER_SCHEME, (_m, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(AFTER_KEY, (_m, key: string, between: string) => `${key}${between}${REDACTED}`)
    .replace(OPAQUE, (m) => (opaque(m) ? REDACTED : m));
}

/** A value (e.g. a journal entry or a command's JSON result) with every string in it redacted. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v)) as T;
  if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * Text for a terminal: control characters (escape sequences that could rewrite the screen or the
 * title) and direction overrides from org text are shown as <U+XXXX>; line breaks stay.
 */
export function terminalSafe(text: string): string {
  return redactSecrets(text.replace(TERMINAL_UNSAFE, codePoint));
}
