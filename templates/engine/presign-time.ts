import { LiquidError, RenderError, type Context, type Template } from 'liquidjs';
import { renderGuards } from './limits.ts';

/** Time a render spent waiting for presigned URLs, and the presign that waited longest. */
interface PresignWait {
  ms: number;
  slowest: { ms: number; token: unknown };
}

// Keyed by the render's time limiter, which the child contexts of one render share.
const waits = new WeakMap<object, PresignWait>();

/**
 * Calls `resolve` (a presign resolver) and, when it answers with a Promise (the AWS SDK, which may
 * wait for credentials), adds the time it takes to the render's presign wait, so that the
 * render-time limit can say where the time went (explainingTimeLimit). The wait ends at the
 * render's deadline with liquidjs's time-limit error: liquidjs checks the limit only between nodes,
 * so a presign that never settled (a credential provider waiting for input) hung the render, and a
 * slow last one ran past the limit unnoticed. A resolver that answers at once (deterministic,
 * local) cannot wait and is not timed.
 */
export function timedPresign<T>(ctx: Context | undefined, token: unknown, resolve: () => T | Promise<T>): T | Promise<T> {
  const started = performance.now();
  const result = resolve();
  if (!ctx || !(result instanceof Promise)) return result;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const left = deadlineOf(ctx) - performance.now();
  // No deadline (a caller lifted the limit) or one past what a timer can wait (about 24.8 days: a
  // longer delay fires at once): nothing to race against.
  const timeUp =
    left <= maxTimerMs
      ? new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(renderLimitMessage)), Math.max(0, left));
        })
      : undefined;
  return (timeUp ? Promise.race([result, timeUp]) : result).finally(() => {
    clearTimeout(timer);
    const ms = performance.now() - started;
    const wait = waits.get(ctx.renderLimit) ?? { ms: 0, slowest: { ms: -1, token } };
    wait.ms += ms;
    if (ms > wait.slowest.ms) wait.slowest = { ms, token };
    waits.set(ctx.renderLimit, wait);
  });
}

/**
 * When the render must end (performance.now() time): liquidjs keeps it in its time limiter, private
 * in its typings; gtkit's own limit from now should that field ever go.
 */
function deadlineOf(ctx: Context): number {
  const limit = (ctx.renderLimit as unknown as { limit?: unknown }).limit;
  return typeof limit === 'number' ? limit : performance.now() + renderGuards.renderLimit;
}

/** The longest delay setTimeout keeps (2^31 − 1 ms). */
const maxTimerMs = 2 ** 31 - 1;

/** liquidjs's message when a render runs past `renderLimit`. */
const renderLimitMessage = 'template render limit exceeded';

/**
 * `render`, one whole render, with its time-limit error explained: when at least half of the time
 * allowed went into presigning, the error says so and points at the slowest grant_read_access /
 * s3_presign instead of at the block or 1:1 where the limit happened to be checked. liquidjs wraps
 * the limit's error in a RenderError at the innermost block around the check, so its
 * originalError is looked at (as errors.ts failedInPresign does).
 */
export function* explainingTimeLimit(render: IterableIterator<unknown>, ctx: Context): IterableIterator<unknown> {
  try {
    return yield* render;
  } catch (error) {
    const root: unknown = LiquidError.is(error) ? ((error as { originalError?: unknown }).originalError ?? error) : error;
    const isTimeLimit = root instanceof Error && !LiquidError.is(root) && root.message === renderLimitMessage;
    const wait = waits.get(ctx.renderLimit);
    if (!isTimeLimit || !wait || wait.ms < renderGuards.renderLimit / 2) throw error;
    const problem = `${renderLimitMessage}: ${Math.round(wait.ms)} ms of it went into grant_read_access / s3_presign`;
    throw new RenderError(new Error(problem), { token: wait.slowest.token } as Template);
  }
}
