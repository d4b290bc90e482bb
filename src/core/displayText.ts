/**
 * Customer-supplied text (org and account names) is hostile. Where it lands in plain-text UI
 * (tree labels, quick picks, status bar), make invisible and direction-changing characters
 * visible and keep it on one line, so what the user sees is what the record holds.
 */
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
