import { describe, expect, it } from 'vitest';
import { eventLoopTurns } from '../../../scaffold/run/event-loop-turns.ts';

describe('eventLoopTurns', () => {
  it('lets a timer (a Ctrl-C handler, the progress line) run during a loop whose awaits settle at once', async () => {
    const turn = eventLoopTurns(5);
    let fired = false;
    setTimeout(() => (fired = true), 0);
    const deadline = performance.now() + 500;
    let turns = 0;
    let calls = 0;
    while (!fired && performance.now() < deadline) {
      calls++;
      const waiting = turn();
      if (waiting) turns++;
      await waiting;
    }
    expect(fired).toBe(true);
    // A turn at most every 5 ms: most calls cost nothing.
    expect(turns).toBeLessThanOrEqual(Math.ceil(calls / 2));
  });
});
