import { evalTokenValue, ForTag, TokenKind, type Context, type Emitter, type RangeToken, type Template } from 'liquidjs';

/**
 * `for` that builds only the part of a range literal it will walk. liquidjs builds `(1..n)` in full,
 * and charges all n items to the memory limit, before `offset` and `limit` cut it, so
 * `{% for i in (1..100000000) limit:3 %}` failed where Shopify iterates lazily. With a `limit`,
 * the range now stops after offset + limit items; liquidjs then applies offset, limit and
 * `reversed` to it exactly as before, so the loop, `forloop` and `offset: continue` are unchanged.
 */
export class RangeWindowForTag extends ForTag {
  override *render(ctx: Context, emitter: Emitter): Generator<unknown, void | string, Template[]> {
    const items = (yield* this.window(ctx)) as number[] | undefined;
    if (!items) return (yield super.render(ctx, emitter)) as unknown as void;
    // liquidjs evaluates a token that has `content` to that content: hand it the window.
    const collection = Object.create(this.collection, { content: { value: items } }) as RangeToken;
    const view = Object.create(this, { collection: { value: collection } }) as this;
    return (yield super.render.call(view, ctx, emitter)) as unknown as void;
  }

  /** The first offset + limit items of a range literal, or undefined when liquidjs's own way is needed. */
  private *window(ctx: Context): Generator<unknown, number[] | undefined, unknown> {
    if (this.collection.kind !== TokenKind.Range || this.liquid.options.orderedFilterParameters) return undefined;
    // The hash as liquidjs renders it, `offset: continue` included.
    ctx.push({ continue: ctx.getRegister(`continue-${this.variable}-${this.collection.getText()}`, {}) });
    const hash = (yield this.hash.render(ctx)) as Record<string, unknown>;
    ctx.pop();
    if (hash['limit'] === undefined) return undefined;
    const offset = hash['offset'] === undefined ? 0 : sliceIndex(hash['offset']);
    const limit = sliceIndex(hash['limit']);
    if (offset < 0 || limit < 0) return undefined; // counted from the end: needs the whole range
    const range = this.collection as RangeToken;
    const low = Number(yield evalTokenValue(range.lhs, ctx));
    const high = Number(yield evalTokenValue(range.rhs, ctx));
    // At least one item: an empty window would take the else branch where liquidjs (slicing a non-empty range to nothing) does not.
    const stop = Math.min(high + 1, low + Math.max(1, offset + limit));
    ctx.memoryLimit.use(Math.max(0, stop - low));
    const items: number[] = [];
    for (let i = low; i < stop; i++) items.push(i);
    return items;
  }
}

/** How Array.prototype.slice reads an index argument (liquidjs's offset and limit are slices). */
function sliceIndex(value: unknown): number {
  const n = Math.trunc(Number(value));
  return Number.isNaN(n) ? 0 : n;
}
