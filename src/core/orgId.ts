/**
 * Salesforce org ids come as 15-character (case-sensitive) or 18-character (15 + a checksum
 * suffix) forms. The LMA stores the 15-character form; PackageSubscriber.OrgKey is 18. Compare
 * on the first 15 characters.
 */
export type OrgKey = string & { readonly __orgKey: unique symbol };

export function orgKey(orgId: string): OrgKey {
  return orgId.trim().slice(0, 15) as OrgKey;
}

export function isSameOrg(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && orgKey(a) === orgKey(b);
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 18-character form of a 15-character id (Salesforce's case-encoding checksum). */
export function toId18(id: string): string {
  if (id.length === 18) return id;
  if (id.length !== 15) throw new RangeError(`A Salesforce id has 15 or 18 characters, not ${id.length}`);
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id.charAt(block * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return id + suffix;
}

/** Loose shape check for an org id typed by a user (00D prefix, 15 or 18 alphanumerics). */
export function looksLikeOrgId(text: string): boolean {
  return /^00D[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(text.trim());
}
