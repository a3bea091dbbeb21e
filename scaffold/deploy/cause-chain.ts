/**
 * An error and the errors along its `cause` chain, outermost first, at most five links deep (a
 * cycle or a long chain ends there). The object stores wrap an AWS or socket error with the URI
 * they were working on, so what went wrong is often a link or two down.
 *
 * @example
 * for (const link of causeChain(error)) if (isAccessDenied(link)) return explainAwsError(link, step);
 */
export function* causeChain(error: unknown): Generator<object> {
  let link = error;
  for (let depth = 0; depth < 5 && typeof link === 'object' && link !== null; depth++) {
    yield link;
    link = (link as { cause?: unknown }).cause;
  }
}
