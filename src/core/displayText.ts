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
 * A Salesforce session id (access token) is the org id, "!", then the secret. Anything shaped
 * like one is replaced before text reaches a terminal, a log, a webview or an error message.
 */
const SESSION_ID = /\b00D[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?![A-Za-z0-9._-]+/g;

export function looksLikeSessionId(text: string): boolean {
  return new RegExp(`^${SESSION_ID.source}$`).test(text.trim());
}

export function redactSecrets(text: string): string {
  return text.replace(SESSION_ID, (m) => `${m.slice(0, 3)}…!<redacted>`);
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
