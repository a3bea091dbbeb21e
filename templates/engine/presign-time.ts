import { LiquidError, RenderError, type Context, type Liquid, type Template } from 'liquidjs';
import { renderGuards } from './limits.ts';

/** Time a render spent waiting for presigned URLs, and the presign that waited longest. */
interface PresignWait {
  ms: number;
  slowest: { ms: number; token: unknown };
}

// Keyed by the render's time limiter, which the child contexts of one render share.
const waits = new WeakMap<object, PresignWait>();

/**
 * Calls `resolve` (a presign resolver) and adds the time it takes to the render's presign wait,
 * so that the render-time limit can say where the time went (explainRenderTimeLimit).
 */
export function timedPresign<T>(ctx: Context | undefined, token: unknown, resolve: () => T | Promise<T>): T | Promise<T> {
  const started = performance.now();
  const note = (): void => {
    if (!ctx) return;
    const ms = performance.now() - started;
    const wait = waits.get(ctx.renderLimit) ?? { ms: 0, slowest: { ms: -1, token } };
    wait.ms += ms;
    if (ms > wait.slowest.ms) wait.slowest = { ms, token };
    waits.set(ctx.renderLimit, wait);
  };
  const result = resolve();
  if (result instanceof Promise) return result.finally(note);
  note();
  return result;
}

/** liquidjs's message when a render runs past `renderLimit`. */
const renderLimitMessage = 'template render limit exceeded';

/**
 * When a render runs out of time and at least half of the time allowed went into presigning
 * (the AWS SDK may wait seconds for credentials on its first call), the error says so and points
 * at the slowest grant_read_access / s3_presign instead of at the block or 1:1 where the limit
 * happened to be checked.
 */
export function explainRenderTimeLimit(engine: Liquid): void {
  const renderer = engine.renderer;
  const renderTemplates = renderer.renderTemplates.bind(renderer);
  renderer.renderTemplates = function* (templates, ctx, emitter) {
    try {
      return yield* renderTemplates(templates, ctx, emitter);
    } catch (error) {
      const wait = waits.get(ctx.renderLimit);
      const isTimeLimit = error instanceof Error && !LiquidError.is(error) && error.message === renderLimitMessage;
      if (!isTimeLimit || !wait || wait.ms < renderGuards.renderLimit / 2) throw error;
      const problem = `${renderLimitMessage}: ${Math.round(wait.ms)} ms of it went into grant_read_access / s3_presign`;
      throw new RenderError(new Error(problem), { token: wait.slowest.token } as Template);
    }
  };
}
