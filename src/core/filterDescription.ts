/** The short description the license views show for their filter, e.g. "Active, Trial · no sandboxes · “acme”". */
import { singleLine } from './displayText';

/** What a description needs of a view filter (the editor's TreeFilter has it). */
export interface DescribableFilter {
  readonly statuses: readonly string[];
  readonly includeSandboxes: boolean;
  readonly includeExpired: boolean;
  readonly search: string;
  readonly expiringFrom?: string;
  readonly expiringTo?: string;
  readonly expiredOnly?: boolean;
}

/** The words, so the editor can pass translated ones. */
export interface FilterWords {
  readonly noSandboxes: string;
  readonly noExpired: string;
  readonly expiredOnly: string;
  expiring(from: string, to: string): string;
  search(text: string): string;
}

export const ENGLISH_FILTER_WORDS: FilterWords = {
  noSandboxes: 'no sandboxes',
  noExpired: 'no expired',
  expiredOnly: 'expired only',
  expiring: (from, to) => `expiring ${from} – ${to}`,
  search: (text) => `“${text}”`,
};

/** Each part of the filter that narrows the view, in a fixed order, joined by " · "; empty when nothing narrows it. */
export function describeFilter(f: DescribableFilter, words: FilterWords = ENGLISH_FILTER_WORDS): string {
  const parts: string[] = [];
  if (f.statuses.length) parts.push(f.statuses.join(', '));
  if (!f.includeSandboxes) parts.push(words.noSandboxes);
  if (!f.includeExpired) parts.push(words.noExpired);
  if (f.expiredOnly) parts.push(words.expiredOnly);
  if (f.expiringFrom && f.expiringTo) parts.push(words.expiring(f.expiringFrom, f.expiringTo));
  if (f.search.trim()) parts.push(words.search(singleLine(f.search.trim(), 40)));
  return parts.join(' · ');
}
