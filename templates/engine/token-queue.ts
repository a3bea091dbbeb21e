import type { TopLevelToken } from 'liquidjs';

/** Token lists already turned into queues: a list handed on again (a block's remaining tokens) is left as it is. */
const queues = new WeakSet<TopLevelToken[]>();

/**
 * liquidjs takes tokens off the front of one array with `shift()` as it parses (the parser, block
 * bodies, capture, raw, comment), and once the array is large each shift copies all the rest:
 * parsing was quadratic in the number of tags and outputs (200,000 `{{a}}`, a 1 MB template, took
 * 15 s). The list is reversed in place and its `shift` made a `pop`, which is O(1); liquidjs
 * (10.x) reads a token list only through `shift()` and `length`, which still count what is left.
 */
export function asTokenQueue(tokens: TopLevelToken[]): TopLevelToken[] {
  if (queues.has(tokens)) return tokens;
  tokens.reverse();
  Object.defineProperty(tokens, 'shift', { value: Array.prototype.pop, configurable: true, writable: true });
  queues.add(tokens);
  return tokens;
}
