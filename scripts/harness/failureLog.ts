/**
 * Failures, one line each, collected across the test tiers into one file, so the suite's
 * summary can repeat them at the end of a long log (CI often shows only the tail).
 * `LMA_FAILURE_LOG` names the file; without it nothing is written.
 */
import { appendFileSync } from 'node:fs';

export function logFailure(tier: string, title: string, message: string | undefined): void {
  const file = process.env.LMA_FAILURE_LOG;
  if (!file) return;
  const reason = (message ?? '').split('\n').find((line) => line.trim()) ?? '';
  appendFileSync(file, `[${tier}] ${title}\n    ${reason.trim().slice(0, 300)}\n`);
}
