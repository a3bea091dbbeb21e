import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A loop whose awaits settle at once (a render that reads nothing, simulated answers, the lint's
 * task inputs) never lets the event loop run: a Ctrl-C or SIGTERM, and the progress line's timer,
 * wait for its end. Awaiting what the returned function gives, once per item, lets the event loop
 * run once every `everyMs` of such work, for the cost of one setImmediate.
 *
 * @example
 * const turn = eventLoopTurns();
 * for (const i of human) { await parts.render(inputs[i]); await turn(); }
 */
export function eventLoopTurns(everyMs = 50): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    if (performance.now() - last < everyMs) return undefined;
    return nextTurn().then(() => {
      last = performance.now();
    });
  };
}
