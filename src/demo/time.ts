/** Salesforce's date-time wire format: 2024-05-01T10:00:00.000+0000. */
export function sfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export const DAY_MS = 86_400_000;

/** Midnight UTC of a calendar date. */
export function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}
