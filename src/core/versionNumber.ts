/**
 * Package version numbers: `major.minor[.patch[.build]]`, also written `1.2.3-4` in
 * sfdx-project.json aliases. Compared numerically, so 1.10 is newer than 1.9.
 */
export type VersionParts = readonly number[];

export function parseVersionNumber(text: string | null | undefined): VersionParts | undefined {
  if (!text) return undefined;
  const cleaned = text
    .trim()
    .replace(/^v(er(sion)?)?\s*/i, '')
    .replace('-', '.');
  if (!/^\d+(\.\d+){0,3}$/.test(cleaned)) return undefined;
  return cleaned.split('.').map(Number);
}

/** Negative when a is older than b, 0 when equal (missing parts count as 0), positive when newer. */
export function compareVersionNumbers(a: string, b: string): number {
  const pa = parseVersionNumber(a);
  const pb = parseVersionNumber(b);
  if (!pa || !pb) {
    if (pa) return 1;
    if (pb) return -1;
    return a.localeCompare(b);
  }
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** major.minor.patch, dropping a build number. */
export function formatVersionNumber(parts: VersionParts): string {
  return parts.slice(0, 3).join('.');
}
