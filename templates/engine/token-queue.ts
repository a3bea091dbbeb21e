import type { TopLevelToken } from 'liquidjs';

/**
 * liquidjs takes tokens off the front of one array with `shift()` as it parses (the parser, block
 * bodies, capture, raw, comment), and once the array is large each shift copies all the rest:
 * parsing was quadratic in the number of tags and outputs (limits.test.ts counts the long shifts
 * of a template at maxSourceChars). The list is reversed in place and its `shift` made a `pop`,
 * which is O(1); liquidjs (10.x) reads a token list only through `shift()` and `length`, which
 * still count what is left (token-queue.test.ts checks that).
 */
export function asTokenQueue(tokens: TopLevelToken[]): TopLevelToken[] {
  // A list handed on again (a block's remaining tokens) is a queue already: its shift is its own.
  if (Object.hasOwn(tokens, 'shift')) return tokens;
  tokens.reverse();
  Object.defineProperty(tokens, 'shift', { value: Array.prototype.pop, configurable: true, writable: true });
  return tokens;
}
