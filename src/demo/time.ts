/** Salesforce's date-time wire format: 2024-05-01T10:00:00.000+0000. */
export function sfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export const DAY_MS = 86_400_000;

/** Midnight UTC of a calendar date. */
export function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/**
 * The demo's clock: it starts on the demo's "today" at the wall clock's time of day and then runs
 * forward on a monotonic timer, so every timestamp it gives is later than the one before — past
 * midnight into the next day, and unmoved by the wall clock being set back.
 */
export class DemoClock {
  private readonly startMs: number;
  private readonly startElapsed: number;

  constructor(
    today: string,
    wallMs: number = Date.now(),
    private readonly elapsed: () => number = () => performance.now(),
  ) {
    this.startMs = dayMs(today) + (wallMs % DAY_MS);
    this.startElapsed = elapsed();
  }

  now(): number {
    return this.startMs + Math.max(0, Math.floor(this.elapsed() - this.startElapsed));
  }
}
