import * as assert from 'node:assert/strict';
import { DemoClock, sfDateTime } from '../../src/demo/time';

describe('the demo clock', () => {
  /** A monotonic timer the test moves by hand. */
  const timer = (): { elapsed: () => number; advance: (ms: number) => void } => {
    let ms = 5_000;
    return { elapsed: () => ms, advance: (by) => (ms += by) };
  };

  it("starts on the demo's today at the wall clock's time of day", () => {
    const t = timer();
    const clock = new DemoClock('2025-06-15', Date.parse('2026-11-29T10:20:30.400Z'), t.elapsed);
    assert.equal(sfDateTime(clock.now()), '2025-06-15T10:20:30.400+0000');
  });

  it('runs on past midnight into the next day instead of wrapping back to the morning', () => {
    const t = timer();
    const clock = new DemoClock('2025-06-15', Date.parse('2026-11-29T23:59:50.000Z'), t.elapsed);
    const before = clock.now();
    t.advance(20_000);
    assert.equal(sfDateTime(clock.now()), '2025-06-16T00:00:10.000+0000');
    assert.ok(clock.now() > before);
  });

  it('never goes back, whatever the timer says', () => {
    const t = timer();
    const clock = new DemoClock('2025-06-15', Date.parse('2026-11-29T08:00:00.000Z'), t.elapsed);
    t.advance(-60_000);
    assert.equal(sfDateTime(clock.now()), '2025-06-15T08:00:00.000+0000');
  });
});
